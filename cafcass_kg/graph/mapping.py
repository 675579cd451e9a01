"""Records to RDF: one named graph per document, every fact in it tied to its evidence.

``DocumentMapper`` writes a document's graph by dispatching each record to the part of the mapping
that knows its kind (documents.py, organisation.py, people.py, inspections.py, figures.py,
citations.py), each built on the evidence primitives of writer.py. IRIs come from stable keys
(codes, normalised names, content hashes, character offsets), never from counters or reading
order: the ``Resolver`` (resolver.py) is built from every document of a build first, so that the
result does not depend on the order documents are read in. The terms written come from the closed
registry of terms.py.

The names build.py and the tests import are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable

from cafcass_kg.loaders import records as r

from .citations import CitationMapping
from .document_graph import DocumentGraph
from .documents import DocumentMapping
from .figures import FigureMapping
from .inspections import InspectionMapping
from .organisation import OrganisationMapping
from .people import PeopleMapping
from .reference import Reference
from .resolver import Resolver, area_key

__all__ = ["DocumentGraph", "DocumentMapper", "Reference", "Resolver", "area_key"]


class DocumentMapper(DocumentMapping, InspectionMapping, OrganisationMapping, PeopleMapping,
                     FigureMapping, CitationMapping):
    """Writes one document's named graph."""

    def map(self) -> DocumentGraph:
        """The document's graph: the document, then its inspections (which the other records refer
        to), then every other record in reading order."""
        parsed = self.doc.parsed
        self.map_document(parsed.of(r.DocumentInfo)[0])
        for rec in parsed.of(r.Inspection):
            self.map_inspection(rec)
        handlers = self._handlers()
        for rec in parsed.records:
            handler = handlers.get(type(rec))
            if handler:
                handler(rec)
        return self.graph

    def _handlers(self) -> dict[type, Callable[[r.Record], None]]:
        """The method that maps each kind of record (the document and inspections are mapped first)."""
        return {
            r.OrganisationName: self.map_organisation_name, r.Formation: self.map_formation,
            r.Sponsorship: self.map_sponsorship, r.OrganisationType: self.map_organisation_type,
            r.ServiceAreaCount: self.map_service_area_count, r.UnitMention: self.map_unit_mention,
            r.ServiceAreaCoverage: self.map_coverage, r.Reorganisation: self.map_reorganisation,
            r.PostHolding: self.map_post_holding, r.PostTenure: self.map_post_tenure, r.Contact: self.map_contact,
            r.Quotation: self.map_quotation, r.CaseType: self.map_case_type,
            r.LawBranchDefinition: self.map_law_branch, r.Judgement: self.map_judgement,
            r.AreaForImprovement: self.map_area_for_improvement, r.Citation: self.map_citation,
            r.Checklist: self.map_checklist, r.GradeDefinition: self.map_grade_definition,
            r.Figure: self.map_figure, r.Change: self.map_change, r.UnitFact: self.map_unit_fact,
        }
