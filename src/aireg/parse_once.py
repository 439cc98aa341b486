"""rdflib parses each SPARQL text once while pySHACL runs, not once per focus node.

pySHACL evaluates an ``sh:sparql`` constraint by calling ``graph.query(text,
initBindings={"this": node})`` for every focus node with the same text, and
rdflib's SPARQL processor parses and translates the text again on every call:
about 1,300 parses of a dozen texts on the bundled graph, four fifths of a
pySHACL run. Inside :func:`parse_once` the processor keeps the translated query
(``rdflib.plugins.sparql.sparql.Query``, which rdflib's own ``prepareQuery``
hands out for reuse with other bindings) under everything the translation
reads: the text, the base and the initial namespaces. Evaluation is untouched,
so the answers are the ones rdflib gives without it.

The processor's two steps are wrapped once per process; outside a block the
wrappers call rdflib's own functions and keep nothing. A text deferred by the
first step is always translated by the second, even if the block ends between
them in another thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0  # open parse_once blocks (nested or in several threads)
_cache: dict = {}
_installed = False


class _Text(str):
    """A query text whose parse is deferred to the (memoised) translation."""


def _install() -> None:
    global _installed
    from rdflib.plugins.sparql import algebra, parser, processor

    # rdflib's own steps, looked up at each call (processor.py imports them from these modules)
    def deferred_parse(text):
        return _Text(text) if _active and isinstance(text, str) else parser.parseQuery(text)

    def cached_translate(tree, base=None, initNs=None):  # noqa: N803 (rdflib's name)
        if not isinstance(tree, _Text):
            return algebra.translateQuery(tree, base, initNs)
        key = (str(tree), base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
        query = _cache.get(key)
        if query is None:
            query = algebra.translateQuery(parser.parseQuery(str(tree)), base, initNs)
            if _active:
                _cache[key] = query
        return query

    processor.parseQuery, processor.translateQuery = deferred_parse, cached_translate
    _installed = True


@contextmanager
def parse_once() -> Iterator[None]:
    """Within the block, rdflib's SPARQL processor translates each distinct query text once."""
    global _active
    with _lock:
        if not _installed:
            _install()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if not _active:
                _cache.clear()
