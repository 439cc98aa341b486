"""The project's prefixes as plain strings, for code that must not import rdflib.

:data:`aireg.namespaces.PREFIXES` holds the same IRIs as rdflib ``Namespace``
objects (a test keeps the two equal); the query path that runs without rdflib
(:mod:`aireg.fastquery`) expands, compacts and declares prefixes from here.
"""

from __future__ import annotations

PREFIX_IRIS: dict[str, str] = {
    "aireg": "https://w3id.org/aireg/ont#",
    "id": "https://w3id.org/aireg/id/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "eli-dl": "http://data.europa.eu/eli/eli-draft-legislation-ontology#",
    "schema": "https://schema.org/",
    "dpv": "https://w3id.org/dpv#",
    "loc": "https://w3id.org/dpv/loc#",
    "eu-aiact": "https://w3id.org/dpv/legal/eu/aiact#",
    "airo": "https://w3id.org/airo#",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "oa": "http://www.w3.org/ns/oa#",
    "bibo": "http://purl.org/ontology/bibo/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
ID_NS = PREFIX_IRIS["id"]
XSD_NS = PREFIX_IRIS["xsd"]
