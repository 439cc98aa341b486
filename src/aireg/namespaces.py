"""The namespaces of the aireg ontology and of the vocabularies it aligns with."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

AIREG = Namespace("https://w3id.org/aireg/ont#")
ID = Namespace("https://w3id.org/aireg/id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ELI_DL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
SCHEMA = Namespace("https://schema.org/")
DPV = Namespace("https://w3id.org/dpv#")
LOC = Namespace("https://w3id.org/dpv/loc#")
AIACT = Namespace("https://w3id.org/dpv/legal/eu/aiact#")
AIRO = Namespace("https://w3id.org/airo#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
OA = Namespace("http://www.w3.org/ns/oa#")
BIBO = Namespace("http://purl.org/ontology/bibo/")

PREFIXES = {
    "aireg": AIREG,
    "id": ID,
    "eli": ELI,
    "eli-dl": ELI_DL,
    "schema": SCHEMA,
    "dpv": DPV,
    "loc": LOC,
    "eu-aiact": AIACT,
    "airo": AIRO,
    "odrl": ODRL,
    "oa": OA,
    "bibo": BIBO,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes so serialisations stay readable."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
