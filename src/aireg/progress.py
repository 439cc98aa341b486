"""Progress on stderr for long runs at a terminal; silent in pipes and CI.

A run that takes more than a couple of seconds says what it is doing on one
line of the terminal, rewritten in place; when stderr is not a terminal (a
pipe, a log file, CI) nothing is printed, so the one-line error contract of
the commands is kept.
"""

from __future__ import annotations

import sys
import time

QUIET_SECONDS = 2.0


class Progress:
    """``say(text)`` after ``QUIET_SECONDS``, only at a terminal; ``done()`` clears the line."""

    def __init__(self, stream=None, enabled: bool | None = None, clock=time.monotonic,
                 quiet_seconds: float = QUIET_SECONDS):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.clock = clock
        self.start = clock()
        self.quiet = quiet_seconds
        self.shown = False
        self.last = ""

    def say(self, text: str) -> None:
        self.last = text
        if self.enabled and self.clock() - self.start >= self.quiet:
            elapsed = self.clock() - self.start
            self.stream.write(f"\r\x1b[K{text} ({elapsed:.0f} s)")
            self.stream.flush()
            self.shown = True

    def note(self, text: str) -> None:
        """A message that must be seen even in a pipe (one line): e.g. waiting for a lock."""
        if self.shown:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
