"""Where the bundled ontology, shapes, data and queries live.

The project keeps them as plain top-level folders (ontology/, data/, queries/)
so that researchers can read and edit them; the package finds them from its own
location in a checkout, or from AIREG_HOME when installed elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from aireg.errors import InputError


def project_root() -> Path:
    """The folder that holds ontology/, data/ and queries/."""
    env = os.environ.get("AIREG_HOME")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2])
    for root in candidates:
        if (root / "ontology" / "aireg.ttl").is_file():
            return root
    raise InputError(
        "cannot find the bundled ontology/aireg.ttl; install aireg from its checkout "
        "(pip install -e .) or set AIREG_HOME to the checkout"
    )


def ontology_file() -> Path:
    return project_root() / "ontology" / "aireg.ttl"


def shapes_file() -> Path:
    return project_root() / "ontology" / "shapes.ttl"


def data_dir() -> Path:
    return project_root() / "data"


def queries_dir() -> Path:
    return project_root() / "queries"


def source_text() -> Path:
    """The seed newsletter as plain text, for checking quoted evidence."""
    return project_root() / "data" / "sources" / "wto-rta-newsletter-809.txt"
