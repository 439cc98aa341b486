"""aireg export: the networkx view of the bundled graph, and each format read back by its own reader."""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from aireg.cli import main
from aireg.errors import InputError
from aireg.export import export
from aireg.export import view as views
from aireg.namespaces import AIREG, ID

EO = str(ID["eo-14110"])
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HAS_DOT = shutil.which("dot") is not None


def rdf_label(graph, node: str, lang: str) -> str:
    tag = "zh-hant" if lang == "zh" else "en"
    values = [str(v) for v in graph.objects(URIRef(node), RDFS.label)
              if isinstance(v, Literal) and (v.language or "").lower() == tag]
    assert values, f"{node} has no rdfs:label@{tag} in the bundled data"
    return sorted(values)[0]


@pytest.fixture(scope="module")
def full(graph):
    return views.build_graph(graph, lang="en")


@pytest.fixture(scope="module")
def full_zh(graph):
    return views.build_graph(graph, lang="zh")


# -- the view ------------------------------------------------------------------------------


def test_eo_14110_node_attributes(graph, full, full_zh):
    node = full.nodes[EO]
    assert node["kind"] == "instrument"
    assert node["type"] == "ExecutiveOrder"
    assert node["label"] == node["label_en"] == rdf_label(graph, EO, "en")
    assert node["label_zh"] == rdf_label(graph, EO, "zh")
    assert full_zh.nodes[EO]["label"] == rdf_label(graph, EO, "zh")
    assert node["date"] == "2023-10-30"
    assert node["jurisdiction"] == "US"
    assert "p. " in node["citation"] and "\u201c" in node["citation"]


def test_kinds_follow_the_class_hierarchy(full):
    kinds = {k for _, k in full.nodes(data="kind")}
    assert {"instrument", "instrument-version", "provision", "norm", "condition", "actor"} <= kinds
    # Versions are drafts and adopted texts: subclasses of aireg:InstrumentVersion.
    versions = [d for _, d in full.nodes(data=True) if d["kind"] == "instrument-version"]
    assert versions and all(d["type"] in ("DraftVersion", "AdoptedVersion", "InstrumentVersion") for d in versions)
    # Obligations, prohibitions and permissions are norms; thresholds and groups conditions
    types = {d["type"] for _, d in full.nodes(data=True) if d["kind"] == "norm"}
    assert {"Obligation", "Prohibition", "Permission"} <= types
    assert {"Threshold", "ConditionGroup"} <= {d["type"] for _, d in full.nodes(data=True) if d["kind"] == "condition"}


def test_kinds_are_the_ontology_root_classes(graph, full):
    from rdflib.namespace import OWL

    roots = set()
    for cls in graph.subjects(RDF.type, OWL.Class):
        own_parents = [p for p in graph.objects(cls, RDFS.subClassOf) if str(p).startswith(str(AIREG))]
        if str(cls).startswith(str(AIREG)) and not own_parents:
            roots.add(views.kinds.kebab(str(cls).split("#")[1]))
    # a node typed only with another vocabulary's class that no aireg: class refines
    # (the graph's own dcat/void dataset record) is of that class's kind
    foreign = {views.kinds.kebab(views.local_name(t)) for t in graph.objects(None, RDF.type)
               if not str(t).startswith(str(AIREG))}
    assert {k for _, k in full.nodes(data="kind")} <= roots | foreign
    assert {"instrument", "norm", "condition", "provision"} <= {k for _, k in full.nodes(data="kind")} & roots
    # the palette names no kind the ontology lacks
    assert set(views.kinds.STYLE) <= roots | {"class"}
    # the legend labels are the root classes' own labels
    assert full.graph["kinds"]["norm"] == {"en": "norm", "zh": "規範義務"}
    assert full.graph["kinds"]["instrument"]["zh"] == "規範文件"


