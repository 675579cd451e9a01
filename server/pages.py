"""Pages a person reads: one for every resource of the graph (Linked Data: the project's IRIs
resolve here), documents with their quoted passages marked, and a search by label.

Everything is read from the store with SPARQL; terms reach the queries as substitutions, never
pasted into query text.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request, url_for
from markupsafe import Markup, escape

from cafcass_kg.namespaces import BASE, LABEL_CANDIDATES, LABEL_ORDER, LABEL_PATH, PREFIXES, curie

from . import linked_data
from .charts import Point, grade_timeline
from .protocol import GRAPH_TYPES
from .state import state

LOCAL_SPACES = ("id/", "def/")
# Terms are checked by Oxigraph (ox.NamedNode refuses what is not an IRI) before they reach a query.
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
MAX_LINKS = 300
# Grade numbers to the badge colour a reader expects: green good or better, amber the middle, red inadequate.
BADGE = {1: "outstanding", 2: "good", 3: "middle", 4: "inadequate"}

blueprint = Blueprint("pages", __name__)


def select(query: str, **bindings) -> list[dict]:
    """Run a SELECT with some variables bound: as a VALUES block at the start of its WHERE clause,
    the terms written by Oxigraph (so an IRI or a literal cannot change the query)."""
    if bindings:
        names = " ".join(f"?{k}" for k in bindings)
        values = " ".join(str(v) for v in bindings.values())
        query = query.replace("WHERE {", f"WHERE {{ VALUES ({names}) {{ ({values}) }} ", 1)
    results = state().store.query(PROLOGUE + query)
    names = [v.value for v in results.variables]
    return [{n: row[n] for n in names} for row in results]


def href(term) -> str:
    """Where a resource's page is on this server."""
    iri = term.value if isinstance(term, ox.NamedNode) else str(term)
    for space in LOCAL_SPACES:
        if iri.startswith(BASE + space):
            return url_for("pages.local", space=space.rstrip("/"), rest=iri[len(BASE + space):])
    return url_for("pages.resource", iri=iri)


@dataclass
class Link:
    term: ox.NamedNode
    label: str

    @property
    def href(self) -> str:
        return href(self.term)


def label_of(term) -> str:
    """The name a page shows for a resource, by these rules in turn:

    1. the property, in the order of LABEL_PROPERTIES: skos:prefLabel (the name a vocabulary
       prefers), then rdfs:label, dct:title, foaf:name, schema:name; alternative and hidden labels
       are never shown;
    2. among labels of the same property, one in English (or with no language) before others;
    3. then the longest, the most specific: "Children Act 1989" before "Children Act", a person's
       full name before a short form given with the same property;
    4. then the first in alphabetical order, so that a page is named the same every time.

    Without any of these, the resource's prefixed name (or its IRI)."""
    if not isinstance(term, ox.NamedNode):
        return term.value if isinstance(term, ox.Literal) else str(term)
    found = select(f"SELECT ?l WHERE {{ {LABEL_CANDIDATES} }} ORDER BY {LABEL_ORDER} LIMIT 1", s=term)
    return found[0]["l"].value if found else curie(term.value)


def show(term) -> Link | str:
    return Link(term, label_of(term)) if isinstance(term, ox.NamedNode) else (term.value if term is not None else "")


