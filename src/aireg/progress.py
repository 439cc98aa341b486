"""Progress on stderr for long runs at a terminal; silent in pipes and CI.

A run that takes more than a couple of seconds says what it is doing on one
line of the terminal, rewritten in place; when stderr is not a terminal (a
pipe, a log file, CI) nothing is printed, so the one-line error contract of
the commands is kept.
"""

from __future__ import annotations

import sys
import threading
import time

QUIET_SECONDS = 2.0


class Progress:
    """``say(text)`` names the current step; at a terminal, once the run passes ``quiet_seconds``,
    each step is shown once with the elapsed time, on one line rewritten in place (a step named
    during the quiet spell is shown when it ends, if still running). ``done()`` clears the line."""

    def __init__(self, stream=None, enabled: bool | None = None, clock=time.monotonic,
                 quiet_seconds: float = QUIET_SECONDS, tick: float = 0.5):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.clock = clock
        self.start = clock()
        self.quiet = quiet_seconds
        self.tick = tick
        self.shown = False
        self.last = ""
        self._written = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def say(self, text: str) -> None:
        self.last = text
        if not self.enabled:
            return
        self.show()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="aireg-progress", daemon=True)
            self._thread.start()

    def show(self) -> None:
        """Write the current step once, when the run has passed the quiet time (the ticker calls this
        for a step named during the quiet spell that is still running after it)."""
        elapsed = self.clock() - self.start
        if not self.enabled or elapsed < self.quiet or not self.last:
            return
        with self._lock:
            if self._written == self.last:
                return
            self.stream.write(f"\r\x1b[K{self.last} ({elapsed:.0f} s)")
            self.stream.flush()
            self.shown = True
            self._written = self.last

    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            self.show()

    def note(self, text: str) -> None:
        """A message that must be seen even in a pipe (one line): e.g. waiting for a lock."""
        with self._lock:
            if self.shown:
                self.stream.write("\r\x1b[K")
                self.shown = False
            self.stream.write(text + "\n")
            self.stream.flush()

    def done(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._lock:
            if self.shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self.shown = False
