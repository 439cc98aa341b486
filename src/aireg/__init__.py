"""aireg: a knowledge graph of AI regulatory instruments.

The library loads the bundled ontology and data (or a user's files) into one
rdflib graph, checks it against the SHACL contract and answers the research
queries of ``queries/``.
"""

from aireg.errors import AiregError, InputError
from aireg.load import bundled_files, load_graph
from aireg.validate import ValidationResult, validate

__all__ = [
    "AiregError",
    "InputError",
    "ValidationResult",
    "bundled_files",
    "load_graph",
    "validate",
]
__version__ = "0.1.0"
