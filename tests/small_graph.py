"""A small, valid graph of two documents, written by hand, for the shape tests to break one fact at a time.

It is made with the same vocabularies as the loaders' output but without the loaders, so that a
shape test says exactly which triple breaks which shape.
"""

from __future__ import annotations

import hashlib

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, PROV, QB, RDF, RDFS, SKOS, TIME, XSD

from cafcass_kg.build import new_dataset
from cafcass_kg.namespaces import CKG, GSS, ID, LEG, OA, SCHEMA, SDMX_ATT, SDMX_DIM, SDMX_MEASURE, SPDX

REPORT_TEXT = """Inspection of Testshire service area
Fieldwork took place from 10 to 14 May 2010.
1. Overall effectiveness
Grade 3 (satisfactory)
Record of main findings: Overall effectiveness: satisfactory
2. Referrals rose by 36% from 131 to 178 in 2009.
3. Cafcass is the Children and Family Court Advisory and Support Service.
4. The service area covers Coventry.
5. Section 1(3) of the Children Act 1989 sets out the welfare checklist of 2 matters: wishes; needs.
6. Pat Example, Head of Service, has been in post since June 2009. Telephone 0123 456 789.
7. The area was re-organised in April 2009.
"""
RELEASE_TEXT = """Ofsted judges Testshire satisfactory
Ofsted judged the overall effectiveness of the Testshire service area to be satisfactory.
Cafcass is the Children and Family Court Advisory and Support Service.
"Children come first," said Pat Example.
"""

REPORT = ID["document/report0000000001"]
RELEASE = ID["document/release000000001"]
CAFCASS = ID["organisation/cafcass"]
OFSTED = ID["organisation/ofsted"]
AREA = ID["area/t1"]
INSPECTION = ID["inspection/t1-001"]
RECORD_JUDGEMENT = ID["inspection/t1-001/judgement/record/overall"]
SECTION_JUDGEMENT = ID["inspection/t1-001/judgement/section/overall"]
RELEASE_JUDGEMENT = ID["inspection/t1-001/judgement/release/overall"]
IMPROVEMENT = ID["inspection/t1-001/improvement/referrals"]
BEFORE, AFTER, CHANGE = ID["figure/before"], ID["figure/after"], ID["change/referrals"]
PERSON = ID["person/pat-example"]
MEMBERSHIP = ID["membership/pat-example/head-of-service"]
MEMBERSHIP_INTERVAL = URIRef(f"{MEMBERSHIP}/during")
MEMBERSHIP_BEGINNING = URIRef(f"{MEMBERSHIP}/during/beginning")
POST = ID["post/t1/head-of-service"]
CONTACT = ID["contact/pat-example"]
QUOTATION = ID["quotation/pat-example"]
CHANGE_EVENT = ID["event/t1-reorganised-2009-04"]
COVENTRY = GSS["E08000026"]
CHILDREN_ACT = LEG["ukpga/1989/41"]
SECTION_1_3 = URIRef(f"{CHILDREN_ACT}/section/1/3")
CITATION = ID["citation/report-s1-3"]
REPORT_FILE = URIRef(f"{REPORT}/file")
INSPECTION_KIND = ID["concept/inspection-kind/test-inspection"]
FRAMEWORK = ID["concept/inspection-framework/test-framework"]  # the report was read from a PDF: its passages have pages
CHECKLIST = ID["checklist/welfare-checklist"]
ITEMS = (ID["checklist/welfare-checklist/item/wishes"], ID["checklist/welfare-checklist/item/needs"])
def grade_iri(number: int) -> URIRef:
    return ID[f"concept/grade/{number}"]


AREA_OVERALL = ID["concept/evaluation-area/overall-effectiveness"]
OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")


def statement_iri(document: URIRef, s, p, o) -> URIRef:
    return URIRef(f"{document}/statement/{hashlib.sha1(f'{s} {p} {o.n3()}'.encode()).hexdigest()[:16]}")


def document(dataset: Dataset, iri: URIRef) -> "DocumentGraph":
    """One of the two documents of the small graph, to add facts to."""
    return DocumentGraph(dataset, iri, REPORT_TEXT if iri == REPORT else RELEASE_TEXT)