def test_export_names_only_terms_of_the_ontology_and_data(graph):
    """No hand list of terms that occur nowhere: every term named in export/ is in the graph."""
    import pathlib

    from rdflib.namespace import DCTERMS, PROV, SKOS

    from aireg.namespaces import ELI, OA, ODRL, SCHEMA

    spaces = {"AIREG": AIREG, "ELI": ELI, "OA": OA, "DCTERMS": DCTERMS, "PROV": PROV, "SCHEMA": SCHEMA,
              "SKOS": SKOS, "ODRL": ODRL}
    used = {t for triple in graph for t in triple}
    folder = pathlib.Path(views.__file__).parent
    missing = []
    for path in sorted(folder.glob("*.py")):
        for space, name in re.findall(r"\b(AIREG|ELI|OA|DCTERMS|PROV|SCHEMA|SKOS|ODRL)\.([A-Za-z_]\w*)", path.read_text()):
            if URIRef(str(spaces[space]) + name) not in used:
                missing.append(f"{path.name}: {space}.{name}")
    assert not missing


def test_schema_and_bookkeeping_are_not_drawn(full):
    assert not [n for n in full if n.startswith(str(AIREG))], "ontology terms drawn as nodes"
    assert not [n for n, k in full.nodes(data="kind") if k in ("citation", "class")]
    assert not [n for n in full if n.startswith("_:")], "blank nodes (citations, selectors) drawn"
    predicates = {p for _, _, p in full.edges(data="predicate")}
    assert str(RDF.type) not in predicates
    assert str(RDFS.label) not in predicates
    assert str(AIREG.citation) not in predicates
    assert str(AIREG.jurisdiction) not in predicates


def test_with_provenance_draws_citations_and_types(graph, full):
    prov = views.build_graph(graph, lang="en", with_provenance=True)
    assert prov.number_of_nodes() > full.number_of_nodes()
    assert any(k == "citation" for _, k in prov.nodes(data="kind"))
    predicates = {p for _, _, p in prov.edges(data="predicate")}
    assert str(AIREG.citation) in predicates and str(RDF.type) in predicates


def test_edges_carry_predicate_and_label(full):
    for _u, _v, d in full.edges(data=True):
        assert d["predicate"].startswith("http")
        assert d["label"] and d["label_en"] and d["label_zh"]
    labels = {d["label"] for _, v, d in full.edges(data=True)}
    assert "has legal basis" in labels


@pytest.mark.parametrize("ident", ["eo-14110", "id:eo-14110", EO, f"<{EO}>", "EO-14110"])
def test_view_ids_in_every_form(full, ident):
    sub = views.select(full, f"instrument:{ident}")
    assert sub.graph["focus"] == EO
    assert EO in sub


def test_instrument_view_depth(full):
    zero = views.select(full, "instrument:eo-14110", depth=0)
    one = views.select(full, "instrument:eo-14110", depth=1)
    two = views.select(full, "instrument:eo-14110", depth=2)
    assert list(zero) == [EO]
    assert 1 < len(one) < len(two) <= len(full)
    assert set(one) == {EO} | set(full.successors(EO)) | set(full.predecessors(EO))


def test_legal_basis_view_reaches_the_orders_resting_on_the_dpa(full):
    sub = views.select(full, "legal-basis:dpa")
    assert str(ID["dpa"]) in sub and EO in sub
    assert any(d["kind"] == "norm" for _, d in sub.nodes(data=True))


def test_legal_basis_view_of_an_instrument_climbs_to_the_code_sections(full):
    sub = views.select(full, "legal-basis:eo-14110")
    assert sub.graph["focus"] == EO
    # EO 14110 -> its Sec. 4.2 norms -> 50 U.S.C. 4555, part of the DPA; IEEPA; EO 13984 (supplemented) -> IEEPA
    for name in ("usc-50-4555", "dpa", "ieepa", "eo-13984", "eo-14110-sec-4-2-a"):
        assert str(ID[name]) in sub, name
    assert sub.has_edge(str(ID["usc-50-4555"]), str(ID["dpa"]))
    assert sub.has_edge(str(ID["eo-13984"]), str(ID["ieepa"]))
    # nothing unrelated: no actor, no version of the AI Act
    assert not {k for _, k in sub.nodes(data="kind")} & {"actor", "instrument-version"}


