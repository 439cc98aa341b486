"""`aireg build`: one graph file in two syntaxes, written whole or not at all."""

from __future__ import annotations

import pytest
from rdflib import Graph

from aireg.build import build
from aireg.cli import main
from helpers import copy_data, data_files, edit


def test_build_writes_turtle_and_ntriples_with_the_same_triples(tmp_path):
    result = build(tmp_path / "out")
    nt, ttl = result.outputs
    g_ttl = Graph().parse(ttl)
    g_nt = Graph().parse(nt, format="nt")
    assert len(g_ttl) == len(g_nt) == result.triples > 3000
    assert result.counts["instruments"] >= 10
    assert result.counts["versions"] == 6  # the AI Act's four texts, the Digital Omnibus on AI proposal and Regulation (EU) 2026/1744
    assert result.counts["thresholds"] == 8  # 6 from the newsletter's instruments, 2 from California SB 53


def test_build_is_reproducible(tmp_path):
    a = [p.read_bytes() for p in build(tmp_path / "a").outputs]
    b = [p.read_bytes() for p in build(tmp_path / "b").outputs]
    assert a == b


def test_broken_input_leaves_no_output(tmp_path, capsys):
    data = copy_data(tmp_path)
    edit(data / "actors.ttl", "id:us-doc a aireg:Agency ;", "id:us-doc a aireg:Agency ;;\n<broken")
    out = tmp_path / "out"
    code = main(["build", "-o", str(out), str(tmp_path / "missing-ontology.ttl"), *map(str, data_files(data))])
    assert code == 2
    assert "no such file" in capsys.readouterr().err
    code = main(["build", "-o", str(out), *map(str, data_files(data))])
    assert code == 2
    assert "actors.ttl:" in capsys.readouterr().err
    assert not out.exists() or list(out.iterdir()) == []


