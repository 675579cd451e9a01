"""The reference data the mapping resolves names against: the authorities' identifiers (places,
Acts, organisations) and the controlled vocabularies (concepts by label), read from ontology/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from rdflib import Graph, URIRef

from cafcass_kg.namespaces import ID

from .terms import CKG, DCTERMS, RDF, RDFS, SCHEMA, SKOS


@dataclass
class Reference:
    """Authorities' identifiers and the controlled vocabularies, read from ontology/."""

    graph: Graph

    @classmethod
    def load(cls) -> Reference:
        g = Graph()
        folder = resources.files("cafcass_kg.ontology")
        # Every vocabulary and reference file; the OWL ontology itself names no concepts.
        for name in sorted(f.name for f in folder.iterdir() if f.name.endswith(".ttl") and f.name != "cafcass.ttl"):
            g.parse(data=folder.joinpath(name).read_text(encoding="utf-8"), format="turtle")
        return cls(g)

    def __post_init__(self) -> None:
        self.places: dict[str, URIRef] = {}
        for s, label in self.graph.subject_objects(RDFS.label):
            if (s, RDF.type, SCHEMA.AdministrativeArea) in self.graph:
                self.places[str(label).lower()] = s
        self.acts: dict[tuple[str, int], URIRef] = {}
        for s, title in self.graph.subject_objects(DCTERMS.title):
            year = self.graph.value(s, CKG.year)
            if year is not None:
                self.acts[(str(title).lower(), int(year))] = s
        self.concepts: dict[tuple[URIRef, str], URIRef] = {}
        for concept, scheme in self.graph.subject_objects(SKOS.inScheme):
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
                for label in self.graph.objects(concept, p):
                    self.concepts[(scheme, _norm(str(label)))] = concept

    def concept(self, scheme: str, label: str) -> URIRef | None:
        """The concept of ``scheme`` with ``label`` (its preferred, alternative or hidden label, in
        any case and punctuation), or None when the vocabulary has none."""
        return self.concepts.get((ID[f"scheme/{scheme}"], _norm(label)))


def _norm(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()
