"""Where the bundled ontology, shapes, data and queries live.

The project keeps them as plain top-level folders (ontology/, data/, queries/)
so that researchers can read and edit them. A wheel carries copies of them as
``aireg/bundled/`` (setup.py's build step); an editable install or a checkout
on ``PYTHONPATH`` has none and uses the checkout's folders, two levels above
the package. ``AIREG_HOME`` names another folder of the same layout and wins
over both.
"""

from __future__ import annotations

import os
from pathlib import Path

from aireg.errors import InputError

PACKAGE = Path(__file__).resolve().parent


def candidates() -> list[Path]:
    """The folders searched for ontology/aireg.ttl, in order."""
    env = os.environ.get("AIREG_HOME")
    found = [Path(env)] if env else []
    return [*found, PACKAGE / "bundled", PACKAGE.parents[1]]


def project_root() -> Path:
    """The folder that holds ontology/, data/ and queries/.

    An ``AIREG_HOME`` that holds no ontology is an error, never a reason to fall
    back to the bundled files: a mistyped path in CI would otherwise validate,
    build and query the bundled graph and pass.
    """
    env = os.environ.get("AIREG_HOME")
    if env and not (Path(env) / "ontology" / "aireg.ttl").is_file():
        raise InputError(f"AIREG_HOME={env} holds no ontology/aireg.ttl; point it at a folder with ontology/, "
                         "data/ and queries/, or unset it to use the bundled files")
    tried = candidates()
    for root in tried:
        if (root / "ontology" / "aireg.ttl").is_file():
            return root
    raise InputError(
        "cannot find the bundled ontology/aireg.ttl (looked in " + ", ".join(str(p) for p in tried)
        + "); reinstall aireg, or set AIREG_HOME to a folder with ontology/, data/ and queries/"
    )


def ontology_file() -> Path:
    return project_root() / "ontology" / "aireg.ttl"


def shapes_file() -> Path:
    return project_root() / "ontology" / "shapes.ttl"


def data_dir() -> Path:
    """The data folder; a missing one is an error (the graph would silently be the ontology alone)."""
    folder = project_root() / "data"
    if not folder.is_dir():
        raise InputError(f"{folder}: no data folder beside ontology/ (set AIREG_HOME to a folder with "
                         "ontology/, data/ and queries/)")
    return folder


def bundled_files(include_ontology: bool = True) -> list[Path]:
    """The ontology and every Turtle file under data/, in a stable order (the bundled graph's sources)."""
    files = [ontology_file()] if include_ontology else []
    files += sorted(p for p in data_dir().rglob("*.ttl") if p.is_file())
    return files


def queries_dir() -> Path:
    return project_root() / "queries"


def source_text() -> Path:
    """The seed newsletter as plain text, for checking quoted evidence."""
    return project_root() / "data" / "sources" / "wto-rta-newsletter-809.txt"
