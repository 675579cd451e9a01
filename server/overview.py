"""The home page: what the graph knows, for a person who does not write SPARQL. Cafcass itself (its
name, its sponsor, who has led it), the service areas with their latest inspection and its overall
grade, the inspections of Cafcass as a whole, counts, and the search box; the query editor is one
click away at /query.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from .charts import grades_by_year
from .pages import BADGE, Link, href, label_of, select

blueprint = Blueprint("overview", __name__)

CAFCASS = ox.NamedNode("https://w3id.org/cafcass-kg/id/organisation/cafcass")

# One query a count: a UNION of the five with bindings is answered wrongly by some stores (Virtuoso).
COUNTS = {
    "documents": "?x ckg:sourceFile ?file",
    "areas": "?x a ckg:ServiceArea",
    "inspections": "?x a ckg:Inspection",
    "judgements": "?x a ckg:Judgement",
    "people": "?membership org:member ?x ; org:organization <https://w3id.org/cafcass-kg/id/organisation/cafcass>",
}

# An aggregate over a group with an unbound value is unbound in Oxigraph: the undated rows count as "" and "~".
LEADERS = """SELECT ?person ?name ?role (MIN(COALESCE(STR(?start), "~")) AS ?since) (MAX(COALESCE(?date, "")) AS ?lastStated) WHERE {
  GRAPH ?graph { ?m a org:Membership ; org:member ?person ; org:role ?r ; org:organization ?cafcass }
  ?graph ckg:sourceFile ?file .
  ?r skos:prefLabel ?role . ?person foaf:name ?name .
  FILTER (LCASE(STR(?role)) IN ("chief executive", "chair"))
  OPTIONAL { ?graph dct:issued ?issued } OPTIONAL { ?graph dct:available ?available } OPTIONAL { ?graph dct:source/dct:issued ?filed }
  BIND (SUBSTR(STR(COALESCE(?issued, ?available, ?filed)), 1, 10) AS ?date)
  OPTIONAL { GRAPH ?graph { ?m org:memberDuring/time:hasBeginning/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?start } }
} GROUP BY ?person ?name ?role ORDER BY ?role DESC(?lastStated)"""

SPONSOR = """SELECT DISTINCT ?department WHERE { ?cafcass cgov:parentDepartment ?department }"""

AREAS = """SELECT ?area (MIN(?code) AS ?areaCode) (MIN(STR(?name)) AS ?areaName) (COUNT(DISTINCT ?place) AS ?places)
WHERE { ?area a ckg:ServiceArea . OPTIONAL { ?area skos:notation ?code } OPTIONAL { ?area rdfs:label ?name }
        OPTIONAL { ?area schema:areaServed ?place } }
GROUP BY ?area ORDER BY ?areaCode ?areaName"""

INSPECTIONS = """SELECT ?inspection ?subject (MIN(COALESCE(STR(?when), "~")) AS ?date) (MIN(COALESCE(?n, 9)) AS ?grade)
       (MIN(COALESCE(STR(?label), "~")) AS ?gradeLabel) (MIN(COALESCE(STR(?kindLabel), "~")) AS ?kind)
       (MIN(COALESCE(SUBSTR(STR(?reported), 1, 10), "~")) AS ?reportedBy)
