"""Shapes that would check less than they say: refused (exit 2) instead of passing silently.

pySHACL, which validates whatever the fast engine does not compile, ignores
what it does not know: a misspelt ``sh:minCont 2``, a SHACL-JS constraint
(``sh:js``; aireg runs no JavaScript) or a shapes file with no target at all
(a data file given to ``--shapes-file`` by mistake) all validated nothing and
answered exit 0. A gate that says "PASS" must have checked something, so
these shapes graphs are unusable input, named with their file and line.

The SHACL vocabulary is the one pySHACL ships (``pyshacl/assets/shacl.ttl``:
SHACL Core, SHACL-SPARQL and the Advanced Features), less SHACL-JS.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from rdflib import Graph, URIRef

from aireg.shapes_sparql import SH, ShapesError

_JS = re.compile(r"^(js|JS)[A-Z]|^js$")


@functools.lru_cache(maxsize=1)
def shacl_terms() -> frozenset[str]:
    """The local names the SHACL vocabulary defines (pySHACL's copy of the W3C ``shacl.ttl``)."""
    import pyoxigraph as ox
    import pyshacl

    source = Path(pyshacl.__file__).parent / "assets" / "shacl.ttl"
    names = set()
    for triple in ox.parse(path=str(source), format=ox.RdfFormat.TURTLE):
        for term in (triple.subject, triple.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(str(SH)):
                names.add(term.value[len(str(SH)):])
    return frozenset(names)


def _line_of(path: Path | None, local: str) -> int | None:
    """The first line of the shapes file that writes the term (prefixed or in full)."""
    if path is None:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"(:|#){re.escape(local)}(?![\w-])")
    return next((n for n, text in enumerate(lines, 1) if pattern.search(text)), None)


def _place(where, local: str) -> tuple:
    """(file, line) of the first shapes file that writes the term; ``where`` is one path or several."""
    if isinstance(where, (list, tuple)):
        for path in where:
            line = _line_of(Path(path), local)
            if line:
                return path, line
        return " + ".join(map(str, where)), None
    return where, _line_of(Path(where) if where else None, local)


def require_checkable(shapes: Graph, where: str | Path | list | None = None) -> None:
    """Refuse (``ShapesError``) shapes that name unknown SHACL terms, SHACL-JS, or target nothing."""
    from aireg.shacl_fast import top_shapes

    known = shacl_terms()
    used = sorted({t for triple in shapes for t in triple
                   if isinstance(t, URIRef) and str(t).startswith(str(SH)) and t != SH[""]}, key=str)
    for term in used:
        local = str(term)[len(str(SH)):]
        if _JS.search(local):
            raise ShapesError(f"shapes graph error: sh:{local} is SHACL-JavaScript, which neither SHACL engine of "
                              "aireg runs; the constraint would go unchecked", *_place(where, local))
        if local not in known:
            raise ShapesError(f"shapes graph error: sh:{local} is not a SHACL term (a typo?); no engine would "
                              "check it", *_place(where, local))
    if not top_shapes(shapes):
        raise ShapesError("shapes graph error: no shape has a target (sh:targetClass, sh:targetNode, "
                          "sh:targetSubjectsOf, sh:targetObjectsOf, sh:target, or a shape that is also an "
                          "rdfs:Class): nothing would be checked",
                          " + ".join(map(str, where)) if isinstance(where, (list, tuple)) else where)


__all__ = ["require_checkable", "shacl_terms"]
