"""Mapping what documents cite of the law: each citation of an Act or of one of its provisions
(legislation.gov.uk identifiers where the Act is known), what it is cited for, and the checklists
that a provision sets out, item by item."""

from __future__ import annotations

from rdflib import Literal, URIRef

from cafcass_kg.loaders import records as r
from cafcass_kg.loaders.text import slug
from cafcass_kg.namespaces import ID

from .legislation import provision_label
from .terms import CKG, DCTERMS, RDF, RDFS, XSD
from .writer import GraphWriter


class CitationMapping(GraphWriter):
    """Citations of legislation, and checklists set out by it."""

    def map_citation(self, rec: r.Citation) -> None:
        act, provision = self.resolver.legislation(rec.act_title, rec.act_year, rec.section, rec.identifier)
        g = self.graph
        g.add((act, RDF.type, CKG.Legislation))
        if rec.act_title:
            g.add((act, RDFS.label, Literal(f"{rec.act_title} {rec.act_year}")))
        if provision != act:
            g.add((provision, RDF.type, CKG.LegislationProvision))
            g.add((provision, DCTERMS.isPartOf, act))
            g.add((provision, RDFS.label, Literal(f"{rec.act_title} {rec.act_year}, {provision_label(rec.section)}")))
        iri = URIRef(f"{self.iri}/citation/{rec.evidence[0]}-{rec.evidence[1]}")
        cited = f"{rec.act_title} {rec.act_year}" + (f", {provision_label(rec.section)}" if rec.section else "")
        self.node(iri, CKG.Citation, rec.evidence, (CKG.cites, provision), (CKG.citedBy, self.iri),
                  (RDFS.label, Literal(f"Citation of {cited}")),
                  (CKG.citedFor, Literal(rec.cited_for) if rec.cited_for else None),
                  (CKG.contextHeading, Literal(rec.context_heading) if rec.context_heading else None))
        g.add((self.iri, DCTERMS.references, provision))

    def map_checklist(self, rec: r.Checklist) -> None:
        iri = ID[f"checklist/{slug(rec.name)}"]
        self.node(iri, CKG.Checklist, rec.evidence, (RDFS.label, Literal(rec.name)),
                  (CKG.declaredItemCount, Literal(rec.declared_count, datatype=XSD.integer) if rec.declared_count else None))
        if rec.act_title and rec.act_year:
            _, provision = self.resolver.legislation(rec.act_title, rec.act_year, rec.section)
            self.claim(provision, CKG.setsOut, iri, rec.evidence)
        for position, (text, span) in enumerate(rec.items, start=1):
            item = URIRef(f"{iri}/item/{slug(text)[:60]}")
            self.node(item, CKG.ChecklistItem, span, (RDFS.label, Literal(text)), (CKG.checklist, iri),
                      (CKG.position, Literal(position, datatype=XSD.integer)))