WHERE {
  ?inspection a ckg:Inspection ; ckg:inspected ?subject .
  OPTIONAL { ?inspection ckg:fieldworkStart|ckg:reportPublished ?when }
  OPTIONAL { ?inspection ckg:reportedIn/dct:issued ?reported }
  OPTIONAL { ?inspection ckg:inspectionKind/skos:prefLabel ?kindLabel }
  OPTIONAL { ?j ckg:inspection ?inspection ; ckg:evaluationArea ?overall ; ckg:grade ?g .
             ?g skos:notation ?n ; skos:prefLabel ?label .
             FILTER (?overall = <https://w3id.org/cafcass-kg/id/concept/evaluation-area/overall-effectiveness>) }
} GROUP BY ?inspection ?subject ORDER BY ?subject DESC(?date)"""


@dataclass
class InspectionRow:
    link: Link
    date: str
    kind: str
    grade: int | None
    grade_label: str
    reported_by: str = ""  # the date of the earliest document reporting it, for an inspection no document dates

    @property
    def when(self) -> str:
        """When it happened, or failing that when a document reported it: what orders and places it."""
        return self.date or self.reported_by

    @property
    def shown_date(self) -> str:
        return self.date or (f"reported {self.reported_by}" if self.reported_by else "undated")

    @property
    def badge(self) -> str:
        return BADGE.get(self.grade or 0, "none")


@blueprint.get("/")
def overview() -> str:
    inspections = _inspections_by_subject()
    areas = [_area(r, inspections.get(r["area"].value, [])) for r in select(AREAS)]
    return render_template(
        "overview.html",
        counts={name: _count(pattern) for name, pattern in COUNTS.items()},
        cafcass=Link(CAFCASS, label_of(CAFCASS)),
        sponsors=[Link(r["department"], label_of(r["department"])) for r in select(SPONSOR, cafcass=CAFCASS)],
        leaders=[_leader(r) for r in select(LEADERS, cafcass=CAFCASS)],
        areas=areas,
        grid=grades_by_year([(a["link"].label, a["href"], _grades_by_year(inspections.get(a["link"].term.value, [])))
                             for a in areas]),
        national=inspections.get(CAFCASS.value, []),
    )


def _count(pattern: str) -> int:
    rows = select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
    return int(rows[0]["n"].value) if rows else 0


def _leader(row: dict) -> dict:
    since, last = row["since"].value, row["lastStated"].value
    return {"person": Link(row["person"], row["name"].value), "role": row["role"].value,
            "since": None if since == "~" else since, "last": last or None}


def _inspections_by_subject() -> dict[str, list[InspectionRow]]:
    by_subject: dict[str, list[InspectionRow]] = {}
    for r in select(INSPECTIONS):
        value = {k: ("" if v.value == "~" else v.value) for k, v in r.items() if k in ("date", "gradeLabel", "kind", "reportedBy")}
        grade = int(r["grade"].value)
        row = InspectionRow(Link(r["inspection"], label_of(r["inspection"])), value["date"], value["kind"] or "inspection",
                            grade if grade in BADGE else None, value["gradeLabel"], value["reportedBy"])
        by_subject.setdefault(r["subject"].value, []).append(row)
    return by_subject


def _grades_by_year(inspections: list[InspectionRow]) -> dict[int, tuple[int, str]]:
    """The overall grade of each year's inspection (the later one where a year has two)."""
    by_year: dict[int, tuple[int, str]] = {}
    for i in sorted(inspections, key=lambda i: i.when):
        if i.when and i.grade:
            by_year[int(i.when[:4])] = (i.grade, i.grade_label)
    return by_year


def _area(row: dict, inspections: list[InspectionRow]) -> dict:
    latest = max(inspections, key=lambda i: i.when) if inspections else None
    name = row["areaName"].value if row.get("areaName") else label_of(row["area"])
    return {"link": Link(row["area"], name), "href": href(row["area"]), "code": row["areaCode"].value if row.get("areaCode") else "",
            "places": int(row["places"].value), "latest": latest, "inspections": len(inspections)}


@blueprint.get("/def/")
def ontology_documentation() -> Response:
    """The ontology's documentation; the ontology itself as Turtle for a client that asks for it."""
    from cafcass_kg.namespaces import expand
    from cafcass_kg.ontology_diagram import ontology_diagram
    from cafcass_kg.ontology_docs import describe_ontology, ontology_graph

    wanted = request.args.get("format") or request.accept_mimetypes.best_match(["text/html", "text/turtle"], default="text/html")
    if wanted in ("turtle", "text/turtle"):
        return Response(ontology_graph().serialize(format="turtle"), mimetype="text/turtle")
    docs = describe_ontology()
    diagram = ontology_diagram(docs.classes, docs.properties, lambda name: href(ox.NamedNode(expand(name))))
    page = render_template("ontology_page.html", docs=docs, link=lambda term: href(ox.NamedNode(term.iri)), diagram=diagram)
    return Response(page, mimetype="text/html")
