"""Class pages: the instances of a class as a list, paged and counted, with facets beside it (service
area, year, grade, kind of inspection, ... as they apply to the class) whose values filter the list
and whose counts follow the filters, as datasette and Virtuoso's faceted browser do.

``/browse/`` lists the classes with their counts; ``/browse/Inspection`` (a class of the ontology by
its name, ``Figure``, ``Person`` and ``Document`` too, or any class by its compact name such as
``/browse/org:Membership``) lists the instances. Filters are in the query string
(``?area=a13&year=2011``): values of one facet are alternatives, facets combine. A facet's counts
are worked out under the other facets' filters, so that its other values stay in view.

Every count is a query of its own, in plain SPARQL 1.1, so that a remote store (Virtuoso) answers as
the embedded one does; terms reach the queries written by Oxigraph, never pasted from the request.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request, url_for

from cafcass_kg.namespaces import CKG, LABEL_PATH, curie, expand

from .browse_classes import (
    BY_SLUG,
    CLASSES,
    BrowsedClass,
    Column,
    Facet,
    FacetView,
    FilterValue,
)
from .pages import BADGE, href, label_of, select
from .state import state

blueprint = Blueprint("browse", __name__, url_prefix="/browse")

VARIABLE = re.compile(r"\?(\w+)")
YEAR = re.compile(r"\d{4}")
FORMATS = ("csv", "json")
CHUNK = 200  # instances a query reads the columns of (a VALUES block of IRIs)
LABELS = f"OPTIONAL {{ ?value {LABEL_PATH} ?label }} OPTIONAL {{ ?value skos:notation ?notation }}"


def scoped(pattern: str, scope: str, keep: tuple[str, ...] = ("x",)) -> str:
    """A pattern with its own variables renamed into ``scope``, so that patterns put side by side
    in one query share no variable but those in ``keep``."""
    return VARIABLE.sub(lambda m: m[0] if m[1] in keep else f"?{scope}_{m[1]}", pattern)


def values(variable: str, terms) -> str:
    return f"VALUES ?{variable} {{ {' '.join(str(t) for t in terms)} }}"


@dataclass
class Listing:
    """A class's list as one request asks for it: the class, the filters, the page."""

    cls: BrowsedClass
    filters: dict[str, list] = field(default_factory=dict)  # facet key -> terms, in the facets' order
    page: int = 1

    def where(self, skip: str | None = None) -> str:
        """The instances under the filters (all but facet ``skip``'s)."""
        parts = [scoped(self.cls.membership, "member"), "FILTER (isIRI(?x))"]
        for facet in self.cls.facets:
            if facet.key in self.filters and facet.key != skip:
                parts.append(f"{{ {scoped(facet.pattern, facet.variable)} }} {values(facet.variable + '_value', self.filters[facet.key])}")
        return "\n".join(parts)

    def address(self, filters: dict[str, list] | None = None, page: int = 1, format: str | None = None) -> str:
        chosen = self.filters if filters is None else filters
        pairs = [(f.key, key_of(f, t)) for f in self.cls.facets for t in chosen.get(f.key, [])]
        pairs += [("page", str(page))] if page > 1 else []
        pairs += [("format", format)] if format else []
        return url_for("browse.listing", name=self.cls.slug) + (f"?{urlencode(pairs, safe='/:')}" if pairs else "")

    def toggled(self, facet: Facet, term) -> str:
        """This list with ``term`` added to the facet's filter, or taken off it; back to page 1."""
        chosen = {k: list(v) for k, v in self.filters.items()}
        current = chosen.setdefault(facet.key, [])
        current.remove(term) if term in current else current.append(term)
        return self.address({k: v for k, v in chosen.items() if v})


def key_of(facet: Facet, term) -> str:
    """How a facet value is written in the query string."""
    if facet.year:
        return term.value
    rest = term.value[len(facet.prefix):] if facet.prefix and term.value.startswith(facet.prefix) else ""
    return rest if rest and "://" not in rest else term.value


def term_of(facet: Facet, key: str):
    """The term a facet value of the query string stands for; 400 for one that cannot be one."""
    if facet.year:
        if not YEAR.fullmatch(key):
            abort(400, f"{facet.key} '{key}' is not a year (four digits)")
        return ox.Literal(key)
    iri = key if "://" in key else facet.prefix + key
    if not key or ("://" not in key and not facet.prefix):
        abort(400, f"{facet.key} '{key}' is not an IRI")
    try:
        return ox.NamedNode(iri)
    except ValueError:
        abort(400, f"{facet.key} '{key}' is not an IRI")