def resource_page(iri: str):
    node = _node(iri)
    outgoing = select("SELECT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p ?o", s=node)
    incoming = select(f"SELECT ?x ?p WHERE {{ ?x ?p ?o }} ORDER BY ?p ?x LIMIT {MAX_LINKS}", o=node)
    if not outgoing and not incoming:
        abort(404, f"<{iri}> is not in this graph")
    wanted = request.accept_mimetypes.best_match(["text/html", *GRAPH_TYPES], default="text/html")
    if request.args.get("format"):
        from .protocol import FORMAT_ALIASES

        wanted = FORMAT_ALIASES.get(request.args["format"], request.args["format"])
        if wanted not in GRAPH_TYPES and wanted != "text/html":
            abort(406, f"format '{request.args['format']}' is not one this page comes in")
    if wanted != "text/html":
        triples = [ox.Triple(node, r["p"], r["o"]) for r in outgoing] + [ox.Triple(r["x"], r["p"], node) for r in incoming]
        return linked_data.with_alternates(Response(
            ox.serialize(triples, format=GRAPH_TYPES[wanted], prefixes={p: str(ns) for p, ns in PREFIXES.items()}), mimetype=wanted))
    types = [show(r["o"]) for r in outgoing if r["p"].value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"]
    text = next((r["o"].value for r in outgoing if r["p"].value == "https://schema.org/text"
                 and any(t.term.value in DOCUMENT_CLASSES for t in types if isinstance(t, Link))), None)
    properties = [(show(r["p"]), show(r["o"])) for r in outgoing
                  if r["p"].value not in ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://schema.org/text") or text is None]
    graded = judgements(node)
    sources, by_area = grades_by_area(graded)
    area = area_grades(node)
    return linked_data.with_alternates(render_template(
        "resource.html", iri=iri, label=label_of(node), types=types, properties=properties, json_ld=linked_data.json_ld(node, outgoing),
        referrers=referrers(node), evidence=evidence(node), posts=posts_held(node), quotations=quotations_of(node),
        judgements=graded, overall=_overall(graded), grade_sources=sources, grades_by_area=by_area,
        improvements=areas_for_improvement(node), figures=figures(node), timeline=inspections_over_time(area),
        over_time=grades_over_time(area),
        marked_text=marked(node, text) if text is not None else None,
        formats={"Turtle": "turtle", "JSON-LD": "jsonld", "N-Triples": "nt"},
    ))


# Statements about a plain fact (rdf:Statement) point at its subject and object: they are the fact's
# evidence, shown under Evidence, not resources that refer to this one.
EVIDENCE_LINKS = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#subject", "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate",
                  "http://www.w3.org/1999/02/22-rdf-syntax-ns#object"}


@dataclass
class Referrers:
    """The resources that refer to this one through one property: a page of them, and how many in all."""

    property: Link | str
    property_iri: str
    count: int
    resources: list
    page: int
    pages: int

    def link_to(self, page: int) -> str:
        """This page of the group, the rest of the request (a /resource page's ?iri=) kept."""
        args = {**request.args.to_dict(), "by": self.property_iri, "page": str(page)}
        return f"{request.path}?{urlencode(args)}#incoming"


def referrers(node) -> list[Referrers]:
    """What refers to ``node``, grouped by property, each group counted and paged (``?by=<property>&page=N``
    turns the pages of one group)."""
    size = int(state().config.get("REFERRERS_PAGE", 50))
    by, page = request.args.get("by"), _page_number()
    groups = select("SELECT ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x ?p ?o } GROUP BY ?p ORDER BY ?p", o=node)
    out = []
    for group in groups:
        prop, count = group["p"], int(group["n"].value)
        if prop.value in EVIDENCE_LINKS:
            continue
        pages = -(-count // size)
        this_page = min(page, pages) if by == prop.value else 1
        rows = select(f"SELECT DISTINCT ?x WHERE {{ ?x ?p ?o }} ORDER BY ?x LIMIT {size} OFFSET {(this_page - 1) * size}",
                      p=prop, o=node)
        out.append(Referrers(show(prop), prop.value, count, [show(r["x"]) for r in rows], this_page, pages))
    return out


def _page_number() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(400, f"page '{raw}' is not a page number (1, 2, ...)")
    return int(raw)


# An inspection known only from a release that reports it takes the release's date, marked "reported".
AREA_GRADES = """SELECT ?i (MIN(STR(COALESCE(?when, ""))) AS ?date) (MIN(STR(COALESCE(?reported, ""))) AS ?reportedBy)
                 ?areaLabel (MIN(?n) AS ?grade) (MIN(STR(?label)) AS ?said)
    WHERE { ?i a ckg:Inspection ; ckg:inspected ?area .
            OPTIONAL { ?i ckg:fieldworkStart|ckg:reportPublished ?when }
            OPTIONAL { ?i ckg:reportedIn/dct:issued ?reported }
            ?j ckg:inspection ?i ; ckg:evaluationArea/skos:prefLabel ?areaLabel ; ckg:grade ?g .
            ?g skos:notation ?n ; skos:prefLabel ?label }
    GROUP BY ?i ?areaLabel"""


def area_grades(area) -> list[dict]:
    """Every dated grade of a service area's inspections: inspection, date, evaluation area, grade.
    One query serves both the time line and the table of an area's page."""
    rows = [{"inspection": r["i"], "date": r["date"].value or r["reportedBy"].value[:10], "area": r["areaLabel"].value,
             "grade": int(r["grade"].value), "said": r["said"].value, "reported": not r["date"].value}
            for r in select(AREA_GRADES, area=area)]
    return [r for r in rows if r["date"]]


def inspections_over_time(grades: list[dict]) -> Markup:
    """A service area's inspections on a time line at the height of their overall grades."""
    return grade_timeline([Point(g["date"], g["grade"], g["said"] + (" (date of the report's release)" if g["reported"] else ""),
                                 href(g["inspection"])) for g in grades
                           if g["area"].lower() == "overall effectiveness" and g["grade"] in BADGE])


def grades_over_time(grades: list[dict]) -> tuple[list[str], list[dict]]:
    """A service area's grades per evaluation area at each of its inspections: the inspections'
    dates as columns (oldest first), an evaluation area a row, the overall judgement first."""
    dates = sorted({g["date"] for g in grades})
    reported = {g["date"] for g in grades if g["reported"]}
    by_area: dict[str, dict] = {}
    for g in grades:
        by_area.setdefault(g["area"], {})[g["date"]] = (BADGE.get(g["grade"], "none"), g["said"])
    ordered = sorted(by_area, key=lambda a: (a.lower() != "overall effectiveness", a.lower()))
    columns = [f"reported {d}" if d in reported else d for d in dates]
    return columns, [{"area": a, "cells": [by_area[a].get(d) for d in dates]} for a in ordered]


def posts_held(person) -> list[dict]:
    """A person's posts: the title as written, the organisation, since when (where a document says),
    and the documents that name the person in post, with their dates."""
    rows = select("""SELECT ?m ?title ?organisation (MIN(STR(COALESCE(?start, "~"))) AS ?since) (MAX(?interimFlag) AS ?interim)
                            (GROUP_CONCAT(DISTINCT STR(?document); separator=" ") AS ?documents)
                            (MAX(SUBSTR(STR(COALESCE(?issued, "")), 1, 10)) AS ?lastStated)
        WHERE { ?m org:member ?person ; schema:jobTitle ?title ; org:organization ?organisation .
                OPTIONAL { ?m org:memberDuring/time:hasBeginning/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?start }
                OPTIONAL { ?m ckg:interim ?flag } BIND (IF(BOUND(?flag) && ?flag, 1, 0) AS ?interimFlag)
                OPTIONAL { GRAPH ?document { ?m org:member ?person } ?document ckg:sourceFile ?file .
                           OPTIONAL { ?document dct:issued ?issued } } }
        GROUP BY ?m ?title ?organisation ORDER BY DESC(?lastStated) ?title""", person=person)
    return [{"post": show(r["m"]), "title": r["title"].value, "organisation": show(r["organisation"]),
             "since": "" if r["since"].value == "~" else r["since"].value, "interim": r["interim"].value == "1",
             "last": r["lastStated"].value, "documents": [show(ox.NamedNode(d)) for d in r["documents"].value.split()]}
            for r in rows]


def quotations_of(person) -> list[dict]:
    """What a person is quoted as saying, as text, with the document that quotes it."""
    rows = select("SELECT ?q ?text ?document WHERE { ?q a schema:Quotation ; schema:creator ?person ; schema:text ?text ; "
                  "schema:isPartOf ?document } ORDER BY ?document ?q", person=person)
    return [{"text": r["text"].value, "document": show(r["document"]), "quotation": show(r["q"])} for r in rows]


DOCUMENT_CLASSES = {"https://w3id.org/cafcass-kg/def/InspectionReport", "https://w3id.org/cafcass-kg/def/PressRelease",
                    "https://w3id.org/cafcass-kg/def/NationalInspectionReport", "https://w3id.org/cafcass-kg/def/VisitLetter",
                    "https://w3id.org/cafcass-kg/def/DocumentAboutCafcass"}


def evidence(node) -> list[dict]:
    """The passages that support what the graph says of a resource: its own evidence and that of
    the stated facts about it."""
    rows = select("""
        SELECT DISTINCT ?doc ?file ?start ?end ?quote ?paragraph ?page WHERE {
            { ?s prov:wasDerivedFrom ?ann } UNION { ?st rdf:subject ?s ; prov:wasDerivedFrom ?ann }
            ?ann oa:hasTarget ?target .
            ?target oa:hasSource ?doc ; oa:hasSelector ?pos, ?q .
            ?pos oa:start ?start ; oa:end ?end .
            ?q oa:exact ?quote .
            OPTIONAL { ?target ckg:paragraphNumber ?paragraph }
            OPTIONAL { ?target ckg:pageNumber ?page }
            OPTIONAL { ?doc ckg:sourceFile ?file }
        } ORDER BY ?file ?start LIMIT 50""", s=node)
    return [{"document": Link(r["doc"], r["file"].value if r["file"] else curie(r["doc"].value)),
             "anchor": f"passage-{r['start'].value}-{r['end'].value}", "quote": r["quote"].value,
             "paragraph": r["paragraph"].value if r["paragraph"] else None,
             "page": r["page"].value if r["page"] else None} for r in rows]


def judgements(node) -> list[dict]:
    """An inspection's judgements as a table."""
    rows = select("""
        SELECT ?area ?grade ?number ?where ?doc ?file WHERE {
            ?j ckg:inspection ?s ; ckg:evaluationArea ?a ; ckg:grade ?g ; ckg:statedIn ?w ;
               prov:wasDerivedFrom/oa:hasTarget/oa:hasSource ?doc .
            ?a skos:prefLabel ?area . ?g skos:prefLabel ?grade ; skos:notation ?number . ?w rdfs:label ?where .
            OPTIONAL { ?doc ckg:sourceFile ?file }
        } ORDER BY ?file ?where ?area""", s=node)
    return [{"area": r["area"].value, "grade": f"{r['number'].value} ({r['grade'].value})", "where": r["where"].value,
             "number": int(r["number"].value), "label": r["grade"].value,
             "document": Link(r["doc"], r["file"].value if r["file"] else curie(r["doc"].value))} for r in rows]


def grades_by_area(rows: list[dict]) -> tuple[list[str], list[dict]]:
    """An inspection's judgements as one row an area and one column a place that states them (the
    Record of main findings beside the section grades and the release), disagreements marked; the
    overall judgement first."""
    sources = sorted({r["where"] for r in rows})
    areas: dict[str, dict] = {}
    for r in rows:
        area = areas.setdefault(r["area"], {"area": r["area"], "grades": {}, "numbers": set()})
        area["grades"].setdefault(r["where"], set()).add((r["number"], r["grade"]))
        area["numbers"].add(r["number"])
    ordered = sorted(areas.values(), key=lambda a: (a["area"].lower() != "overall effectiveness", a["area"].lower()))
    for area in ordered:
        area["disagree"] = len(area["numbers"]) > 1
        # each cell: the grades one source states, as (badge colour, grade as stated)
        area["cells"] = [[(BADGE.get(n, "none"), said) for n, said in sorted(area["grades"].get(source, ()))]
                         for source in sources]
    return sources, ordered


def _overall(graded: list[dict]) -> dict | None:
    """The overall judgement, for the top of the page: the Record of main findings' where it has one."""
    overall = [j for j in graded if j["area"].lower() == "overall effectiveness"]
    overall.sort(key=lambda j: j["where"].lower() != "record of main findings")
    return {**overall[0], "badge": BADGE.get(overall[0]["number"], "none")} if overall else None


def areas_for_improvement(node) -> list[dict]:
    """What an inspection asked to improve, with the timescale set for each."""
    rows = select("SELECT ?afi ?text ?timescale WHERE { ?afi a ckg:AreaForImprovement ; ckg:inspection ?s ; rdfs:label ?text . "
                  "OPTIONAL { ?afi ckg:timescaleLabel ?timescale } } ORDER BY ?timescale ?text", s=node)
    return [{"text": r["text"].value, "timescale": r["timescale"].value if r["timescale"] else "", "link": show(r["afi"])} for r in rows]


def figures(node) -> list[dict]:
    """Figures about a resource (a unit, a place) or stated by it (a document), as a table."""
    rows = select("""
        SELECT DISTINCT ?value ?unit ?measure ?period ?place ?surface ?doc ?file ?start ?end WHERE {
            { ?obs ckg:aboutUnit ?s } UNION { ?obs sdmx-dimension:refArea ?s } UNION { ?obs qb:dataSet/prov:wasDerivedFrom ?s }
            ?obs sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure ?u ; ckg:surfaceText ?surface ;
                 prov:wasDerivedFrom/oa:hasTarget ?target .
            ?target oa:hasSource ?doc ; oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end .
            OPTIONAL { ?u skos:prefLabel ?unit }
            OPTIONAL { ?obs ckg:measureLabel ?measure }
            OPTIONAL { ?obs sdmx-dimension:refPeriod/rdfs:label ?period }
            OPTIONAL { ?obs sdmx-dimension:refArea/rdfs:label ?place }
            OPTIONAL { ?doc ckg:sourceFile ?file }
        } ORDER BY ?file ?start LIMIT 200""", s=node)
    return [{"value": r["value"].value, "unit": r["unit"].value if r["unit"] else "",
             "measure": r["measure"].value if r["measure"] else "", "period": r["period"].value if r["period"] else "",
             "place": r["place"].value if r["place"] else "", "surface": r["surface"].value,
             "document": Link(r["doc"], r["file"].value if r["file"] else curie(r["doc"].value)),
             "anchor": f"passage-{r['start'].value}-{r['end'].value}"} for r in rows]


def marked(document, text: str) -> Markup:
    """The document's text with every quoted passage marked and anchored. A passage inside another
    is a mark inside a mark; one that crosses another's end gets an anchor only."""
    spans = sorted({(int(r["start"].value), int(r["end"].value)) for r in select("""
        SELECT ?start ?end WHERE { ?t oa:hasSource ?s ; oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }""", s=document)},
        key=lambda span: (span[0], -span[1]))
    out: list = []
    open_ends: list[int] = []
    at = 0

    def close_until(position: int) -> None:
        nonlocal at
        while open_ends and open_ends[-1] <= position:
            end = open_ends.pop()
            out.append(escape(text[at:end]))
            out.append(Markup("</mark>"))
            at = end

    for start, end in spans:
        if end > len(text) or start < at:
            continue
        close_until(start)
        out.append(escape(text[at:start]))
        at = start
        if open_ends and end > open_ends[-1]:
            out.append(Markup('<span id="passage-{}-{}"></span>').format(start, end))
            continue
        out.append(Markup('<mark id="passage-{}-{}">').format(start, end))
        open_ends.append(end)
    close_until(len(text))
    out.append(escape(text[at:]))
    return Markup("").join(out)


@blueprint.get("/<any(id, def):space>/<path:rest>")
def local(space: str, rest: str):
    return resource_page(f"{BASE}{space}/{rest}")


@blueprint.get("/resource")
def resource():
    iri = request.args.get("iri", "")
    if not iri:
        abort(400, "give the resource's IRI: /resource?iri=…")
    return resource_page(iri)


def _node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        abort(400, f"not an IRI: {exc}")


@blueprint.get("/search")
def search():
    words = request.args.get("q", "").strip()
    found = []
    if words:
        # Ordered outside the grouping: Virtuoso refuses ORDER BY on an aggregate's name.
        found = select(f"""
            SELECT ?s ?label ?type {{ {{ SELECT ?s (MIN(STR(?l)) AS ?label) (SAMPLE(?t) AS ?type) WHERE {{
                ?s {LABEL_PATH} ?l .
                FILTER (isIRI(?s) && CONTAINS(LCASE(STR(?l)), LCASE(?q)))
                OPTIONAL {{ ?s a ?t }}
            }} GROUP BY ?s }} }} ORDER BY STRLEN(?label) ?label ?s LIMIT 100""", q=ox.Literal(words))
    results = [(Link(r["s"], r["label"].value), show(r["type"]) if r["type"] else "") for r in found]
    return render_template("search.html", q=words, results=results)


__all__ = ["blueprint", "href"]
