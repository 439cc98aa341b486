"""aireg: a knowledge graph of AI regulatory instruments.

The library loads the bundled ontology and data (or a user's files) into one
rdflib graph, checks it against the SHACL contract and answers the research
queries of ``queries/``.

The names below are imported on first use, so that ``aireg --version`` and
``aireg --help`` start without loading rdflib.
"""

from __future__ import annotations

import importlib
import sys
import types

from aireg.errors import AiregError, InputError

_LAZY = {
    "bundled_files": "aireg.load",
    "load_graph": "aireg.load",
    "ValidationResult": "aireg.validate",
}

__all__ = [
    "AiregError",
    "InputError",
    "ValidationResult",
    "bundled_files",
    "load_graph",
    "validate",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'aireg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """``aireg.validate`` is the function, as it was when it was imported eagerly.

    The submodule of the same name stays reachable as ``sys.modules["aireg.validate"]``
    (``from aireg.validate import ...`` works as usual); the import system's attempt
    to bind it on the package is ignored so that the name keeps meaning the function.
    """

    @property
    def validate(self):
        from aireg.validate import validate

        return validate

    @validate.setter
    def validate(self, value) -> None:
        pass


sys.modules[__name__].__class__ = _Package