def browsed_class(name: str) -> BrowsedClass:
    """The class a page address names; 404 for a name that is no class of the graph."""
    if name in BY_SLUG:
        return BY_SLUG[name]
    iri = expand(name) if ":" in name else f"{CKG}{name}"
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        abort(404, f"'{name}' is not a class of this graph")
    if "://" not in iri or not (select("SELECT ?x WHERE { ?x a ?c } LIMIT 1", c=node)
                                or select("SELECT ?t WHERE { ?c a ?t FILTER (?t IN (owl:Class, rdfs:Class)) } LIMIT 1", c=node)):
        abort(404, f"'{name}' is not a class of this graph")
    label = label_of(node)  # the prefixed name when the class has no label
    return BrowsedClass(name, label if label == curie(iri) else f"Instances of {label}", iri)


def read_request(cls: BrowsedClass) -> Listing:
    """The filters and page of the request; 400 for a parameter this list does not take, 404 for a
    facet value no instance has."""
    facets = {f.key: f for f in cls.facets}
    for key in request.args:
        if key not in facets and key not in ("page", "format"):
            taken = ", ".join(facets) if facets else "nothing"
            abort(400, f"'{key}' is not a filter of this list (it filters by {taken})")
    filters = {}
    for facet in cls.facets:
        terms = list(dict.fromkeys(term_of(facet, k) for k in request.args.getlist(facet.key)))
        if terms:
            filters[facet.key] = terms
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(400, f"page '{raw}' is not a page number (1, 2, ...)")
    return Listing(cls, filters, int(raw))


def count(listing: Listing) -> int:
    rows = select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {listing.where()} }}")
    return int(rows[0]["n"].value) if rows else 0


def chosen_values(listing: Listing) -> dict[str, dict[str, FilterValue]]:
    """The filters' values with their labels; 404 for a value that no instance of the class has."""
    out: dict[str, dict[str, FilterValue]] = {}
    for facet in listing.cls.facets:
        terms = listing.filters.get(facet.key)
        if not terms:
            continue
        rows = _facet_rows(f"{scoped(listing.cls.membership, 'member')} {values('value', terms)}", facet)
        found = {v.term: v for v in rows}
        for term in terms:
            if term not in found:
                abort(404, f"no {listing.cls.title.lower()} with {facet.title.lower()} '{key_of(facet, term)}' in this graph")
        out[facet.key] = {str(t): found[t] for t in terms}
    return out


def facet_views(listing: Listing, chosen: dict[str, dict[str, FilterValue]]) -> list[FacetView]:
    views = []
    for facet in listing.cls.facets:
        found = _facet_rows(listing.where(skip=facet.key), facet)
        selected = chosen.get(facet.key, {})
        listed = {str(v.term) for v in found}
        # A chosen value the other filters leave no instance of stays in view, to be taken off.
        found += [FilterValue(v.term, v.key, v.label, 0, v.notation) for k, v in selected.items() if k not in listed]
        for v in found:
            v.active = str(v.term) in selected
            v.link = listing.toggled(facet, v.term)
        views.append(FacetView(facet, _ordered(facet, found)))
    return views


def _facet_rows(where: str, facet: Facet) -> list[FilterValue]:
    # A year has no label; and Virtuoso mixes up the groups of a computed value joined to an OPTIONAL.
    labels = "" if facet.year else LABELS
    rows = select(f"""SELECT ?value (COUNT(DISTINCT ?x) AS ?n) (MIN(COALESCE(STR(?label), "")) AS ?name)
                             (MIN(COALESCE(STR(?notation), "")) AS ?code)
        WHERE {{ {where} {{ {scoped(facet.pattern, facet.variable, keep=("x", "value"))} }} {labels} }} GROUP BY ?value""")
    return [FilterValue(r["value"], key_of(facet, r["value"]), r["name"].value or _name(r["value"]), int(r["n"].value),
                        r["code"].value) for r in rows if r["value"] is not None]


def _ordered(facet: Facet, found: list[FilterValue]) -> list[FilterValue]:
    if facet.order == "value":
        return sorted(found, key=lambda v: v.key, reverse=True)
    if facet.order == "notation":
        return sorted(found, key=lambda v: (int(v.notation) if v.notation.isdigit() else 99, v.label))
    return sorted(found, key=lambda v: (-v.count, v.label.lower()))


def _name(term) -> str:
    return term.value if isinstance(term, ox.Literal) else curie(term.value)


def instances(listing: Listing, size: int, offset: int) -> list:
    """A page of the list, in the class's order."""
    sort = listing.cls.sort or f"?x {LABEL_PATH} ?value"
    order = "DESC(?key) ?x" if listing.cls.descending else "?key ?x"
    # Ordered outside the grouping: Virtuoso refuses ORDER BY on an aggregate's name.
    rows = select(f"""SELECT ?x ?key WHERE {{ {{ SELECT ?x (MIN(COALESCE(STR(?sort_value), "")) AS ?key)
        WHERE {{ {listing.where()} OPTIONAL {{ {scoped(sort, "sort")} }} }} GROUP BY ?x }} }}
        ORDER BY {order} LIMIT {size} OFFSET {offset}""")
    return [r["x"] for r in rows]


