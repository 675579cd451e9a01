"""What the class pages list and filter by: for each class a person browses, the columns of its
table, the facets beside it and the order of its instances. Each is a SPARQL graph pattern about
the instance ``?x`` that binds ``?value``; ``server/browse.py`` puts the patterns together.

A facet value reaches the address bar as a short key: the IRI with the facet's ``prefix`` taken off
(``?grade=3``, ``?area=a13``), or the whole IRI where it has another form; a year as its four digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cafcass_kg.namespaces import BASE

CONCEPT = BASE + "id/concept/"
OVERALL = f"<{CONCEPT}evaluation-area/overall-effectiveness>"
# An inspection's year is that of its earliest date (fieldwork, or publication where that is all a
# document gives): one year an inspection, as the overview dates them.
INSPECTION_YEAR = """{ SELECT ?i (SUBSTR(MIN(STR(?when)), 1, 4) AS ?value)
                       WHERE { ?i ckg:fieldworkStart|ckg:reportPublished ?when } GROUP BY ?i }"""


@dataclass(frozen=True)
class Facet:
    key: str  # its name in the query string
    title: str
    pattern: str  # binds ?value for the instance ?x
    prefix: str = ""  # taken off an IRI value to make its key
    year: bool = False  # values are years (literals of four digits), not IRIs
    order: str = "count"  # values listed by "count" (most first), "value" (newest year first) or "notation" (grade 1 first)

    @property
    def variable(self) -> str:
        return self.key.replace("-", "_")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    pattern: str  # binds ?value for the instance ?x
    badge: bool = False  # a grade: shown as the coloured badge
    first: bool = False  # only the least value (the earliest date), not all of them


@dataclass(frozen=True)
class BrowsedClass:
    slug: str  # its address: /browse/<slug>
    title: str  # plural, as a heading says it
    iri: str
    columns: tuple[Column, ...] = ()
    facets: tuple[Facet, ...] = ()
    sort: str = ""  # binds ?value for ?x: the order of the list (by label when empty)
    descending: bool = False
    member: str = ""  # what makes ?x one of the list, where that is not rdf:type (documents)

    @property
    def membership(self) -> str:
        return self.member or f"?x a <{self.iri}> ."


def _area(path: str) -> Facet:
    return Facet("area", "Service area", f"?x {path} ?value .", prefix=BASE + "id/area/")


def _year(path: str) -> Facet:
    return Facet("year", "Year", path, year=True, order="value")


GRADE = Facet("grade", "Grade", "?x ckg:grade ?value .", prefix=CONCEPT + "grade/", order="notation")
OVERALL_GRADE = Facet("grade", "Overall grade", f"?j ckg:inspection ?x ; ckg:evaluationArea {OVERALL} ; ckg:grade ?value .",
                      prefix=CONCEPT + "grade/", order="notation")
KIND = Facet("kind", "Kind", "?x ckg:inspectionKind ?value .", prefix=CONCEPT + "inspection-kind/")
FRAMEWORK = Facet("framework", "Framework", "?x ckg:framework ?value .", prefix=CONCEPT + "inspection-framework/")
DATE = "?x ckg:fieldworkStart|ckg:reportPublished ?value ."
INSPECTION_DATE = "?x ckg:inspection/(ckg:fieldworkStart|ckg:reportPublished) ?value ."

CLASSES = (
    BrowsedClass(
        "Inspection", "Inspections", BASE + "def/Inspection",
        columns=(Column("subject", "Inspected", "?x ckg:inspected ?value ."),
                 Column("date", "Date", DATE, first=True),
                 Column("kind", "Kind", "?x ckg:inspectionKind ?value ."),
                 Column("grade", "Overall grade", OVERALL_GRADE.pattern, badge=True)),
        facets=(_area("ckg:inspected"), _year(INSPECTION_YEAR.replace("?i", "?x")), OVERALL_GRADE, KIND, FRAMEWORK),
        sort=DATE, descending=True),
    BrowsedClass(
        "Judgement", "Judgements", BASE + "def/Judgement",
        columns=(Column("inspection", "Inspection", "?x ckg:inspection ?value ."),
                 Column("date", "Date", INSPECTION_DATE, first=True),
                 Column("evaluation-area", "Evaluation area", "?x ckg:evaluationArea ?value ."),
                 Column("grade", "Grade", GRADE.pattern, badge=True),
                 Column("stated-in", "Stated in", "?x ckg:statedIn ?value .")),
        facets=(_area("ckg:inspection/ckg:inspected"), _year(f"?x ckg:inspection ?i . {INSPECTION_YEAR}"), GRADE,
                Facet("evaluation-area", "Evaluation area", "?x ckg:evaluationArea ?value .", prefix=CONCEPT + "evaluation-area/"),
                Facet("stated-in", "Stated in", "?x ckg:statedIn ?value .", prefix=BASE + "def/")),
        sort=INSPECTION_DATE, descending=True),
    BrowsedClass(
        "ServiceArea", "Service areas", BASE + "def/ServiceArea",
        columns=(Column("code", "Code", "?x skos:notation ?value ."),
                 Column("part-of", "Part of", "?x org:unitOf ?value ."),
                 Column("inspections", "Inspections", "?value ckg:inspected ?x .")),
        facets=(Facet("part-of", "Part of", "?x org:unitOf ?value ."),
                Facet("year", "Inspected in", f"?i ckg:inspected ?x . {INSPECTION_YEAR}", year=True, order="value"))),
    BrowsedClass(
        "AreaForImprovement", "Areas for improvement", BASE + "def/AreaForImprovement",
        columns=(Column("inspection", "Inspection", "?x ckg:inspection ?value ."),
                 Column("timescale", "Timescale", "?x ckg:timescaleLabel ?value .")),
        facets=(_area("ckg:inspection/ckg:inspected"), _year(f"?x ckg:inspection ?i . {INSPECTION_YEAR}")),
        sort=INSPECTION_DATE, descending=True),
    BrowsedClass(
        "Figure", "Figures", "http://purl.org/linked-data/cube#Observation",
        columns=(Column("measure", "Measure", "?x ckg:measureLabel ?value ."),
                 Column("unit", "Unit", "?x sdmx-attribute:unitMeasure ?value ."),
                 Column("place", "Place or unit", "?x sdmx-dimension:refArea|ckg:aboutUnit ?value ."),
                 Column("period", "Period", "?x sdmx-dimension:refPeriod ?value ."),
                 Column("document", "Document", "?x prov:wasDerivedFrom/oa:hasTarget/oa:hasSource ?value .")),
        facets=(Facet("area", "Place or unit", "?x sdmx-dimension:refArea|ckg:aboutUnit ?value .", prefix=BASE + "id/area/"),
                Facet("period", "Period", "?x sdmx-dimension:refPeriod ?value .", prefix="http://reference.data.gov.uk/id/"),
                Facet("document", "Document", "?x prov:wasDerivedFrom/oa:hasTarget/oa:hasSource ?value .",
                      prefix=BASE + "id/document/")),
        sort="?x prov:wasDerivedFrom/oa:hasTarget/oa:hasSource/dct:title ?value ."),
    BrowsedClass(
        "Legislation", "Legislation", BASE + "def/Legislation",
        columns=(Column("year", "Year", "?x ckg:year ?value ."), Column("chapter", "Chapter", "?x ckg:chapter ?value .")),
        facets=(Facet("year", "Year", "?x ckg:year ?x_year . BIND (STR(?x_year) AS ?value)", year=True, order="value"),),
        sort="?x ckg:year ?value ."),
    BrowsedClass(
        "LegislationProvision", "Provisions of legislation", BASE + "def/LegislationProvision",
        columns=(Column("act", "Part of", "?x dct:isPartOf ?value ."),),
        facets=(Facet("act", "Act", "?x dct:isPartOf ?value .", prefix="http://www.legislation.gov.uk/id/"),)),
    BrowsedClass(
        "Citation", "Citations of legislation", BASE + "def/Citation",
        columns=(Column("cites", "Cites", "?x ckg:cites ?value ."), Column("for", "Cited for", "?x ckg:citedFor ?value ."),
                 Column("document", "Document", "?x ckg:citedBy ?value .")),
        facets=(Facet("cites", "Legislation", "?x ckg:cites ?value .", prefix="http://www.legislation.gov.uk/id/"),
                Facet("document", "Document", "?x ckg:citedBy ?value .", prefix=BASE + "id/document/"))),
    BrowsedClass(
        "Person", "People", "http://xmlns.com/foaf/0.1/Person",
        columns=(Column("post", "Post", "?m org:member ?x ; schema:jobTitle ?value ."),
                 Column("organisation", "Organisation", "?m org:member ?x ; org:organization ?value .")),
        facets=(Facet("organisation", "Organisation", "?m org:member ?x ; org:organization ?value .",
                      prefix=BASE + "id/organisation/"),
                Facet("role", "Role", "?m org:member ?x ; org:role ?value .", prefix=CONCEPT + "role/"))),
    BrowsedClass(
        "Document", "Documents", "http://xmlns.com/foaf/0.1/Document",
        member="?x ckg:sourceFile ?file .",
        columns=(Column("kind", "Kind", "?x a ?value . FILTER (?value != foaf:Document)"),
                 Column("issued", "Issued", "?x dct:issued|dct:available ?value .", first=True),
                 Column("publisher", "Publisher", "?x dct:publisher ?value ."),
                 Column("file", "File", "?x ckg:sourceFile ?value .")),
        facets=(Facet("kind", "Kind", "?x a ?value . FILTER (?value != foaf:Document)", prefix=BASE + "def/"),
                Facet("year", "Year", "?x dct:issued|dct:available ?x_when . BIND (SUBSTR(STR(?x_when), 1, 4) AS ?value)",
                      year=True, order="value"),
                Facet("publisher", "Publisher", "?x dct:publisher ?value .", prefix=BASE + "id/organisation/")),
        sort="?x dct:issued|dct:available ?value .", descending=True),
)
BY_SLUG = {c.slug: c for c in CLASSES}


@dataclass
class FilterValue:
    """One value of a facet: what it is, how it reads, how many of the list have it."""

    term: object  # ox.NamedNode or ox.Literal
    key: str
    label: str
    count: int
    notation: str = ""
    active: bool = False
    link: str = ""


@dataclass
class FacetView:
    facet: Facet
    values: list[FilterValue] = field(default_factory=list)
