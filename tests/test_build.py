"""`aireg build`: one graph file in two syntaxes, written whole or not at all."""

from __future__ import annotations

from rdflib import Graph

from aireg.build import build
from aireg.cli import main
from helpers import copy_data, data_files, edit


def test_build_writes_turtle_and_ntriples_with_the_same_triples(tmp_path):
    result = build(tmp_path / "out")
    ttl, nt = result.outputs
    g_ttl = Graph().parse(ttl)
    g_nt = Graph().parse(nt, format="nt")
    assert len(g_ttl) == len(g_nt) == result.triples > 3000
    assert result.counts["instruments"] >= 10
    assert result.counts["versions"] == 5  # the AI Act's four texts and the Digital Omnibus on AI proposal
    assert result.counts["thresholds"] == 8  # 6 from the newsletter's instruments, 2 from California SB 53


def test_build_is_reproducible(tmp_path):
    a = build(tmp_path / "a").outputs[1].read_bytes()
    b = build(tmp_path / "b").outputs[1].read_bytes()
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
    nt = result.outputs[1]
    assert len(nt.read_text(encoding="utf-8").splitlines()) == 3
    assert len(Graph().parse(nt, format="nt")) == 3


def test_equal_graphs_from_two_parses_get_equal_blank_node_names():
    from aireg import load_graph
    from aireg.bnodes import relabelled

    a = relabelled(load_graph(engine="rdflib"))
    b = relabelled(load_graph(engine="rdflib"))
    assert a is not None and a == b


def test_build_refuses_a_file_over_max_bytes(tmp_path, capsys):
    big = tmp_path / "big.nt"
    big.write_text("<http://example.org/a> <http://example.org/b> \"c\" .\n" * 100, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--max-bytes", "1K", "-o", str(out), str(big)]) == 2
    err = capsys.readouterr().err
    assert "big.nt" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert main(["build", "--max-bytes", "0", "-o", str(out), str(big)]) == 0
