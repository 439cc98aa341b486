"""``owl:imports`` in a shapes graph: refused unless the files given already hold what it imports.

Neither SHACL engine of aireg follows ``owl:imports`` (the fast engine
compiles the shapes graph it is given; pySHACL runs with its imports off), and
aireg never fetches a URL named inside an input. A shapes file that imports
another therefore validated without the imported shapes and could answer
"conforms" for data those shapes fail. An import counts as satisfied when the
shapes files given describe the imported IRI (give each file to its own
``--shapes-file``) or it is the bundled ontology, which is always loaded with
the data; any other import is refused with its file and line, the same for
both engines since it is checked before either runs. An ``owl:imports`` in
the data files is not followed either, and ``validate`` says so in a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from aireg.shapes_sparql import ShapesError

ONTOLOGY_IRI = "https://w3id.org/aireg/ont"


def _locate(files: Sequence[Path], target: str) -> tuple[Path | None, int | None]:
    """The file and line that writes the import: a line naming ``owl:imports`` (and the IRI, when one does)."""
    tail = re.split(r"[#/:]", target.rstrip("#/"))[-1]
    first: tuple[Path | None, int | None] = (files[0] if files else None, None)
    for path in files:
        try:
            lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for n, text in enumerate(lines, 1):
            if re.search(r"owl:imports\b|#imports>", text):
                if target in text or (tail and tail in text):
                    return Path(path), n
                if first[1] is None:
                    first = (Path(path), n)
    return first


def require_no_unread_imports(shapes: Graph, files: Sequence[str | Path]) -> None:
    """Raise ``ShapesError`` (exit 2) for an ``owl:imports`` whose target the given shapes do not hold."""
    files = [Path(f) for f in files]
    for _, target in sorted(shapes.subject_objects(OWL.imports), key=lambda so: str(so[1])):
        if str(target).rstrip("#/") == ONTOLOGY_IRI:
            continue  # the bundled ontology is loaded with the data on every run
        if isinstance(target, URIRef) and any(True for _ in shapes.predicate_objects(target)):
            continue  # the files given describe it (several --shapes-file, or a file importing itself)
        path, line = _locate(files, str(target))
        several = " ".join(f"--shapes-file {f}" for f in [*(str(f) for f in files), "IMPORTED.ttl"][:3])
        raise ShapesError(f"shapes graph error: owl:imports <{target}> is not followed (aireg reads only the "
                          "files it is given and never fetches a URL), so the imported shapes would silently "
                          f"not apply; give the imported file too, each to its own --shapes-file ({several})",
                          path, line)


def unread_imports(graph: Graph, files: Sequence[str | Path]) -> list[tuple[str, Path | None, int | None]]:
    """``[(imported IRI, file, line)]`` of the data's ``owl:imports`` that no input describes.

    Data is validated as given, imports unread; unlike a shapes file's, an import in the data is
    said (a warning) rather than refused: its axioms may matter (class hierarchies) or not.
    """
    files = [Path(f) for f in files]
    out = []
    for target in sorted({o for o in graph.objects(None, OWL.imports)}, key=str):
        if str(target).rstrip("#/") == ONTOLOGY_IRI:
            continue
        if isinstance(target, URIRef) and any(True for _ in graph.predicate_objects(target)):
            continue
        out.append((str(target), *_locate(files, str(target))))
    return out


__all__ = ["require_no_unread_imports", "unread_imports"]
