"""`publish` and `query --all` tell a person at a terminal what they are doing, and nothing to a pipe.

The progress line (aireg.progress) is written only when stderr is a terminal,
after a quiet spell; here it is made to speak at once into a buffer that says
it is a terminal, so that what it would show can be read.
"""

from __future__ import annotations

import io

import pytest

import aireg.progress
from aireg.cli import main
from aireg.library import query_names
from aireg.server import OxigraphServer


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch):
    """What the commands' progress lines would show at a terminal, with no quiet spell."""
    screen = Terminal()
    real = aireg.progress.Progress

    def at_terminal(*args, **kwargs):
        return real(stream=screen, quiet_seconds=0)

    monkeypatch.setattr(aireg.progress, "Progress", at_terminal)
    return screen


def _steps(screen: Terminal) -> list[str]:
    return [part.split(" (")[0] for part in screen.getvalue().split("\r\x1b[K") if part]


@pytest.mark.slow
def test_query_all_shows_each_query_at_a_terminal(terminal, tmp_path, capsys):
    assert main(["query", "--all", "-o", str(tmp_path / "answers")]) == 0
    names = query_names()
    steps = _steps(terminal)
    assert steps[0] == "loading the graph"
    assert steps[1:-1] == [f"query {i}/{len(names)}: {name}" for i, name in enumerate(names, 1)]
    assert steps[-1] == f"writing {len(names) + 1} files to {tmp_path / 'answers'}"
    assert terminal.getvalue().endswith("\r\x1b[K")  # the line is cleared at the end
    assert capsys.readouterr().err == ""


def test_publish_shows_its_steps_at_a_terminal(terminal, sparql_sample_ttl, capsys):
    with OxigraphServer() as srv:
        assert main(["publish", "--endpoint", srv.store_url, str(sparql_sample_ttl)]) == 0
    sent = int(capsys.readouterr().out.split()[1])
    assert _steps(terminal) == ["reading 1 file", f"sending {sent} triples"]
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_publish_is_quiet_in_a_pipe(sparql_sample_ttl, capsys):
    with OxigraphServer() as srv:
        assert main(["publish", "--endpoint", srv.store_url, str(sparql_sample_ttl)]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("sent ")
