"""Progress on stderr: shown at a terminal once a run passes two seconds, never in pipes or CI."""

from __future__ import annotations

import io
import subprocess
import sys

from aireg.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_quiet_for_the_first_two_seconds_then_one_line_rewritten_in_place():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream, clock=clock, tick=3600)
    progress.say("reading a.ttl (1/2)")
    assert stream.getvalue() == ""
    clock.now += 2.5
    progress.say("reading b.ttl (2/2)")
    assert stream.getvalue() == "\r\x1b[Kreading b.ttl (2/2) (2 s)"
    progress.done()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_silent_in_a_pipe():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, clock=clock)
    clock.now += 60
    progress.say("sorting")
    progress.done()
    assert stream.getvalue() == ""


def test_a_note_is_one_line_even_in_a_pipe():
    stream = io.StringIO()
    progress = Progress(stream)
    progress.note("waiting for another aireg build writing into out to finish")
    assert stream.getvalue() == "waiting for another aireg build writing into out to finish\n"


def test_commands_in_a_pipe_write_nothing_to_stderr(tmp_path):
    src = tmp_path / "a.ttl"
    src.write_text("<http://example.org/a> <http://example.org/p> 1 .\n", encoding="utf-8")
    for command in (["build", "-o", str(tmp_path / "out"), str(src)], ["diff", str(src), str(src)]):
        proc = subprocess.run([sys.executable, "-m", "aireg.cli", *command], capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0 and proc.stderr == "", (command, proc.stderr)


def test_a_step_named_in_the_quiet_spell_is_shown_once_when_it_ends():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream, clock=clock, tick=3600)
    progress.say("sorting")
    clock.now += 3
    progress.show()  # what the ticker does
    progress.show()
    assert stream.getvalue() == "\r\x1b[Ksorting (3 s)"
    progress.done()
