"""Namespaces used across the project: the standard vocabularies and the project's own."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SH, SKOS, TIME, XSD

BASE = "https://w3id.org/cafcass-kg/"
VOCABULARY_GRAPH = URIRef(BASE + "graph/vocabulary")  # the ontology and vocabularies, beside the document graphs
CKG = Namespace(BASE + "def/")
ID = Namespace(BASE + "id/")
SHAPES = Namespace(BASE + "shapes/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
CGOV = Namespace("http://reference.data.gov.uk/def/central-government/")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATT = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
LEG = Namespace("http://www.legislation.gov.uk/id/")
GSS = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")
GOV_INTERVAL = Namespace("http://reference.data.gov.uk/id/")
CNT = Namespace("http://www.w3.org/2011/content#")  # W3C Representing Content in RDF: a text's character encoding

PREFIXES = {
    "ckg": CKG,
    "id": ID,
    "oa": OA,
    "schema": SCHEMA,
    "cgov": CGOV,
    "sdmx-dimension": SDMX_DIM,
    "sdmx-attribute": SDMX_ATT,
    "sdmx-measure": SDMX_MEASURE,
    "spdx": SPDX,
    "leg": LEG,
    "gss": GSS,
    "dct": DCTERMS,
    "dcat": DCAT,
    "cnt": CNT,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "qb": QB,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "time": TIME,
    "xsd": XSD,
    "ckgsh": SHAPES,
    "sh": SH,
}


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


# The properties that name a resource, in order of preference; validation reports, pages and
# exports all show a resource by the first of these it has.
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SCHEMA.name)
LABEL_PATH = "|".join(f"<{p}>" for p in LABEL_PROPERTIES)  # the same, as a SPARQL property path
# One label of ?s as ?l, chosen in a query: the pattern binds every candidate, and ordering by
# LABEL_ORDER puts the one to show first: the preferred property, then English (or no language),
# then the longest ("Children Act 1989" before "Children Act"), then the alphabetical first.
LABEL_CANDIDATES = ("VALUES (?labelProperty ?labelRank) { " + " ".join(f"(<{p}> {rank})" for rank, p in enumerate(LABEL_PROPERTIES))
                    + " } ?s ?labelProperty ?l . FILTER(isLiteral(?l))")
LABEL_ORDER = '?labelRank (IF(lang(?l) = "" || langMatches(lang(?l), "en"), 0, 1)) DESC(STRLEN(STR(?l))) STR(?l)'


def curie(iri) -> str:
    """A compact name for an IRI (``ckg:Judgement``), or the IRI in angle brackets."""
    text = str(iri)
    # Vocabulary prefixes before the project's own "id:".
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: item[0] == "id"):
        if text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return f"<{text}>"


def expand(name: str) -> str:
    """The IRI of a compact name (``ckg:Judgement``) or of ``<iri>``; anything else is taken as an IRI."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    if local and prefix in PREFIXES and not local.startswith("//"):
        return f"{PREFIXES[prefix]}{local}"
    return name
