"""Every shape and every cross-check, broken one at a time on a small valid graph.

Each case changes a few triples of ``small_graph.small_dataset()`` and states the exact results a
user then sees: severity, focus node, path and message.
"""

from __future__ import annotations

from typing import Callable

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, PROV, QB, RDF, RDFS, SH, SKOS, TIME, XSD

from cafcass_kg.build import VOCABULARY_GRAPH
from cafcass_kg.namespaces import CGOV, CKG, ID, OA, SCHEMA, SDMX_MEASURE, SHAPES, SPDX, curie
from cafcass_kg.resources import ontology_files
from cafcass_kg.validation import Shapes, validate_dataset

from . import small_graph as sg


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return Shapes.bundled()


def test_the_small_graph_conforms_without_warnings(shapes):
    report = validate_dataset(sg.small_dataset(), shapes)
    assert report.conforms and report.results == []


# ---- helpers that break a graph -------------------------------------------------------------------

def graph_of(ds: Dataset, s) -> URIRef:
    """The (first) document graph that states something about s."""
    for _, _, _, g in ds.quads((s, None, None, None)):
        name = getattr(g, "identifier", g)
        if name != VOCABULARY_GRAPH:
            return name
    raise LookupError(s)


def remove(s, p) -> Callable[[Dataset], None]:
    def change(ds: Dataset) -> None:
        for _, _, o, g in list(ds.quads((s, p, None, None))):
            ds.remove((s, p, o, g))
    return change


def replace(s, p, o) -> Callable[[Dataset], None]:
    def change(ds: Dataset) -> None:
        graph = graph_of(ds, s)
        remove(s, p)(ds)
        ds.graph(graph).add((s, p, o))
    return change


def add(s, p, o, document: URIRef | None = None) -> Callable[[Dataset], None]:
    def change(ds: Dataset) -> None:
        ds.graph(document or graph_of(ds, s)).add((s, p, o))
    return change


def both(*changes) -> Callable[[Dataset], None]:
    def change(ds: Dataset) -> None:
        for c in changes:
            c(ds)
    return change


def state(document: URIRef, s, p, o, quote: str) -> Callable[[Dataset], None]:
    """Add a stated fact (with its rdf:Statement and evidence) to a document."""
    def change(ds: Dataset) -> None:
        doc = sg.document(ds, document)
        doc.claim(s, p, o, quote)
        for iri, name in ((DFE, "Department for Education"), (DCSF, "Department for Children, Schools and Families")):
            doc.g.add((iri, RDF.type, ORG.FormalOrganization))
            doc.g.add((iri, RDFS.label, Literal(name)))
    return change


def restate(document: URIRef, s, p, new) -> Callable[[Dataset], None]:
    """Change the value of a stated fact in one document, statement included."""
    def change(ds: Dataset) -> None:
        g = ds.graph(document)
        old = g.value(s, p)
        g.remove((s, p, old))
        g.add((s, p, new))
        for statement in list(g.subjects(RDF.object, old)):
            g.remove((statement, RDF.object, old))
            g.add((statement, RDF.object, new))
    return change


DFE, DCSF = ID["organisation/department-for-education"], ID["organisation/dcsf"]


def passage(document: URIRef, quote: str) -> URIRef:
    text = sg.REPORT_TEXT if document == sg.REPORT else sg.RELEASE_TEXT
    start = text.index(quote)
    return URIRef(f"{document}/passage/{start}-{start + len(quote)}")


S, R = str, sg.REPORT
SECTION_PASSAGE = passage(R, "Grade 3 (satisfactory)")
V, W, INFO = "Violation", "Warning", "Info"

# ---- the cases ---------------------------------------------------------------------------------------

