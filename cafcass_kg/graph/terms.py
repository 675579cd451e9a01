"""The vocabulary terms the mapping writes, from a closed registry.

Each namespace the mapping writes terms of is a ``TermRegistry``: a term is looked up once (then it
is a plain attribute), and a name that the vocabulary does not define raises ``UndefinedTerm`` at
its first use instead of minting an IRI that nothing queries or validates. What "defined" means:

* the project's own terms (``CKG``): typed in ontology/*.ttl, the ontology the graph is built on;
* W3C vocabularies and schema.org: in rdflib's published term lists (its DefinedNamespaces);
* the few other vocabularies reused (Web Annotation, central government, SDMX, SPDX, Content in
  RDF): the terms listed in ``REUSED_TERMS`` below.

Identifiers (``ID``, legislation.gov.uk's ``LEG``) are no vocabulary: they are minted from the
documents' keys and stay open namespaces (``cafcass_kg.namespaces``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import URIRef
from rdflib import namespace as rdflib_namespace

from cafcass_kg import namespaces
from cafcass_kg.resources import ontology_files


class UndefinedTerm(LookupError):
    """A term its vocabulary does not define (a mistyped or invented name)."""


class TermRegistry:
    """A namespace whose terms are looked up once each and are closed to names it does not define.
    rdflib checks a term's name on every attribute access (DefinedNamespace) or makes a new URIRef
    (Namespace): a sixth of mapping time; here the second use of a term is an attribute read."""

    def __init__(self, namespace: str, defines: Callable[[str], bool], defined_in: str):
        self._namespace = namespace
        self._defines = defines
        self._defined_in = defined_in
        self._terms: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):  # the registry's own fields and Python's protocols, never a term
            raise AttributeError(name)
        term = self[name]
        setattr(self, name, term)  # found by ordinary attribute lookup from now on
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._terms.get(name)
        if term is None:
            if not self._defines(name):
                raise UndefinedTerm(f"{self._namespace}{name} is not a term of its vocabulary "
                                    f"(not defined in {self._defined_in})")
            term = self._terms[name] = URIRef(self._namespace + name)
        return term

    def __repr__(self) -> str:
        return f"TermRegistry({self._namespace!r})"


@lru_cache(maxsize=1)
def ontology_terms() -> frozenset[str]:
    """The IRIs that ontology/*.ttl types (classes, properties, individuals): read once, on the
    first look-up of a project term (pyoxigraph reads the files in milliseconds)."""
    rdf_type = ox.NamedNode(str(rdflib_namespace.RDF.type))
    return frozenset(
        triple.subject.value
        for path in ontology_files()
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        if triple.predicate == rdf_type and isinstance(triple.subject, ox.NamedNode)
    )


# The terms reused from vocabularies that rdflib publishes no term list for. A term added to the
# mapping is added here, once checked against the vocabulary's own definition.
REUSED_TERMS: dict[str, str] = {
    namespaces.OA: "Annotation SpecificResource TextPositionSelector TextQuoteSelector FragmentSelector "
                   "motivatedBy identifying hasTarget hasBody hasSource hasSelector start end exact prefix suffix",
    namespaces.CGOV: "Department NonDepartmentalPublicBody parentDepartment",
    namespaces.SDMX_ATT: "unitMeasure",
    namespaces.SDMX_DIM: "refArea refPeriod",
    namespaces.SDMX_MEASURE: "obsValue",
    namespaces.SPDX: "Checksum checksum algorithm checksumValue checksumAlgorithm_sha256",
    namespaces.CNT: "characterEncoding",
}


def _project_vocabulary() -> TermRegistry:
    base = str(namespaces.CKG)
    return TermRegistry(base, lambda name: base + name in ontology_terms(), "ontology/*.ttl")


def _standard_vocabulary(base: str, term_list: type[rdflib_namespace.DefinedNamespace], name: str) -> TermRegistry:
    return TermRegistry(str(base), lambda term: term in term_list, f"rdflib's term list of {name}")


def _reused_vocabulary(namespace: str) -> TermRegistry:
    names = frozenset(REUSED_TERMS[namespace].split())
    return TermRegistry(str(namespace), names.__contains__, "REUSED_TERMS of cafcass_kg/graph/terms.py")


CKG = _project_vocabulary()
DCAT, DCTERMS, FOAF, ORG, PROV, QB, RDF, RDFS, SKOS, TIME, XSD = (
    _standard_vocabulary(getattr(rdflib_namespace, n), getattr(rdflib_namespace, n), n)
    for n in ("DCAT", "DCTERMS", "FOAF", "ORG", "PROV", "QB", "RDF", "RDFS", "SKOS", "TIME", "XSD"))
# schema.org's IRIs as the project writes them (https), its terms as rdflib lists them (SDO)
SCHEMA = _standard_vocabulary(namespaces.SCHEMA, rdflib_namespace.SDO, "SDO")
CGOV, CNT, OA, SDMX_ATT, SDMX_DIM, SDMX_MEASURE, SPDX = (
    _reused_vocabulary(getattr(namespaces, n)) for n in ("CGOV", "CNT", "OA", "SDMX_ATT", "SDMX_DIM", "SDMX_MEASURE", "SPDX"))
