"""Every option an error message names exists on the command that printed it.

The size limit is the case users met: `publish` and `serve` told them to raise
``--max-bytes``, an option they did not accept. Each command that reads RDF
files is run on a file over the limit; every ``--option`` in its message must
be one of that command's options, and ``--max-bytes`` must lift the limit.
"""

from __future__ import annotations

import re

import pytest

from aireg.cli import build_parser, main

TTL = "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\n"


def _options(command: str) -> set[str]:
    parser = build_parser([command], only_chosen=True)
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    return {flag for action in sub._actions for flag in action.option_strings}


def _commands(data, out):
    return {
        "build": ["build", str(data), "-o", str(out / "build")],
        "validate": ["validate", str(data)],
        "diff": ["diff", str(data), str(data)],
        "publish": ["publish", str(data), "--endpoint", "http://127.0.0.1:9/store"],
        "serve": ["serve", "--graph", str(data), "--port", "0"],
        "query": ["query", "thresholds", str(data)],
        "export": ["export", str(data), "-o", str(out / "graph.graphml")],
        "docs": ["docs", "--ontology", str(data), "-o", str(out / "docs.html")],
    }


@pytest.mark.parametrize("command", list(_commands("x", __import__("pathlib").Path("y"))))
def test_size_limit_message_names_only_options_the_command_has(command, tmp_path, monkeypatch, capsys):
    data = tmp_path / "data.ttl"
    data.write_text(TTL, encoding="utf-8")
    monkeypatch.setenv("AIREG_MAX_BYTES", "10")
    assert main(_commands(data, tmp_path)[command]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "over the 10 bytes limit" in err, err  # the data or the bundled ontology
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", err))
    assert "--max-bytes" in named
    assert named <= _options(command), f"aireg {command} has no {named - _options(command)}"


@pytest.mark.parametrize("command", ["validate", "query", "docs"])
def test_max_bytes_lifts_the_limit(command, tmp_path, monkeypatch, capsys):
    data = tmp_path / "data.ttl"
    data.write_text(TTL, encoding="utf-8")
    monkeypatch.setenv("AIREG_MAX_BYTES", "10")
    argv = _commands(data, tmp_path)[command] + ["--max-bytes", "1M"]
    main(argv)
    assert "bytes limit" not in capsys.readouterr().err


COMMANDS = ["assess", "build", "cite", "compare", "diff", "docs", "export", "publish", "query", "serve", "validate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_usage_error_is_one_line_naming_the_command(command, capsys):
    """An unknown option or a bad choice is one line and exit 2 on every command (argparse printed the
    whole usage block first on validate, build, diff, export, docs, publish and serve)."""
    for argv in ([command, "--no-such-option"], [command, "--format"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        captured = capsys.readouterr()
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"aireg {command}: error: "), captured.err
        assert lines[0].endswith(f"(see aireg {command} --help)") and captured.out == ""


def test_a_bad_severity_for_the_gate_is_one_line(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate", "--severity", "info"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'info'" in err, err


def test_files_after_an_option_are_files(tmp_path, capsys):
    """`aireg validate a.ttl --format json b.ttl` said "unrecognized arguments: b.ttl" (argparse gives the
    positional files their values before the first option); so did build, export and query."""
    import json

    a = tmp_path / "a.ttl"
    a.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    b = tmp_path / "b.ttl"
    b.write_text('<http://example.org/c> <http://example.org/d> "x"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
                 encoding="utf-8")
    assert main(["validate", str(a), "--format", "json", str(b)]) == 2  # b is read: its date is ill-typed
    assert "b.ttl:1: ill-typed literal" in capsys.readouterr().err
    assert main(["build", str(a), "-o", str(tmp_path / "out"), str(a)]) == 0
    capsys.readouterr()
    q = tmp_path / "q.rq"
    q.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/b> ?o }\n", encoding="utf-8")
    b.write_text("<http://example.org/c> <http://example.org/b> 2 .\n", encoding="utf-8")
    assert main(["query", str(q), str(a), "--format", "json", str(b)]) == 0
    assert json.loads(capsys.readouterr().out)["results"]["bindings"][0]["n"]["value"] == "2"
    with pytest.raises(SystemExit):
        main(["validate", str(a), "--no-such", str(b)])
    assert "unrecognized arguments: --no-such" in capsys.readouterr().err