@dataclass
class Cell:
    text: str
    href: str = ""
    badge: str = ""


@dataclass
class Row:
    term: ox.NamedNode
    label: str
    cells: list[list[Cell]]

    @property
    def href(self) -> str:
        return href(self.term)


def rows_of(cls: BrowsedClass, terms: list) -> list[Row]:
    """The list's rows: each instance's label and its values of the class's columns."""
    label = Column("label", "Name", f"?x {LABEL_PATH} ?value", first=True)
    out = []
    for start in range(0, len(terms), CHUNK):
        chunk = terms[start:start + CHUNK]
        labels = _column(label, chunk)
        columns = [_column(c, chunk) for c in cls.columns]
        out += [Row(t, labels[t][0].text if labels.get(t) else curie(t.value), [c.get(t, []) for c in columns]) for t in chunk]
    return out


def _column(column: Column, terms: list) -> dict:
    rows = select(f"""SELECT ?x ?value (MIN(COALESCE(STR(?label), "")) AS ?name) (MIN(COALESCE(STR(?notation), "")) AS ?code)
        WHERE {{ {values("x", terms)} {{ {scoped(column.pattern, "c", keep=("x", "value"))} }} {LABELS} }} GROUP BY ?x ?value""")
    cells: dict = {}
    for r in sorted(rows, key=lambda r: (str(r["value"].value), r["name"].value)):
        value = r["value"]
        if isinstance(value, ox.NamedNode):
            badge = BADGE.get(int(r["code"].value), "none") if column.badge and r["code"].value.isdigit() else ""
            cell = Cell(r["name"].value or curie(value.value), href(value), badge)
        else:
            cell = Cell(value.value)
        cells.setdefault(r["x"], []).append(cell)
    return {t: c[:1] if column.first else c for t, c in cells.items()}


@blueprint.get("/")
def index() -> str:
    """The classes with their counts: those with a page of their own first, then every class the graph has."""
    rows = select("SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c FILTER (isIRI(?x)) } GROUP BY ?c")
    counts = {r["c"].value: int(r["n"].value) for r in rows if r["c"] is not None}
    documents = count(Listing(BY_SLUG["Document"]))
    featured = [(c, documents if c.slug == "Document" else counts.get(c.iri, 0)) for c in CLASSES]
    shown = {c.iri for c in CLASSES}
    others = sorted((curie(iri), n) for iri, n in counts.items() if iri not in shown and not curie(iri).startswith("<"))
    return render_template("browse_index.html", featured=featured, others=others)


@blueprint.get("/<name>")
def listing(name: str):
    cls = browsed_class(name)
    wanted = request.args.get("format")
    if wanted is not None and wanted not in FORMATS:
        abort(406, f"format '{wanted}' is not one this list comes in ({', '.join(FORMATS)})")
    asked = read_request(cls)
    chosen = chosen_values(asked)
    total = count(asked)
    if wanted:
        return export(asked, total, wanted)
    size = int(state().config.get("BROWSE_PAGE", 50))
    pages = max(1, -(-total // size))
    if asked.page > pages:
        abort(404, f"page {asked.page} is past the end of this list ({pages} page{'s' if pages > 1 else ''})")
    rows = rows_of(cls, instances(asked, size, (asked.page - 1) * size))
    active = [(f, v) for f in cls.facets for v in chosen.get(f.key, {}).values()]
    for facet, value in active:
        value.link = asked.toggled(facet, value.term)
    return render_template("browse.html", cls=cls, class_href=href(ox.NamedNode(cls.iri)), listing=asked, total=total, rows=rows, pages=pages,
                           facets=facet_views(asked, chosen), active=active, first=(asked.page - 1) * size + 1,
                           badge=BADGE, formats=FORMATS)


def export(listing: Listing, total: int, wanted: str) -> Response:
    """The whole list under the filters (up to the server's row limit) as CSV or JSON."""
    limit = min(total, state().row_limit or total)
    rows = rows_of(listing.cls, instances(listing, max(limit, 1), 0)) if limit else []
    columns = listing.cls.columns
    if wanted == "json":
        items = [{"iri": r.term.value, "label": r.label,
                  **{c.key: [cell.text for cell in cells] for c, cells in zip(columns, r.cells)}} for r in rows]
        body = {"class": listing.cls.iri, "count": total,
                "filters": {f.key: [key_of(f, t) for t in listing.filters[f.key]] for f in listing.cls.facets
                            if f.key in listing.filters},
                "items": items}
        return Response(json.dumps(body, indent=1, ensure_ascii=False), mimetype="application/json")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["iri", "label", *(c.key for c in columns)])
    for r in rows:
        writer.writerow([r.term.value, r.label, *("; ".join(cell.text for cell in cells) for cells in r.cells)])
    return Response(out.getvalue(), mimetype="text/csv")


__all__ = ["blueprint"]