def test_cli_build_prints_counts(tmp_path, capsys):
    assert main(["build", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "triples" in out and "instruments" in out
    assert (tmp_path / "aireg.ttl").exists() and (tmp_path / "aireg.nt").exists()


def test_ntriples_escape_newlines_in_literals(tmp_path):
    src = tmp_path / "multi.ttl"
    src.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b """two\nlines""" ; ex:c [ ex:d "x" ] .\n',
                   encoding="utf-8")
    result = build(tmp_path / "out", files=[src])
    nt = result.outputs[0]
    assert len(nt.read_text(encoding="utf-8").splitlines()) == 3
    assert len(Graph().parse(nt, format="nt")) == 3


def test_equal_graphs_from_two_parses_get_equal_blank_node_names(tmp_path):
    """The same data reformatted (other blank-node labels, other order) builds to the same bytes."""
    import pyoxigraph as ox

    from aireg import paths

    src = paths.data_dir() / "eo-14110.ttl"
    quads = list(ox.parse(path=str(src), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    other = tmp_path / "eo-14110.nt"
    other.write_bytes(ox.serialize(reversed(quads), format=ox.RdfFormat.N_TRIPLES))
    a = build(tmp_path / "a", files=[src]).outputs[0].read_bytes()
    b = build(tmp_path / "b", files=[other]).outputs[0].read_bytes()
    assert a == b and b"_:t" in a


def test_deep_and_shared_blank_nodes_are_named_without_recursion(tmp_path):
    src = tmp_path / "deep.ttl"
    src.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:p " * 5000 + "1" + " ]" * 5000
                   + " .\n_:s ex:q _:s . ex:b ex:r _:x . ex:c ex:r _:x .\n", encoding="utf-8")
    result = build(tmp_path / "out", files=[src])
    assert result.triples == 5001 + 3
    assert build(tmp_path / "again", files=[src]).outputs[0].read_bytes() == result.outputs[0].read_bytes()


def test_build_refuses_a_file_over_max_bytes(tmp_path, capsys):
    big = tmp_path / "big.nt"
    big.write_text("<http://example.org/a> <http://example.org/b> \"c\" .\n" * 100, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--max-bytes", "1K", "-o", str(out), str(big)]) == 2
    err = capsys.readouterr().err
    assert "big.nt" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert main(["build", "--max-bytes", "0", "-o", str(out), str(big)]) == 0


TYPED = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:int "12"^^xsd:int ; ex:byte "7"^^xsd:byte ; ex:dec 1.0 , 1.00 ; ex:dbl "1.0E26"^^xsd:double ; ex:pos "+5"^^xsd:integer .
"""


def test_build_keeps_literals_as_written(tmp_path):
    """Oxigraph's store would write "12"^^xsd:integer, "1", and merge 1.0 with 1.00; build keeps what was written."""
    src = tmp_path / "typed.ttl"
    src.write_text(TYPED, encoding="utf-8")
    result = build(tmp_path / "out", files=[src])
    nt = result.outputs[0].read_text(encoding="utf-8")
    for term in ('"12"^^<http://www.w3.org/2001/XMLSchema#int>', '"7"^^<http://www.w3.org/2001/XMLSchema#byte>',
                 '"1.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"1.00"^^<http://www.w3.org/2001/XMLSchema#decimal>',
                 '"1.0E26"^^<http://www.w3.org/2001/XMLSchema#double>', '"+5"^^<http://www.w3.org/2001/XMLSchema#integer>'):
        assert term in nt
    assert result.triples == 6
    assert "xsd:int" in result.outputs[1].read_text(encoding="utf-8")


@pytest.mark.parametrize("literal", ['"c"^^xsd:byte', '"300"^^xsd:byte', '"1_000"^^xsd:integer', '"5000000000"^^xsd:int'])
def test_build_refuses_ill_typed_integer_subtypes(tmp_path, capsys, literal):
    src = tmp_path / "bad.ttl"
    src.write_text(TYPED.splitlines()[0] + "\n" + TYPED.splitlines()[1] + "\n\nex:a ex:v " + literal + " .\n",
                   encoding="utf-8")
    assert main(["build", "-o", str(tmp_path / "out"), str(src)]) == 2
    err = capsys.readouterr().err
    assert f"{src}:4:" in err and "ill-typed literal" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


TRIG = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p "default" .
ex:g1 { ex:a ex:p "one" ; ex:q [ ex:r "x" ] . }
ex:g2 { ex:a ex:p "two" . ex:a ex:p "default" . }
"""


def test_named_graphs_are_kept_beside_their_union(tmp_path, capsys):
    src = tmp_path / "graphs.trig"
    src.write_text(TRIG, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), str(src)]) == 0
    printed = capsys.readouterr().out
    assert "2 named graph(s): kept in aireg.trig and aireg.nq" in printed
    assert sorted(p.name for p in out.iterdir()) == ["aireg.nq", "aireg.nt", "aireg.trig", "aireg.ttl", "manifest.json"]
    assert len((out / "aireg.nt").read_text(encoding="utf-8").splitlines()) == 5
    quads = (out / "aireg.nq").read_text(encoding="utf-8").splitlines()
    assert len(quads) == 6
    assert sum(line.endswith("<http://example.org/g2> .") for line in quads) == 2
    import pyoxigraph as ox

    assert len(list(ox.parse(path=str(out / "aireg.trig")))) == 6
    assert main(["build", "--merge-graphs", "-o", str(out), str(src)]) == 0
    assert "merged into aireg.ttl and aireg.nt (--merge-graphs)" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["aireg.nt", "aireg.ttl", "manifest.json"]


def test_relative_iris_resolve_against_a_stable_base_never_the_local_path(tmp_path, capsys):
    src = tmp_path / "rel.ttl"
    src.write_text("<#a> <p> <../b> .\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), str(src)]) == 0
    nt = (out / "aireg.nt").read_text(encoding="utf-8")
    assert "file:" not in nt and str(tmp_path) not in nt
    assert "<https://w3id.org/aireg/input/rel.ttl#a>" in nt
    assert main(["build", "--base", "https://example.org/data/x.ttl", "-o", str(out), str(src)]) == 0
    nt = (out / "aireg.nt").read_text(encoding="utf-8")
    assert "<https://example.org/data/x.ttl#a> <https://example.org/data/p> <https://example.org/b> ." in nt
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["build", "--base", "not an iri", str(src)])


@pytest.mark.parametrize("given,out", [("{data}", "{data}"), ("{data}", "{data}/out"), ("{data}/eo-14110.ttl", "{data}")])
def test_build_refuses_to_write_where_its_inputs_are_read_from(tmp_path, capsys, monkeypatch, given, out):
    """`aireg build -o data` wrote aireg.ttl and aireg.nt into data/, read back as data by every later command."""
    data = copy_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in data.iterdir())
    assert main(["build", "-o", out.format(data=data), given.format(data=data)]) == 2
    err = capsys.readouterr().err
    assert "is where the inputs are read from" in err and err.count("\n") == 1, err
    assert sorted(p.name for p in data.iterdir()) == before


def test_build_refuses_the_current_folder_and_those_above(tmp_path, capsys, monkeypatch):
    """`-o ..` would swap away the folder the user stands in ([Errno 16] for `-o .` before)."""
    (tmp_path / "src").mkdir()
    src = tmp_path / "src" / "in.ttl"
    src.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for target in (".", "..", str(tmp_path)):
        assert main(["build", "-o", target, str(src)]) == 2
        err = capsys.readouterr().err
        assert "current folder or one above it" in err and "Errno" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src", "work"]