class DocumentGraph:
    """One document's graph, with a helper that writes evidence for a quote of its text."""

    def __init__(self, dataset: Dataset, iri: URIRef, text: str):
        self.g: Graph = dataset.graph(iri)
        self.iri, self.text = iri, text

    @classmethod
    def new(cls, dataset: Dataset, iri: URIRef, text: str, kind: URIRef, title: str, issued: str) -> "DocumentGraph":
        doc = cls(dataset, iri, text)
        g = doc.g
        g.add((iri, RDF.type, kind))
        g.add((iri, DCTERMS.title, Literal(title)))
        g.add((iri, CKG.genre, Literal("ofsted-inspection-report" if kind == CKG.InspectionReport else "cafcass-press-release")))
        g.add((iri, SCHEMA.text, Literal(text)))
        g.add((iri, DCTERMS.publisher, OFSTED if kind == CKG.InspectionReport else CAFCASS))
        g.add((iri, DCTERMS.license, OGL))
        g.add((iri, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        g.add((iri, CKG.sourceFile, Literal(f"{str(iri).rsplit('/', 1)[-1]}.txt")))
        checksum = URIRef(f"{iri}/checksum")
        g.add((iri, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(text.encode()).hexdigest(), datatype=XSD.hexBinary)))
        if iri == REPORT:
            doc.source_file("report.pdf", "application/pdf", pages=2)
        return doc

    def source_file(self, name: str, media_type: str, pages: int) -> None:
        g, f = self.g, URIRef(f"{self.iri}/file")
        g.add((self.iri, DCTERMS.source, f))
        g.add((f, RDF.type, SCHEMA.MediaObject))
        g.add((f, SCHEMA.name, Literal(name)))
        g.add((f, SCHEMA.encodingFormat, Literal(media_type)))
        g.add((f, DCAT.byteSize, Literal(48213, datatype=XSD.nonNegativeInteger)))
        g.add((f, SCHEMA.numberOfPages, Literal(pages, datatype=XSD.integer)))
        checksum = URIRef(f"{f}/checksum")
        g.add((f, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.checksumValue, Literal("ab" * 32, datatype=XSD.hexBinary)))

    def evidence(self, quote: str, *facts: URIRef) -> URIRef:
        start = self.text.index(quote)
        end = start + len(quote)
        g = self.g
        annotation = URIRef(f"{self.iri}/evidence/{start}-{end}")
        target = URIRef(f"{self.iri}/passage/{start}-{end}")
        g.add((annotation, RDF.type, OA.Annotation))
        g.add((annotation, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, self.iri))
        for kind, pairs in ((OA.TextPositionSelector, ((OA.start, Literal(start, datatype=XSD.nonNegativeInteger)),
                                                        (OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))),
                            (OA.TextQuoteSelector, ((OA.exact, Literal(quote)),))):
            selector = URIRef(f"{target}/{'position' if kind == OA.TextPositionSelector else 'quote'}")
            g.add((target, OA.hasSelector, selector))
            g.add((selector, RDF.type, kind))
            for p, o in pairs:
                g.add((selector, p, o))
        if (self.iri, DCTERMS.source, None) in g:
            page = 1 + start * 2 // len(self.text)  # the small report's two pages, half the text each
            selector = URIRef(f"{target}/page")
            g.add((target, CKG.pageNumber, Literal(page, datatype=XSD.integer)))
            g.add((target, OA.hasSelector, selector))
            g.add((selector, RDF.type, OA.FragmentSelector))
            g.add((selector, RDF.value, Literal(f"page={page}")))
            g.add((selector, DCTERMS.conformsTo, URIRef("http://tools.ietf.org/rfc/rfc8118")))
        for fact in facts:
            g.add((annotation, OA.hasBody, fact))
            g.add((fact, PROV.wasDerivedFrom, annotation))
        return annotation

    def claim(self, s, p, o, quote: str) -> None:
        self.g.add((s, p, o))
        statement = statement_iri(self.iri, s, p, o)
        self.g.add((statement, RDF.type, RDF.Statement))
        self.g.add((statement, RDF.subject, s))
        self.g.add((statement, RDF.predicate, p))
        self.g.add((statement, RDF.object, o))
        self.evidence(quote, statement)

    def add(self, s, *pairs) -> None:
        for p, o in pairs:
            self.g.add((s, p, o))


def _judgement(doc: DocumentGraph, iri, grade: int, label: str, stated_in, quote: str) -> None:
    doc.add(iri, (RDF.type, CKG.Judgement), (CKG.inspection, INSPECTION), (CKG.evaluationArea, AREA_OVERALL),
            (CKG.grade, grade_iri(grade)), (CKG.gradeLabel, Literal(label)), (CKG.statedIn, stated_in),
            (CKG.areaLabel, Literal("Overall effectiveness")), (RDFS.label, Literal(f"Overall effectiveness: {label}")))
    doc.evidence(quote, iri)


def _inspection(doc: DocumentGraph, quote: str) -> None:
    doc.add(INSPECTION, (RDF.type, CKG.Inspection), (RDF.type, PROV.Activity), (RDFS.label, Literal("Inspection T1-001")),
            (CKG.inspected, AREA), (CKG.reportedIn, doc.iri), (PROV.wasAssociatedWith, OFSTED))
    doc.add(AREA, (RDF.type, CKG.ServiceArea), (RDF.type, ORG.OrganizationalUnit), (RDFS.label, Literal("Testshire")))
    doc.claim(AREA, ORG.unitOf, CAFCASS, quote)
    doc.evidence(quote, INSPECTION)


def small_dataset() -> Dataset:
    """The valid graph: it conforms, with no warnings."""
    ds = new_dataset()
    report = DocumentGraph.new(ds, REPORT, REPORT_TEXT, CKG.InspectionReport, "Inspection of Testshire", "2010-06-01")
    _inspection(report, "Inspection of Testshire service area")
    report.add(INSPECTION, (CKG.fieldworkStart, Literal("2010-05-10", datatype=XSD.date)),
               (CKG.fieldworkEnd, Literal("2010-05-14", datatype=XSD.date)), (DCTERMS.identifier, Literal("T1-001")))
    report.add(AREA, (SKOS.notation, Literal("T1")))
    report.add(INSPECTION, (CKG.inspectionKind, INSPECTION_KIND), (CKG.framework, FRAMEWORK))
    report.add(INSPECTION_KIND, (RDF.type, SKOS.Concept), (SKOS.inScheme, ID["scheme/inspection-kind"]),
               (SKOS.prefLabel, Literal("Inspection", lang="en")))
    report.add(FRAMEWORK, (RDF.type, SKOS.Concept), (SKOS.inScheme, ID["scheme/inspection-framework"]),
               (SKOS.prefLabel, Literal("Test framework", lang="en")))
    _judgement(report, SECTION_JUDGEMENT, 3, "satisfactory", CKG.SectionGradeLine, "Grade 3 (satisfactory)")
    _judgement(report, RECORD_JUDGEMENT, 3, "Satisfactory", CKG.RecordOfMainFindings, "Overall effectiveness: satisfactory")
    report.add(IMPROVEMENT, (RDF.type, CKG.AreaForImprovement), (CKG.inspection, INSPECTION),
               (RDFS.label, Literal("Reduce referral delays")), (CKG.timescale, Literal("P3M", datatype=XSD.duration)))
    report.evidence("Referrals rose", IMPROVEMENT)

    dataset_iri = URIRef(f"{REPORT}/figures")
    report.add(dataset_iri, (RDF.type, QB.DataSet), (RDFS.label, Literal("Figures")), (PROV.wasDerivedFrom, REPORT))
    for iri, value in ((BEFORE, 131), (AFTER, 178)):
        report.add(iri, (RDF.type, QB.Observation), (QB.dataSet, dataset_iri), (SDMX_MEASURE.obsValue, Literal(value)),
                   (SDMX_ATT.unitMeasure, ID["concept/unit/referral"]), (CKG.surfaceText, Literal(str(value))),
                   (SDMX_DIM.refPeriod, URIRef("http://reference.data.gov.uk/id/year/2009")))
        report.evidence(str(value), iri)
    report.add(ID["concept/unit/referral"], (RDF.type, SKOS.Concept), (SKOS.inScheme, ID["scheme/unit"]),
               (SKOS.prefLabel, Literal("referral", lang="en")))
    report.add(CHANGE, (RDF.type, CKG.StatedChange), (CKG.fromObservation, BEFORE), (CKG.toObservation, AFTER),
               (CKG.percentChange, Literal("36", datatype=XSD.decimal)))
    report.evidence("rose by 36% from 131 to 178", CHANGE)

    report.add(CAFCASS, (RDF.type, ORG.FormalOrganization), (RDFS.label, Literal("Cafcass")))
    report.claim(CAFCASS, SCHEMA.legalName, Literal("Children and Family Court Advisory and Support Service"),
                 "Children and Family Court Advisory and Support Service")
    report.add(COVENTRY, (RDF.type, SCHEMA.AdministrativeArea), (RDFS.label, Literal("Coventry")), (SKOS.notation, Literal("E08000026")))
    report.claim(AREA, SCHEMA.areaServed, COVENTRY, "covers Coventry")

    report.add(CHILDREN_ACT, (RDF.type, CKG.Legislation), (RDFS.label, Literal("Children Act 1989")))
    report.add(SECTION_1_3, (RDF.type, CKG.LegislationProvision), (DCTERMS.isPartOf, CHILDREN_ACT),
               (RDFS.label, Literal("Children Act 1989, section 1(3)")))
    report.add(CITATION, (RDF.type, CKG.Citation), (CKG.cites, SECTION_1_3), (CKG.citedBy, REPORT))
    report.evidence("Section 1(3) of the Children Act 1989", CITATION)
    report.add(CHECKLIST, (RDF.type, CKG.Checklist), (RDFS.label, Literal("welfare checklist")),
               (CKG.declaredItemCount, Literal(2)))
    report.evidence("welfare checklist of 2 matters", CHECKLIST)
    for position, (item, word) in enumerate(zip(ITEMS, ("wishes", "needs")), start=1):
        report.add(item, (RDF.type, CKG.ChecklistItem), (CKG.checklist, CHECKLIST), (RDFS.label, Literal(word)),
                   (CKG.position, Literal(position)))
        report.evidence(word, item)

    report.add(PERSON, (RDF.type, FOAF.Person), (RDFS.label, Literal("Pat Example")), (FOAF.name, Literal("Pat Example")))
    report.add(MEMBERSHIP, (RDF.type, ORG.Membership), (ORG.member, PERSON), (ORG.organization, AREA),
               (ORG.role, ID["concept/role/head-of-service"]), (SCHEMA.jobTitle, Literal("Head of Service")))
    report.evidence("Pat Example, Head of Service", MEMBERSHIP)
    report.add(MEMBERSHIP, (ORG.memberDuring, MEMBERSHIP_INTERVAL))
    report.add(MEMBERSHIP_INTERVAL, (RDF.type, TIME.Interval), (TIME.hasBeginning, MEMBERSHIP_BEGINNING))
    report.add(MEMBERSHIP_BEGINNING, (RDF.type, TIME.Instant), (TIME.inXSDgYearMonth, Literal("2009-04", datatype=XSD.gYearMonth)))
    report.add(POST, (RDF.type, ORG.Post), (ORG.postIn, AREA), (ORG.role, ID["concept/role/head-of-service"]),
               (CKG.inPostSince, Literal("2009-06", datatype=XSD.gYearMonth)), (RDFS.label, Literal("Head of Service")))
    report.evidence("in post since June 2009", POST)
    report.claim(PERSON, SCHEMA.contactPoint, CONTACT, "Telephone 0123 456 789")
    report.add(CONTACT, (RDF.type, SCHEMA.ContactPoint), (SCHEMA.telephone, Literal("0123 456 789")))
    report.add(CHANGE_EVENT, (RDF.type, ORG.ChangeEvent), (ORG.resultingOrganization, AREA),
               (DCTERMS.date, Literal("2009-04", datatype=XSD.gYearMonth)), (RDFS.label, Literal("Re-organisation")))
    report.evidence("re-organised in April 2009", CHANGE_EVENT)

    release = DocumentGraph.new(ds, RELEASE, RELEASE_TEXT, CKG.PressRelease, "Ofsted judges Testshire satisfactory", "2010-06-02")
    _inspection(release, "Testshire service area")
    _judgement(release, RELEASE_JUDGEMENT, 3, "satisfactory", CKG.PressReleaseStatement, "to be satisfactory")
    release.add(CAFCASS, (RDF.type, ORG.FormalOrganization), (RDFS.label, Literal("Cafcass")))
    release.claim(CAFCASS, SCHEMA.legalName, Literal("Children and Family Court Advisory and Support Service"),
                  "Children and Family Court Advisory and Support Service")
    release.add(QUOTATION, (RDF.type, SCHEMA.Quotation), (SCHEMA.creator, PERSON), (SCHEMA.text, Literal("Children come first,")))
    release.add(PERSON, (RDF.type, FOAF.Person), (RDFS.label, Literal("Pat Example")))
    release.evidence('"Children come first," said Pat Example.', QUOTATION)
    return ds