CASES = {
    # documents
    "document without a title": (
        remove(R, DCTERMS.title),
        {(V, S(R), "dct:title", "A document needs a title (a non-empty string).")}),
    "document genre outside the list": (
        replace(R, CKG.genre, Literal("blog post")),
        {(V, S(R), "ckg:genre", "A document has exactly one genre: ofsted-inspection-report, cafcass-press-release, ofsted-national-inspection-report, ofsted-visit-letter or document-about-cafcass.")}),
    "inspection kind from another scheme": (
        replace(sg.INSPECTION, CKG.inspectionKind, sg.AREA_OVERALL),
        {(V, S(sg.INSPECTION), "ckg:inspectionKind", "An inspection is of at most one kind, a concept of the inspection-kind scheme (inspection, focused visit, monitoring visit).")}),
    "inspection framework that is a grade": (
        replace(sg.INSPECTION, CKG.framework, sg.grade_iri(2)),
        {(V, S(sg.INSPECTION), "ckg:framework", "An inspection follows at most one framework, a concept of the inspection-framework scheme.")}),
    "post held since a month written as a string": (
        replace(sg.MEMBERSHIP_BEGINNING, TIME.inXSDgYearMonth, Literal("April 2009")),
        {(V, S(sg.MEMBERSHIP_BEGINNING), "time:inXSDgYearMonth", "An instant has at most one month, an xsd:gYearMonth.")}),
    "report without its publisher": (
        remove(R, DCTERMS.publisher),
        {(V, S(R), "dct:publisher", "A document needs a publisher (an organisation's IRI).")}),
    "file without a media type": (
        remove(sg.REPORT_FILE, SCHEMA.encodingFormat),
        {(V, S(sg.REPORT_FILE), "schema:encodingFormat", "A file has exactly one media type, such as application/pdf or text/html.")}),
    "file with a negative size": (
        replace(sg.REPORT_FILE, DCAT.byteSize, Literal(-3, datatype=XSD.integer)),
        {(V, S(sg.REPORT_FILE), "dcat:byteSize", "A file has exactly one size in bytes, a non-negative integer.")}),
    "page counted from 0": (
        replace(URIRef(f"{SECTION_PASSAGE}/page"), RDF.value, Literal("page=0")),
        {(V, S(URIRef(f"{SECTION_PASSAGE}/page")), "rdf:value", "A page selector's value is page=N with N counted from 1 (RFC 8118).")}),
    "issue date of the wrong datatype": (
        replace(R, DCTERMS.issued, Literal("1 June 2010")),
        {(V, S(R), "dct:issued", "A document has at most one issue date, an xsd:date, xsd:gYearMonth or xsd:gYear.")}),
    "ill-formed date": (
        replace(R, DCTERMS.issued, Literal("2010-13-45", datatype=XSD.date)),
        {(V, S(R), "dct:issued", "A document has at most one issue date, an xsd:date, xsd:gYearMonth or xsd:gYear.")}),
    "checksum that is not SHA-256": (
        replace(URIRef(f"{R}/checksum"), SPDX.checksumValue, Literal("abcd", datatype=XSD.hexBinary)),
        {(V, S(R), "spdx:checksum", "A document has exactly one SHA-256 checksum of its text."),
         (V, S(R), None, "The document's text does not match its SHA-256 checksum (abcd): the text was changed after loading.")}),
    # evidence
    "judgement without evidence": (
        remove(sg.SECTION_JUDGEMENT, PROV.wasDerivedFrom),
        {(V, S(sg.SECTION_JUDGEMENT), "prov:wasDerivedFrom",
          "This fact has no evidence: it needs at least one oa:Annotation that points to the passage it was read from.")}),
    "evidence that names no fact": (
        remove(URIRef(f"{R}/evidence/{str(SECTION_PASSAGE).rsplit('/', 1)[-1]}"), OA.hasBody),
        {(V, f"{R}/evidence/{str(SECTION_PASSAGE).rsplit('/', 1)[-1]}", "oa:hasBody",
          "Evidence names the fact it supports (oa:hasBody).")}),
    "quote that does not match the document": (
        replace(URIRef(f"{SECTION_PASSAGE}/quote"), OA.exact, Literal("Grade 1 (outstanding)")),
        {(V, S(SECTION_PASSAGE), None, 'The quote "Grade 1 (outstanding)" is not the document\'s text at characters '
          f'{S(SECTION_PASSAGE).rsplit("/", 1)[-1]}, which reads "Grade 3 (satisfactory)".')}),
    "position outside the text": (
        replace(URIRef(f"{SECTION_PASSAGE}/position"), OA.end, Literal(99999, datatype=XSD.nonNegativeInteger)),
        {(V, S(SECTION_PASSAGE), None, f"The passage's position {S(SECTION_PASSAGE).rsplit('/', 1)[-1].split('-')[0]}-99999 "
          f"is not inside the document's text of {len(sg.REPORT_TEXT)} characters.")}),
    "passage without a quote": (
        remove(SECTION_PASSAGE, OA.hasSelector),
        {(V, S(SECTION_PASSAGE), "oa:hasSelector", "A passage has exactly one position (oa:TextPositionSelector)."),
         (V, S(SECTION_PASSAGE), "oa:hasSelector", "A passage has exactly one quote (oa:TextQuoteSelector).")}),
    "offset of the wrong datatype": (
        replace(URIRef(f"{SECTION_PASSAGE}/position"), OA.start, Literal("12")),
        {(V, f"{SECTION_PASSAGE}/position", "oa:start", "A position has one start offset, a non-negative integer.")}),
    "negative offset": (
        replace(URIRef(f"{SECTION_PASSAGE}/position"), OA.start, Literal(-3)),
        {(V, f"{SECTION_PASSAGE}/position", "oa:start", "A position has one start offset, a non-negative integer.")}),
    "empty quote": (
        replace(URIRef(f"{SECTION_PASSAGE}/quote"), OA.exact, Literal("")),
        {(V, f"{SECTION_PASSAGE}/quote", "oa:exact", "A quote has exactly one non-empty exact text."),
         (V, S(SECTION_PASSAGE), None, 'The quote "" is not the document\'s text at characters '
          f'{S(SECTION_PASSAGE).rsplit("/", 1)[-1]}, which reads "Grade 3 (satisfactory)".')}),
    "stated fact that the graph does not hold": (
        lambda ds: ds.graph(R).remove((sg.AREA, SCHEMA.areaServed, sg.COVENTRY)),
        {(V, S(sg.statement_iri(R, sg.AREA, SCHEMA.areaServed, sg.COVENTRY)), None,
          f"The evidence is for a fact that the graph does not hold: {sg.AREA} {SCHEMA.areaServed} {sg.COVENTRY}.")}),
    # organisations, places, people
    "service area without a name": (
        remove(sg.AREA, RDFS.label),
        {(V, S(sg.AREA), "rdfs:label", "A service area needs a name (rdfs:label)."),
         (V, S(sg.AREA), "rdfs:label", "An organisation or unit needs a name (rdfs:label).")}),
    "service area with two codes": (
        add(sg.AREA, SKOS.notation, Literal("T9")),
        {(V, S(sg.AREA), "skos:notation", "A service area has at most one code.")}),
    "organisation without a name": (
        both(remove(sg.CAFCASS, RDFS.label), lambda ds: ds.graph(VOCABULARY_GRAPH).remove((sg.CAFCASS, RDFS.label, None))),
        {(V, S(sg.CAFCASS), "rdfs:label", "An organisation or unit needs a name (rdfs:label).")}),
    "place code that is not a GSS code": (
        both(remove(sg.COVENTRY, SKOS.notation), lambda ds: ds.graph(VOCABULARY_GRAPH).remove((sg.COVENTRY, SKOS.notation, None)),
             add(sg.COVENTRY, SKOS.notation, Literal("E0800002"), sg.REPORT)),
        {(V, S(sg.COVENTRY), "skos:notation", "A place's code is one ONS GSS code: a letter E, W, S or N and eight digits."),
         (V, S(sg.COVENTRY), None, "The place's GSS code E0800002 is not the code in its IRI.")}),
    "person without a name": (
        both(remove(sg.PERSON, RDFS.label), remove(sg.PERSON, FOAF.name)),
        {(V, S(sg.PERSON), "rdfs:label", "A person needs a name (rdfs:label).")}),
    "post holding with a role outside the scheme": (
        replace(sg.MEMBERSHIP, ORG.role, ID["concept/grade/1"]),
        {(V, S(sg.MEMBERSHIP), "org:role", "A post holding has exactly one role from the role scheme.")}),
    "post holding without a person": (
        remove(sg.MEMBERSHIP, ORG.member),
        {(V, S(sg.MEMBERSHIP), "org:member", "A post holding names exactly one person.")}),
    "in post since, in words": (
        replace(sg.POST, CKG.inPostSince, Literal("June 2009")),
        {(V, S(sg.POST), "ckg:inPostSince", "'In post since' is at most one date: xsd:date, xsd:gYearMonth or xsd:gYear.")}),
    "change without a date": (
        remove(sg.CHANGE_EVENT, DCTERMS.date),
        {(V, S(sg.CHANGE_EVENT), "dct:date", "A change has exactly one date: xsd:date, xsd:gYearMonth or xsd:gYear.")}),
    "telephone number that is not one": (
        replace(sg.CONTACT, SCHEMA.telephone, Literal("call the office")),
        {(V, S(sg.CONTACT), "schema:telephone", "A telephone number is digits, spaces, brackets and dashes, at least six of them.")}),
    "quotation without a speaker": (
        remove(sg.QUOTATION, SCHEMA.creator),
        {(V, S(sg.QUOTATION), "schema:creator", "A quotation has exactly one speaker.")}),
    # inspections and judgements
    "inspection of nothing": (
        remove(sg.INSPECTION, CKG.inspected),
        {(V, S(sg.INSPECTION), "ckg:inspected", "An inspection inspects exactly one service area, unit or organisation (Cafcass itself, in a national inspection).")}),
    "fieldwork that ends before it starts": (
        replace(sg.INSPECTION, CKG.fieldworkEnd, Literal("2010-05", datatype=XSD.gYearMonth)),
        set()),
    "fieldwork that ends a month before it starts": (
        replace(sg.INSPECTION, CKG.fieldworkEnd, Literal("2010-04-30", datatype=XSD.date)),
        {(V, S(sg.INSPECTION), None, "Fieldwork ends (2010-04-30) before it starts (2010-05-10).")}),
    "judgement with no grade": (
        remove(sg.SECTION_JUDGEMENT, CKG.grade),
        {(V, S(sg.SECTION_JUDGEMENT), "ckg:grade",
          "A judgement has exactly one grade, a concept of the Ofsted grade scale (1 outstanding to 4 inadequate).")}),
    "grade from outside the scheme": (
        replace(sg.SECTION_JUDGEMENT, CKG.grade, ID["concept/grade/5"]),
        {(V, S(sg.SECTION_JUDGEMENT), "ckg:grade",
          "A judgement has exactly one grade, a concept of the Ofsted grade scale (1 outstanding to 4 inadequate).")}),
    "evaluation area from another scheme": (
        replace(sg.SECTION_JUDGEMENT, CKG.evaluationArea, ID["concept/role/head-of-service"]),
        {(V, S(sg.SECTION_JUDGEMENT), "ckg:evaluationArea",
          "A judgement judges exactly one evaluation area, a concept of the evaluation-area scheme.")}),
    "judgement that does not say where it is stated": (
        remove(sg.SECTION_JUDGEMENT, CKG.statedIn),
        {(V, S(sg.SECTION_JUDGEMENT), "ckg:statedIn",
          "A judgement says where the document states it, once (a ckg:JudgementSource).")}),
    "timescale in words": (
        replace(sg.IMPROVEMENT, CKG.timescale, Literal("three months")),
        {(V, S(sg.IMPROVEMENT), "ckg:timescale", "A timescale is at most one xsd:duration (P3M).")}),
    # legislation
    "citation of nothing": (
        remove(sg.CITATION, CKG.cites),
        {(V, S(sg.CITATION), "ckg:cites", "A citation cites exactly one piece of legislation (an IRI).")}),
    "legislation IRI of a web page, not an identifier": (
        lambda ds: ds.graph(R).add((URIRef("https://www.legislation.gov.uk/ukpga/1989/41/section/1"), RDF.type, CKG.Legislation)),
        {(V, "https://www.legislation.gov.uk/ukpga/1989/41/section/1", None,
          "Legislation is identified by its legislation.gov.uk identifier IRI (http://www.legislation.gov.uk/id/{type}/{year}/{chapter}),"
          " or by the project's provisional IRI where the Act is not in the reference data."),
         (W, "https://www.legislation.gov.uk/ukpga/1989/41/section/1", None,
          "This Act has no legislation.gov.uk identifier yet: add it to ontology/reference.ttl so that citations link to the authority.")}),
    "Act not in the reference data": (
        lambda ds: ds.graph(R).add((ID["legislation/family-law-act-1996"], RDF.type, CKG.Legislation)),
        {(W, S(ID["legislation/family-law-act-1996"]), None,
          "This Act has no legislation.gov.uk identifier yet: add it to ontology/reference.ttl so that citations link to the authority.")}),
    "provision outside its Act": (
        replace(sg.SECTION_1_3, DCTERMS.isPartOf, URIRef("http://www.legislation.gov.uk/id/ukpga/2002/38")),
        {(V, S(sg.SECTION_1_3), None, "A provision's IRI is its Act's IRI followed by /section/…, /part/… or /schedule/…; "
          f"{sg.SECTION_1_3} is not under http://www.legislation.gov.uk/id/ukpga/2002/38.")}),
    "checklist item at position 0": (
        replace(sg.ITEMS[0], CKG.position, Literal(0)),
        {(V, S(sg.ITEMS[0]), "ckg:position", "A checklist item has one position, a positive integer.")}),
    "checklist with a declared count of the wrong type": (
        replace(sg.CHECKLIST, CKG.declaredItemCount, Literal("two")),
        {(V, S(sg.CHECKLIST), "ckg:declaredItemCount", "A checklist's declared number of items is one positive integer.")}),
    # figures
    "negative figure": (
        replace(sg.BEFORE, SDMX_MEASURE.obsValue, Literal(-131)),
        {(V, S(sg.BEFORE), "sdmx-measure:obsValue", "A figure has exactly one value, a non-negative xsd:integer or xsd:decimal."),
         (W, S(sg.CHANGE), "ckg:percentChange", "The document states a change of 36%, but -131 to 178 is a change of -235.9%.")}),
    "figure period that is not a government interval": (
        replace(sg.BEFORE, URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod"), URIRef("http://example.org/2009")),
        {(V, S(sg.BEFORE), "sdmx-dimension:refPeriod",
          "A figure's period is at most one UK government interval IRI (day, month, year or government year).")}),
    "figure without a data set": (
        remove(sg.BEFORE, QB.dataSet),
        {(V, S(sg.BEFORE), "qb:dataSet", "A figure belongs to exactly one data set.")}),
    "figures that come from no document": (
        remove(URIRef(f"{R}/figures"), PROV.wasDerivedFrom),
        {(V, f"{R}/figures", "prov:wasDerivedFrom", "A document's set of figures comes from exactly one document of the graph.")}),
    "percentage change as text": (
        replace(sg.CHANGE, CKG.percentChange, Literal("36%")),
        {(V, S(sg.CHANGE), "ckg:percentChange", "A stated change has exactly one percentage (xsd:decimal).")}),
    # vocabularies and the ontology
    "concept without a preferred label": (
        remove(ID["concept/unit/referral"], SKOS.prefLabel),
        {(V, S(ID["concept/unit/referral"]), "skos:prefLabel", "A concept has a preferred label, at most one per language.")}),
    "evaluation area not in the vocabulary": (
        both(replace(sg.SECTION_JUDGEMENT, CKG.evaluationArea, ID["concept/evaluation-area/timeliness"]),
             add(ID["concept/evaluation-area/timeliness"], RDF.type, SKOS.Concept, R),
             add(ID["concept/evaluation-area/timeliness"], SKOS.inScheme, ID["scheme/evaluation-area"], R),
             add(ID["concept/evaluation-area/timeliness"], SKOS.prefLabel, Literal("Timeliness", lang="en"), R)),
        {(INFO, S(ID["concept/evaluation-area/timeliness"]), "skos:definition",
          "This evaluation area was found in a document but is not defined in the vocabulary (ontology/vocabularies.ttl): "
          "check its wording and add it.")}),
    "ontology class without a definition": (
        lambda ds: ds.graph(VOCABULARY_GRAPH).remove((CKG.Judgement, SKOS.definition, None)),
        {(V, S(CKG.Judgement), "skos:definition", "A term of the ontology needs a definition (skos:definition).")}),
    "ontology property without a range": (
        lambda ds: ds.graph(VOCABULARY_GRAPH).remove((CKG.grade, RDFS.range, None)),
        {(V, S(CKG.grade), "rdfs:range",
          "A property of the ontology says what it links to: exactly one rdfs:range (a class or a datatype).")}),
    "ontology property without a domain": (
        lambda ds: ds.graph(VOCABULARY_GRAPH).remove((CKG.grade, RDFS.domain, None)),
        {(V, S(CKG.grade), "rdfs:domain", "A property of the ontology says what it describes: exactly one rdfs:domain.")}),
    # cross-checks: contradictions between or within sources are warnings
    "a section grade that disagrees with the Record of main findings": (
        both(replace(sg.SECTION_JUDGEMENT, CKG.grade, ID["concept/grade/2"]), replace(sg.SECTION_JUDGEMENT, CKG.gradeLabel, Literal("good"))),
        {(W, S(sg.SECTION_JUDGEMENT), None, "The report's section on 'Overall effectiveness' says grade 2 (good), "
          "but its Record of main findings says grade 3 (Satisfactory)."),
         (W, S(sg.RELEASE_JUDGEMENT), None, "Documents disagree on 'Overall effectiveness' in Inspection T1-001: grade 3 (satisfactory) in "
          "\"Ofsted judges Testshire satisfactory\", grade 2 (good) in \"Inspection of Testshire\".")}),
    "a grade number that disagrees with its wording": (
        replace(sg.SECTION_JUDGEMENT, CKG.gradeLabel, Literal("good")),
        {(W, S(sg.SECTION_JUDGEMENT), "ckg:gradeLabel",
          "The document says 'Grade 3 (good)', but grade 3 is 'satisfactory' on the Ofsted scale.")}),
    "a percentage change that disagrees with its figures": (
        replace(sg.CHANGE, CKG.percentChange, Literal("63", datatype=XSD.decimal)),
        {(W, S(sg.CHANGE), "ckg:percentChange", "The document states a change of 63%, but 131 to 178 is a change of 35.9%.")}),
    "two documents that grade one judgement differently": (
        both(replace(sg.RELEASE_JUDGEMENT, CKG.grade, ID["concept/grade/2"]), replace(sg.RELEASE_JUDGEMENT, CKG.gradeLabel, Literal("good"))),
        # Each pair is reported once, on the judgement whose IRI sorts first.
        {(W, S(sg.RELEASE_JUDGEMENT), None, "Documents disagree on 'Overall effectiveness' in Inspection T1-001: grade 2 (good) in "
          "\"Ofsted judges Testshire satisfactory\", grade 3 (satisfactory) in \"Inspection of Testshire\"."),
         (W, S(sg.RECORD_JUDGEMENT), None, "Documents disagree on 'Overall effectiveness' in Inspection T1-001: grade 3 (Satisfactory) in "
          "\"Inspection of Testshire\", grade 2 (good) in \"Ofsted judges Testshire satisfactory\".")}),
    "a person holding two posts on one date": (
        both(add(ID["membership/pat-example/chief-executive"], RDF.type, ORG.Membership, R),
             add(ID["membership/pat-example/chief-executive"], ORG.member, sg.PERSON, R),
             add(ID["membership/pat-example/chief-executive"], ORG.organization, sg.AREA, R),
             add(ID["membership/pat-example/chief-executive"], ORG.role, ID["concept/role/chief-executive"], R),
             add(ID["membership/pat-example/chief-executive"], SCHEMA.jobTitle, Literal("Chief Executive"), R),
             add(ID["membership/pat-example/chief-executive"], PROV.wasDerivedFrom,
                 URIRef(f"{R}/evidence/{str(passage(R, 'Pat Example, Head of Service')).rsplit('/', 1)[-1]}"), R)),
        {(W, S(ID["membership/pat-example/chief-executive"]), None,
          "Pat Example holds two posts in Testshire on 2010-06-01: 'Chief Executive' and 'Head of Service'.")}),
    "two sources that disagree on a legal name": (
        restate(sg.RELEASE, sg.CAFCASS, SCHEMA.legalName, Literal("Children and Family Court Advisory Service")),
        {(W, S(sg.CAFCASS), "schema:legalName", 'Sources disagree on the legal name of Cafcass: '
          '"Children and Family Court Advisory Service" in "Ofsted judges Testshire satisfactory"; '
          '"Children and Family Court Advisory and Support Service" in "Inspection of Testshire".')}),
    "two sources of different dates that name different parent departments": (
        both(state(R, sg.CAFCASS, CGOV.parentDepartment, DFE, "Cafcass is the"),
             state(sg.RELEASE, sg.CAFCASS, CGOV.parentDepartment, DCSF, "Cafcass is the")),
        set()),
    "two sources of one date that name different parent departments": (
        both(state(R, sg.CAFCASS, CGOV.parentDepartment, DFE, "Cafcass is the"),
             state(sg.RELEASE, sg.CAFCASS, CGOV.parentDepartment, DCSF, "Cafcass is the"),
             replace(sg.RELEASE, DCTERMS.issued, Literal("2010-06-01", datatype=XSD.date))),
        {(W, S(sg.CAFCASS), "cgov:parentDepartment", 'Sources disagree on the parent department of Cafcass on 2010-06-01: '
          '"Department for Children, Schools and Families" in "Ofsted judges Testshire satisfactory"; '
          '"Department for Education" in "Inspection of Testshire".')}),
    "a checklist that lists fewer items than it says": (
        replace(sg.CHECKLIST, CKG.declaredItemCount, Literal(3)),
        {(W, S(sg.CHECKLIST), "ckg:declaredItemCount", "The document says the checklist has 3 items but lists 2.")}),
}


_shapes_hit: dict[str, set[str]] = {}


def run_case(name: str, shapes: Shapes, engine: str = "auto"):
    change, _ = CASES[name]
    ds = sg.small_dataset()
    change(ds)
    report = validate_dataset(ds, shapes, engine=engine)
    _shapes_hit[name] = {r.node_shape for r in report.results}
    return {(r.severity, r.focus, r.path, r.message) for r in report.results}


# pySHACL is the reference; the set-at-a-time engine on Oxigraph and the fast engine (core constraints on
# the shacl package, SPARQL constraints on Oxigraph) must agree with it on every case.
@pytest.mark.parametrize("engine", ["pyshacl", "oxigraph", "fast"])
@pytest.mark.parametrize("name", list(CASES))
def test_shape_reports_the_broken_fact(name, engine, shapes):
    assert run_case(name, shapes, engine) == CASES[name][1]


@pytest.mark.parametrize("name", [n for n, (_, expected) in CASES.items() if expected])
def test_the_fast_engine_explains_a_result_as_pyshacl_does(name, shapes):
    """Not only the same results: the same shape, component, expectation and evidence for each."""
    def explained(engine):
        ds = sg.small_dataset()
        CASES[name][0](ds)
        return {(r.severity, r.focus, r.path, r.value, r.message, r.shape, r.node_shape, r.component, r.expected,
                 r.passages) for r in validate_dataset(ds, shapes, engine=engine).results}
    assert explained("fast") == explained("pyshacl")


def test_every_shape_with_a_target_has_a_case_that_breaks_it(shapes):
    for name in CASES:
        if name not in _shapes_hit:
            run_case(name, shapes)
    hit = set().union(*_shapes_hit.values())
    graph = shapes.per_document + shapes.whole_graph
    targeted = {curie(s) for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
                for s in graph.subjects(p, None)}
    assert targeted - hit == set()


def test_single_value_check_targets_exactly_the_properties_the_ontology_marks(shapes):
    ontology = Graph()
    for path in ontology_files():
        ontology.parse(path, format="turtle")
    marked = set(ontology.subjects(CKG.expectedSingleValue, Literal(True)))
    targets = set(shapes.whole_graph.objects(SHAPES.SourcesAgreeOnSingleValueShape, SH.targetSubjectsOf))
    assert marked and marked == targets