def test_legal_basis_error_lists_the_real_ids(full):
    with pytest.raises(InputError) as err:
        views.select(full, "legal-basis:eo-1411")
    text = str(err.value)
    assert text.startswith("unknown legal basis 'eo-1411'; known: eo-14110")
    for name in ("dpa", "ieepa", "eo-13873", "eo-13984"):
        assert name in text


def test_instrument_view_depth_reaches_norms_and_thresholds(full):
    deep = views.select(full, "instrument:eo-14110", depth=5)
    assert str(ID["eo-14110-thr-training-1e26"]) in deep and str(ID["eo-14110-thr-bio-1e23"]) in deep
    assert str(ID["eo-14110-obl-commerce-reporting-rules"]) in deep
    assert "norm" not in {k for _, k in views.select(full, "instrument:eo-14110", depth=1).nodes(data="kind")}


@pytest.mark.skipif(not HAS_DOT, reason="graphviz dot is not installed (Debian: graphviz; .ci/run installs it)")
def test_versions_run_left_to_right(graph, tmp_path):
    out = tmp_path / "v.svg"
    assert main(["export", "--view", "versions:eu-ai-act", "--format", "svg", "--renderer", "graphviz", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    xs = {}
    for title, body in re.findall(r"<title>(https://w3id.org/aireg/id/[^<]+)</title>(.*?)</g>", svg, re.S):
        m = re.search(r'<text[^>]* x="([-\d.]+)"', body)
        if m and "&gt;" not in title:
            xs[html.unescape(title).rsplit("/", 1)[1]] = float(m.group(1))
    order = ["eu-ai-act-com-2021", "eu-ai-act-council-2022", "eu-ai-act-ep-2023", "eu-ai-act-2024-1689"]
    assert all(o in xs for o in order), xs
    assert all(xs[a] < xs[b] for a, b in zip(order, order[1:])), xs


def test_actors_and_versions_views(full):
    actors = views.select(full, "actors")
    assert {"actor", "role"} & {k for _, k in actors.nodes(data="kind")}
    versions = views.select(full, "versions:eu-ai-act")
    kinds = [k for _, k in versions.nodes(data="kind")]
    assert kinds.count("instrument-version") >= 2 and set(kinds) <= {"instrument", "instrument-version", "event"}


@pytest.mark.parametrize("view_spec, message", [
    ("instrument:eo-99999", "unknown instrument 'eo-99999'"),
    ("instrument:us-president", "not instrument"),
    ("instrument:", "needs an identifier"),
    ("legal-basis:nothing-here", "unknown legal basis"),
    ("everything", "unknown view"),
    ("actors:x", "takes no identifier"),
])
def test_bad_views_are_input_errors(full, view_spec, message):
    with pytest.raises(InputError, match=re.escape(message)):
        views.select(full, view_spec)


# -- formats, read back ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_graphml_round_trip(graph, tmp_path, lang):
    out = tmp_path / "g.graphml"
    export(graph, "graphml", out, view="all", lang=lang)
    back = nx.read_graphml(out)
    expected = views.build_view(graph, "all", lang=lang)
    assert back.number_of_nodes() == expected.number_of_nodes()
    assert back.number_of_edges() == expected.number_of_edges()
    assert back.nodes[EO]["kind"] == "instrument"
    assert back.nodes[EO]["label"] == rdf_label(graph, EO, lang)
    assert back.nodes[EO]["date"] == "2023-10-30"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gexf_round_trip(graph, tmp_path, lang):
    out = tmp_path / "g.gexf"
    export(graph, "gexf", out, view="instrument:eo-14110", lang=lang)
    back = nx.read_gexf(out)
    expected = views.build_view(graph, "instrument:eo-14110", lang=lang)
    assert back.number_of_nodes() == expected.number_of_nodes()
    assert back.nodes[EO]["kind"] == "instrument"
    assert back.nodes[EO]["label"] == rdf_label(graph, EO, lang)
    assert "viz" in back.nodes[EO]


def test_dot_is_stable_and_quotes_labels(graph, tmp_path):
    a, b = tmp_path / "a.dot", tmp_path / "b.dot"
    export(graph, "dot", a, view="instrument:eo-14110")
    export(graph, "dot", b, view="instrument:eo-14110")
    text = a.read_text(encoding="utf-8")
    assert text == b.read_text(encoding="utf-8")
    assert text.startswith("digraph aireg {") and f'"{EO}"' in text
    assert "cluster_legend" in text


@pytest.mark.skipif(not HAS_DOT, reason="graphviz dot is not installed (Debian package graphviz)")
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_graphviz_pictures(graph, tmp_path, fmt):
    out = tmp_path / f"eo.{fmt}"
    report = export(graph, fmt, out, view="instrument:eo-14110", renderer="graphviz")
    assert "graphviz" in report
    check_picture(out, fmt, "Executive Order 14110")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_matplotlib_pictures(graph, tmp_path, fmt):
    out = tmp_path / f"eo.{fmt}"
    report = export(graph, fmt, out, view="instrument:eo-14110", renderer="matplotlib")
    assert "matplotlib" in report
    check_picture(out, fmt, "Executive Order 14110")


def test_auto_renderer_falls_back_without_dot(graph, tmp_path, monkeypatch):
    from aireg.export import render

    monkeypatch.setattr(render, "dot_binary", lambda: None)
    out = tmp_path / "eo.svg"
    report = export(graph, None, out, view="instrument:eo-14110")
    assert "matplotlib (graphviz dot not found)" in report
    check_picture(out, "svg", "Executive Order 14110")
    with pytest.raises(InputError, match="dot program is not installed"):
        export(graph, "svg", tmp_path / "x.svg", view="instrument:eo-14110", renderer="graphviz")
    assert not (tmp_path / "x.svg").exists()


def check_picture(path, fmt, text):
    data = path.read_bytes()
    if fmt == "png":
        assert data.startswith(PNG_MAGIC)
        return
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    words = " ".join("".join(el.itertext()) for el in root.iter())
    assert text in words


def test_cytoscape_json(graph, tmp_path):
    out = tmp_path / "g.cyjs"
    export(graph, "cytoscape", out, view="all", lang="zh")
    doc = json.loads(out.read_text(encoding="utf-8"))
    nodes = doc["elements"]["nodes"]
    edges = doc["elements"]["edges"]
    expected = views.build_view(graph, "all", lang="zh")
    assert len(nodes) == expected.number_of_nodes() and len(edges) == expected.number_of_edges()
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    eo = next(n["data"] for n in nodes if n["data"]["id"] == EO)
    assert eo["kind"] == "instrument" and eo["label"] == rdf_label(graph, EO, "zh")
    assert eo["color"].startswith("#")


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_jsonld_triples_survive(graph, tmp_path):
    out = tmp_path / "eo.jsonld"
    export(graph, "jsonld", out, view="instrument:eo-14110")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"]["id"] == str(ID) and doc["@context"]["aireg"] == str(AIREG)
    back = Graph().parse(out, format="json-ld")
    eo = URIRef(EO)
    assert (eo, RDF.type, AIREG.ExecutiveOrder) in back
    assert (eo, RDFS.label, Literal(rdf_label(graph, EO, "zh"), lang="zh-Hant")) in back
    sub = views.build_view(graph, "instrument:eo-14110")
    for u, v, d in sub.edges(data=True):
        assert (URIRef(u), URIRef(d["predicate"]), URIRef(v)) in back
    # Every triple written (blank nodes aside) is a triple of the bundled graph.
    ground = [t for t in back if not any(isinstance(x, BNode) for x in t)]
    assert ground and all(t in graph for t in ground)


def test_html_page_is_self_contained(graph, tmp_path):
    out = tmp_path / "g.html"
    report = export(graph, "html", out, view="all", lang="zh")
    assert "works offline" in report
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src\s*=", page, re.I)
    assert not re.search(r"<link[^>]+href\s*=\s*[\"']?https?:", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?https?:", page, re.I)
    assert "vis.Network" in page and "window.aireg" in page
    data = re.search(r'<script type="application/json" id="aireg-data">(.*?)</script>', page, re.S).group(1)
    parsed = json.loads(data)
    assert len(parsed["nodes"]) == views.build_view(graph, "all").number_of_nodes()
    eo = next(n for n in parsed["nodes"] if n["id"] == EO)
    assert eo["label_zh"] == rdf_label(graph, EO, "zh") and eo["label_en"] == rdf_label(graph, EO, "en")


def test_html_escapes_markup_in_data(tmp_path):
    from aireg.export.html import to_html

    G = nx.MultiDiGraph(view="all", lang="en")
    G.add_node("x", label="</script><script>alert(1)</script>", label_en="</script>", label_zh="<b>",
               kind="instrument", curie="id:x")
    page = to_html(G)
    data = re.search(r'<script type="application/json" id="aireg-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and json.loads(data)["nodes"][0]["label_en"] == "</script>"


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_timeline(graph, tmp_path, suffix):
    out = tmp_path / f"timeline.{suffix}"
    report = export(graph, "timeline", out)
    assert "jurisdiction rows" in report
    if suffix == "png":
        assert out.read_bytes().startswith(PNG_MAGIC)
    else:
        root = ET.fromstring(out.read_bytes())
        text = " ".join("".join(el.itertext()) for el in root.iter())
        for label in ("US", "EU", "Executive Order 14110", "2023-10-30"):
            assert label in text


def test_timeline_needs_dated_items(graph, tmp_path):
    out = tmp_path / "t.png"
    with pytest.raises(InputError, match="no dated"):
        export(graph, "timeline", out, view="actors", depth=0)
    assert not out.exists()


# -- the command ----------------------------------------------------------------------------


def run_cli(capsys, *argv):
    code = main(["export", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_writes_and_reports(capsys, tmp_path):
    out = tmp_path / "nested" / "eo.graphml"
    code, stdout, err = run_cli(capsys, "--view", "instrument:id:eo-14110", "--lang", "zh", "-o", str(out))
    assert code == 0, err
    assert stdout.startswith(f"wrote {out}")
    assert nx.read_graphml(out).nodes[EO]["kind"] == "instrument"


@pytest.mark.parametrize("argv, message", [
    (["--view", "instrument:eo-0"], "unknown instrument"),
    (["--format", "pdf"], "unknown format 'pdf'"),
    (["--view", "nonsense"], "unknown view"),
    (["--depth", "-1", "--view", "instrument:eo-14110"], "--depth must be 0 or more"),
])
def test_cli_bad_input_is_one_line_exit_2_and_no_file(capsys, tmp_path, argv, message):
    out = tmp_path / "out.svg"
    code, stdout, err = run_cli(capsys, *argv, "-o", str(out))
    assert code == 2
    assert message in err and err.count("\n") == 1 and err.startswith("aireg export: error:")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_cli_unknown_suffix(capsys, tmp_path):
    code, _, err = run_cli(capsys, "-o", str(tmp_path / "graph.xyz"))
    assert code == 2 and "cannot tell the format" in err


def test_cli_unwritable_outputs(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run_cli(capsys, "-o", str(blocker / "out.svg"))
    assert code == 2 and "not a folder" in err and err.count("\n") == 1
    code, _, err = run_cli(capsys, "-o", str(tmp_path), "--format", "svg")
    assert code == 2 and "is a folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_failed_render_leaves_no_file(graph, tmp_path, monkeypatch):
    from aireg.export import render

    monkeypatch.setattr(render, "dot_binary", lambda: shutil.which("false") or "/bin/false")
    out = tmp_path / "eo.svg"
    with pytest.raises(InputError, match="graphviz dot failed"):
        export(graph, "svg", out, view="instrument:eo-14110")
    assert list(tmp_path.iterdir()) == []


def test_existing_file_survives_a_failed_export(capsys, tmp_path):
    out = tmp_path / "keep.svg"
    out.write_text("<svg/>")
    code, _, _ = run_cli(capsys, "--view", "instrument:nope", "-o", str(out))
    assert code == 2 and out.read_text() == "<svg/>"


def test_same_view_on_both_engines(graph, rdflib_graph, full):
    other = views.build_graph(rdflib_graph, lang="en")
    assert dict(other.nodes(data=True)) == dict(full.nodes(data=True))

    def edges(G):
        return sorted((u, v, d["predicate"]) for u, v, d in G.edges(data=True))
    assert edges(other) == edges(full)


def test_cli_exports_a_users_file_with_the_bundled_ontology(capsys, tmp_path):
    data = tmp_path / "mine.ttl"
    data.write_text(
        "@prefix aireg: <https://w3id.org/aireg/ont#> .\n"
        "@prefix id: <https://w3id.org/aireg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'id:my-order a aireg:ExecutiveOrder ; rdfs:label "My order"@en , "我的命令"@zh-Hant ;\n'
        "    aireg:hasLegalBasis id:my-statute .\n"
        'id:my-statute a aireg:Statute ; rdfs:label "My statute"@en .\n',
        encoding="utf-8",
    )
    out = tmp_path / "mine.cyjs"
    code, _, err = run_cli(capsys, str(data), "--view", "legal-basis:my-statute", "--lang", "zh", "-o", str(out))
    assert code == 0, err
    nodes = {n["data"]["id"]: n["data"] for n in json.loads(out.read_text(encoding="utf-8"))["elements"]["nodes"]}
    assert set(nodes) == {str(ID["my-order"]), str(ID["my-statute"])}
    assert nodes[str(ID["my-order"])]["label"] == "我的命令"
    assert nodes[str(ID["my-statute"])]["label"] == "My statute"  # falls back to English


# -- Chinese in pictures -------------------------------------------------------------------


def test_zh_picture_titles_and_legends(graph):
    from aireg.export import dot

    G = views.build_view(graph, "legal-basis:eo-14110", lang="zh")
    source = dot.to_dot(G)
    assert 'label="aireg · ' + G.nodes[EO]["label_zh"] + '的法源"' in source
    assert 'label="類型"' in source and 'label="規範文件"' in source and 'label="規範義務"' in source
    assert 'label="kinds"' not in source and 'label="instrument"' not in source
    en = dot.to_dot(views.build_view(graph, "legal-basis:eo-14110", lang="en"))
    assert 'label="aireg · legal bases of Executive Order 14110"' in en and 'label="kinds"' in en


def test_zh_timeline_has_no_english_words(graph, tmp_path):
    out = tmp_path / "t.svg"
    export(graph, "timeline", out, lang="zh")
    texts = re.findall(r">([^<>]+)</text>", out.read_text(encoding="utf-8"))
    assert "管轄" in texts and "美國" in texts and "歐盟" in texts
    assert any(t.startswith("aireg 時間軸 · 全圖") for t in texts)
    words = {w for t in texts for w in re.findall(r"[A-Za-z]{4,}", t)}
    assert not {"jurisdiction", "timeline", "instrument", "version", "event", "International"} & words, words


@pytest.mark.slow  # rebuilding matplotlib's font list reads every system font
def test_cjk_font_found_after_a_stale_font_list(monkeypatch):
    """A font installed after matplotlib cached its list is found by rescanning once."""
    from matplotlib import font_manager

    from aireg.export import mpl

    mpl.cjk_font.cache_clear()
    if mpl.cjk_font() is None:
        pytest.skip("no CJK font on this machine (Debian: fonts-noto-cjk; .ci/run installs it)")
    stale = font_manager.FontManager.__new__(font_manager.FontManager)
    stale.__dict__.update(font_manager.fontManager.__dict__)
    stale.ttflist = [f for f in font_manager.fontManager.ttflist
                     if not any(f.name.startswith(h) for h in mpl.CJK_FONT_HINTS)]
    monkeypatch.setattr(font_manager, "fontManager", stale)
    mpl.cjk_font.cache_clear()
    try:
        assert mpl.cjk_font() is not None
    finally:
        mpl.cjk_font.cache_clear()


def test_matplotlib_labels_use_the_cjk_font(graph, tmp_path):
    """networkx's own font_family would skip the CJK font: every text of a zh picture names it."""
    from aireg.export import mpl

    if mpl.cjk_font() is None:
        pytest.skip("no CJK font on this machine (Debian: fonts-noto-cjk; .ci/run installs it)")
    out = tmp_path / "m.svg"
    export(graph, "svg", out, view="legal-basis:eo-14110", lang="zh", renderer="matplotlib")
    styles = re.findall(r'font-family: ([^;"]+)', out.read_text(encoding="utf-8"))
    assert styles and all(mpl.cjk_font() in s for s in styles), set(styles)
    assert mpl.cjk_font().startswith(("Noto Sans CJK TC", "Noto Sans TC")) or "TC" not in " ".join(
        f.name for f in __import__("matplotlib").font_manager.fontManager.ttflist if "CJK" in f.name)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "svg"])
def test_a_control_character_in_a_label_keeps_the_xml_well_formed(tmp_path, capsys, fmt):
    """A label holding ESC or a form feed was written raw: the GraphML, GEXF and SVG were not well-formed
    XML (exit 0 all the same), and yEd or Gephi refused them."""
    data = tmp_path / "d.ttl"
    data.write_text('@prefix aireg: <https://w3id.org/aireg/ont#> .\n'
                    '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                    '<http://example.org/i> a aireg:Instrument ; rdfs:label "bad\\u001b[2J\\u000c label" .\n',
                    encoding="utf-8")
    out = tmp_path / f"g.{fmt}"
    assert main(["export", "--format", fmt, "--renderer", "auto", "-o", str(out), str(data)]) == 0
    capsys.readouterr()
    text = out.read_text(encoding="utf-8")
    ET.fromstring(text.encode("utf-8"))
    assert "\x1b" not in text and "\\u001b[2J\\u000c label" in html.unescape(text)


def test_every_edge_of_the_chinese_picture_is_labelled_in_chinese(graph):
    """eli:amends, skos:broader, skos:narrower and skos:related were drawn in English in a --lang zh picture."""
    G = views.build_view(graph, "all", lang="zh")
    english = sorted({d["label"] for *_, d in G.edges(keys=True, data=True)
                      if d.get("label") and not re.search(r"[\u4e00-\u9fff]", d["label"])})
    assert english == []



def test_the_in_memory_copy_gives_the_same_instance_graph_as_the_store(graph):
    """export reads an Oxigraph graph through one in-memory copy: the instance graph every format writes,
    nodes, edges, attributes and their order, is the one built look-up by look-up from the store (one
    load, so blank-node citations keep their ids in both)."""
    from aireg.export import readcopy
    from aireg.export.instance_graph import build_graph

    copy = readcopy.readable(graph)
    assert type(graph.store).__name__ == "OxigraphStore" and type(copy.store).__name__ == "FrozenTriples"
    assert readcopy.readable(copy) is copy
    direct, copied = build_graph(graph, "zh", with_provenance=True), build_graph(copy, "zh", with_provenance=True)
    assert any(n.startswith("_:") for n in direct)  # blank-node citations are in it
    assert list(copied.nodes(data=True)) == list(direct.nodes(data=True))
    assert list(copied.edges(keys=True, data=True)) == list(direct.edges(keys=True, data=True))
    assert copied.graph == direct.graph


@pytest.mark.slow  # each case builds the whole instance graph twice, once look-up by look-up from the store
@pytest.mark.parametrize("fmt, view, lang, prov", [
    ("graphml", "all", "zh", True), ("dot", "instrument:eo-14110", "en", False), ("jsonld", "all", "en", True),
    ("html", "all", "zh", True), ("timeline-svg", "all", "zh", False)])
def test_the_in_memory_copy_exports_the_same_bytes_as_the_store(graph, tmp_path, monkeypatch, fmt, view, lang, prov):
    """The files themselves, formats that read the RDF graph beside the instance graph included (JSON-LD,
    the page's periods, the timeline's application dates), are byte for byte those written from the store."""
    from aireg.export import readcopy

    suffix = {"timeline-svg": "svg"}.get(fmt, fmt)
    copied, direct = tmp_path / f"copy.{suffix}", tmp_path / f"direct.{suffix}"
    export(graph, fmt, copied, view=view, lang=lang, with_provenance=prov)
    monkeypatch.setattr(readcopy, "readable", lambda rdf: rdf)
    export(graph, fmt, direct, view=view, lang=lang, with_provenance=prov)
    assert copied.read_bytes() == direct.read_bytes()
