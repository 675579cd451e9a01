"""Mapping inspections and what they found: each inspection (who inspected what, when, under which
framework, reported in which document), its graded judgements (n-ary: inspection, evaluation area,
grade, where stated), its areas for improvement, and what the grades mean."""

from __future__ import annotations

import hashlib

from rdflib import Literal, URIRef

from cafcass_kg.loaders import records as r
from cafcass_kg.loaders.text import slug
from cafcass_kg.namespaces import ID

from .identity import CAFCASS, OFSTED
from .terms import CKG, DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD
from .values import literal_of
from .writer import GraphWriter

# Where a document states a judgement (``Judgement.stated_in``), as the ontology's individuals.
STATED_IN = {
    "record-of-main-findings": CKG.RecordOfMainFindings,
    "section": CKG.SectionGradeLine,
    "unit-section": CKG.UnitSectionStatement,
    "press-release": CKG.PressReleaseStatement,
    "report-text": CKG.ReportTextStatement,
    "judgement-table": CKG.JudgementTable,
    "document-text": CKG.DocumentTextStatement,
}


class InspectionMapping(GraphWriter):
    """Inspections, their judgements and areas for improvement, and the grading scale."""

    def map_inspection(self, rec: r.Inspection) -> None:
        g = self.graph
        iri = self.inspection_iri(rec)
        subject = self.unit_or_area(rec.subject, rec.subject_code)
        if rec.is_report_subject or (self.subject_iri is None and rec.key.startswith("subject:")):
            self.subject_iri = subject
        if subject != CAFCASS:
            self.map_unit_or_area(subject, rec.subject, rec.subject_code, rec.evidence)
        if rec.kind:
            g.add((iri, CKG.inspectionKind, self.concept("inspection-kind", rec.kind)))
        if rec.framework:
            g.add((iri, CKG.framework, self.concept("inspection-framework", rec.framework)))
        self.node(iri, CKG.Inspection, rec.evidence, (PROV.wasAssociatedWith, OFSTED), (CKG.inspected, subject),
                  (CKG.reportedIn, self.iri))
        g.add((iri, RDF.type, PROV.Activity))
        g.add((OFSTED, RDF.type, ORG.FormalOrganization))
        g.add((OFSTED, RDFS.label, Literal("Ofsted")))
        if rec.reference:
            g.add((iri, DCTERMS.identifier, Literal(rec.reference)))
            g.add((iri, RDFS.label, Literal(f"Inspection {rec.reference}: {rec.subject}")))
        else:
            g.add((iri, RDFS.label, Literal(f"Inspection of {rec.subject}")))
        if "/" in rec.key and not rec.key.startswith(("subject:", "other:")):
            g.add((iri, DCTERMS.isPartOf, ID[f"inspection/{slug(rec.key.split('/', 1)[0])}"]))
        if rec.key not in self.dated_elsewhere:  # "the inspection in 2018": the report's own dates stand
            self.map_inspection_dates(iri, rec)
        if rec.fieldwork_text:
            g.add((iri, CKG.fieldworkDescription, Literal(rec.fieldwork_text)))
        if rec.reference and self.doc.parsed.genre == "ofsted-inspection-report":
            g.add((self.iri, CKG.reportOf, iri))

    def map_inspection_dates(self, iri: URIRef, rec: r.Inspection) -> None:
        g = self.graph
        if rec.published:
            g.add((iri, CKG.reportPublished, literal_of(rec.published)))
        if rec.fieldwork_start:
            g.add((iri, CKG.fieldworkStart, literal_of(rec.fieldwork_start)))
        if rec.fieldwork_end:
            g.add((iri, CKG.fieldworkEnd, literal_of(rec.fieldwork_end)))

    def map_unit_or_area(self, iri: URIRef, name: str, code: str | None, span: tuple[int, int]) -> None:
        """What was inspected: a unit, or a service area (with its code), as a unit of Cafcass."""
        g = self.graph
        if "/unit/" in str(iri):
            g.add((iri, RDF.type, ORG.OrganizationalUnit))
        else:
            g.add((iri, RDF.type, CKG.ServiceArea))
            g.add((iri, RDF.type, ORG.OrganizationalUnit))
            if code:
                g.add((iri, SKOS.notation, Literal(code)))
        g.add((iri, RDFS.label, Literal(name)))
        self.claim(iri, ORG.unitOf, CAFCASS, span)

    def map_judgement(self, rec: r.Judgement) -> None:
        inspection = self.inspection_iris.get(rec.inspection)
        if inspection is None:
            return
        area = self.concept("evaluation-area", rec.area)
        stated = rec.stated_in
        iri = URIRef(f"{inspection}/judgement/{self.short}/{stated}/{slug(rec.area)}")
        # A grade is its number on the scale; a document that only words it ("adequate") still names one.
        grade = ID[f"concept/grade/{rec.grade_number}"] if rec.grade_number else self.resolver.reference.concept("grade", rec.grade_label)
        number = f"grade {rec.grade_number}, " if rec.grade_number else ""
        self.node(iri, CKG.Judgement, rec.evidence, (CKG.inspection, inspection), (CKG.evaluationArea, area),
                  (CKG.grade, grade), (CKG.gradeLabel, Literal(rec.grade_label)), (CKG.statedIn, STATED_IN[stated]),
                  (CKG.areaLabel, Literal(rec.area)),
                  (RDFS.label, Literal(f"{rec.area[:1].upper()}{rec.area[1:]}: {number}{rec.grade_label.lower()}")))
        if rec.group:
            self.graph.add((iri, CKG.evaluationGroup, self.concept("evaluation-area", rec.group)))
        if rec.unit:
            self.graph.add((iri, CKG.judgedUnit, self.unit_or_area(rec.unit)))

    def map_area_for_improvement(self, rec: r.AreaForImprovement) -> None:
        inspection = self.inspection_iris.get(rec.inspection)
        if inspection is None:
            return
        # The same action can be asked for under two timescales: one area for improvement each.
        # The same text in two documents is one area for improvement (with one label); other wording,
        # even other punctuation, another.
        words = hashlib.sha1(rec.text.encode()).hexdigest()[:8]
        iri = URIRef(f"{inspection}/improvement/{slug(rec.timescale) or 'no-timescale'}/{slug(rec.text)[:60]}-{words}")
        self.node(iri, CKG.AreaForImprovement, rec.evidence, (CKG.inspection, inspection),
                  (RDFS.label, Literal(rec.text)), (CKG.timescaleLabel, Literal(rec.timescale) if rec.timescale else None),
                  (CKG.timescale, Literal(f"P{rec.months}M", datatype=XSD.duration) if rec.months else None))

    def map_grade_definition(self, rec: r.GradeDefinition) -> None:
        grade = ID[f"concept/grade/{rec.number}"]
        self.claim(grade, SKOS.definition, Literal(rec.definition, lang="en"), rec.evidence)
        self.claim(grade, CKG.labelInSource, Literal(rec.label.lower()), rec.evidence)
