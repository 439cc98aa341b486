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
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # nested or concurrent parse_once blocks share one installation
_saved: tuple | None = None
_cache: dict = {}


class _Text(str):
    """A query text whose parse is deferred to the (memoised) translation."""


def _install() -> None:
    global _saved
    from rdflib.plugins.sparql import processor

    parse, translate = processor.parseQuery, processor.translateQuery

    def deferred_parse(text):
        return _Text(text) if isinstance(text, str) else parse(text)

    def cached_translate(tree, base=None, initNs=None):  # noqa: N803 (rdflib's name)
        if not isinstance(tree, _Text):
            return translate(tree, base, initNs)
        key = (str(tree), base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
        query = _cache.get(key)
        if query is None:
            query = _cache[key] = translate(parse(str(tree)), base, initNs)
        return query

    _saved = (parse, translate)
    processor.parseQuery, processor.translateQuery = deferred_parse, cached_translate


def _uninstall() -> None:
    global _saved
    from rdflib.plugins.sparql import processor

    processor.parseQuery, processor.translateQuery = _saved
    _saved = None
    _cache.clear()


@contextmanager
def parse_once() -> Iterator[None]:
    """Within the block, rdflib's SPARQL processor translates each distinct query text once."""
    global _depth
    with _lock:
        if _depth == 0:
            _install()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                _uninstall()
