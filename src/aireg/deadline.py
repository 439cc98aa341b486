"""A wall-clock deadline for a whole command: the query, reading its rows and writing them.

Kept apart from :mod:`aireg.endpoint` (SPARQLWrapper, rdflib), so that the
query path without rdflib (:mod:`aireg.fastquery`) has the same deadline and
the same messages as every other path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from aireg.errors import QueryError

DEFAULT_TIMEOUT = 60.0


def seconds(timeout: float) -> str:
    return f"{timeout:g} s"


def call_with_deadline(fn: Callable[[], Any], timeout: float, url: str) -> Any:
    """Run ``fn`` in a worker thread and give up after ``timeout`` seconds of wall clock.

    ``url`` names what is queried in messages (shown without credentials).
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as err:  # handed to the caller's thread
            box["error"] = err
        finally:
            done.set()

    threading.Thread(target=work, name="aireg-endpoint", daemon=True).start()
    if not done.wait(timeout):
        raise QueryError(f"query timed out after {seconds(timeout)} ({_redact(url)})")
    if "error" in box:
        err = box["error"]
        if isinstance(err, QueryError):
            raise err
        if isinstance(err, (OSError, ValueError)) or type(err).__module__ in ("http.client", "urllib.error"):
            from aireg.endpoint import translate_error

            raise translate_error(err, url, timeout) from None
        raise err
    return box["value"]


def _redact(url: str) -> str:
    """``url`` without credentials (aireg.http, which loads urllib, only when there can be some)."""
    if "@" not in url:
        return url
    from aireg.http import redact

    return redact(url)
