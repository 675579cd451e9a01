"""What makes a resource's page Linked Data for machines as well as people: its description as
JSON-LD inside the HTML (schema.org's terms where one says the same, so that search engines read
it; the graph's own terms otherwise), and ``Link`` headers naming the URL of each RDF form the page
comes in (``?format=``), on the HTML and on the RDF answers alike.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Response, make_response, request
from markupsafe import Markup

from cafcass_kg import formats
from cafcass_kg.namespaces import CKG, DCTERMS, FOAF, LABEL_PROPERTIES, ORG, PREFIXES, QB, RDFS, SCHEMA, SKOS, curie

from .state import state

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
# The forms a resource comes in, as ?format= names them (the page's RDF answers: graph and dataset formats).
ALTERNATE_FORMATS = formats.of_kind("graph", "dataset")
LONG_LITERAL = 1000  # characters: a document's whole text is on the page already, and stays out of its JSON-LD
# A class, or a class it specialises, to the schema.org type that says the same (the most specific first).
SCHEMA_TYPES = {
    str(CKG.InspectionReport): "Report", str(CKG.NationalInspectionReport): "Report", str(CKG.VisitLetter): "Report",
    str(CKG.PressRelease): "NewsArticle", str(FOAF.Document): "CreativeWork", str(FOAF.Person): "Person",
    str(ORG.FormalOrganization): "Organization", str(ORG.Organization): "Organization",
    str(ORG.OrganizationalUnit): "Organization", str(SKOS.Concept): "DefinedTerm", str(QB.DataSet): "Dataset",
}
# Properties to the schema.org property that says the same; the labels become "name" (see LABEL_PROPERTIES).
SCHEMA_PROPERTIES = {
    str(DCTERMS.issued): "datePublished", str(DCTERMS.available): "datePublished", str(DCTERMS.publisher): "publisher",
    str(DCTERMS.license): "license", str(DCTERMS.identifier): "identifier", str(SKOS.notation): "identifier",
    str(DCTERMS.description): "description", str(SKOS.definition): "description", str(RDFS.comment): "description",
    str(FOAF.homepage): "url", str(ORG.memberOf): "memberOf", str(ORG.subOrganizationOf): "parentOrganization",
}


def with_alternates(answer: Response | str) -> Response:
    """The answer with a ``Link`` to each RDF form of the resource, and ``Vary: Accept`` (the same
    URL answers HTML or RDF by the Accept header)."""
    response = make_response(answer)
    kept = {"iri": request.args["iri"]} if "iri" in request.args else {}  # a /resource page's IRI stays
    links = [f'<{request.base_url}?{urlencode({**kept, "format": f.name})}>; rel="alternate"; type="{f.media_type}"'
             for f in ALTERNATE_FORMATS]
    response.headers.add("Link", ", ".join(links))
    response.vary.add("Accept")
    return response


def json_ld(node: ox.NamedNode, outgoing: list[dict]) -> Markup:
    """The resource's own statements (``outgoing``: rows of ``p`` and ``o``) as JSON-LD, ready for a
    ``<script type="application/ld+json">``."""
    data: dict = {"@context": _context(outgoing), "@id": node.value}
    types = [r["o"].value for r in outgoing if r["p"].value == RDF_TYPE and isinstance(r["o"], ox.NamedNode)]
    schema_type = next((SCHEMA_TYPES[c] for c in _classes(node) if c in SCHEMA_TYPES), None)
    data["@type"] = [_key(t) for t in types] + ([schema_type] if schema_type else [])
    name = _name(outgoing)
    if name is not None:
        data["name"] = name
    for row in outgoing:
        p, o = row["p"].value, row["o"]
        if p == RDF_TYPE or (isinstance(o, ox.Literal) and len(o.value) > LONG_LITERAL):
            continue
        _add(data, _key(p), _value(o))
        if p in SCHEMA_PROPERTIES and not p.startswith(str(SCHEMA)):
            _add(data, SCHEMA_PROPERTIES[p], _value(o))
    if not data["@type"]:
        del data["@type"]
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # Nothing in the data may end the script element or open a comment in it.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _classes(node: ox.NamedNode) -> list[str]:
    """The resource's classes and every class they specialise, most specific first (by the
    number of classes each specialises, then by IRI)."""
    rows = state().store.query(f"SELECT ?c (COUNT(DISTINCT ?super) AS ?n) WHERE {{ {node} a/<{RDFS_SUBCLASS}>* ?c . "
                               f"OPTIONAL {{ ?c <{RDFS_SUBCLASS}>+ ?super }} }} GROUP BY ?c")
    found = [(row["c"].value, -int(row["n"].value)) for row in rows if isinstance(row["c"], ox.NamedNode)]
    return [c for c, _ in sorted(found, key=lambda item: (item[1], item[0]))]


def _name(outgoing: list[dict]) -> str | None:
    for prop in LABEL_PROPERTIES:
        labels = sorted(r["o"].value for r in outgoing if r["p"].value == str(prop) and isinstance(r["o"], ox.Literal))
        if labels:
            return labels[0]
    return None


def _context(outgoing: list[dict]) -> dict:
    """schema.org as the vocabulary of bare names, and the project's prefixes that the statements use."""
    used = {r["p"].value for r in outgoing} | {r["o"].value for r in outgoing if r["p"].value == RDF_TYPE}
    prefixes = {p: str(ns) for p, ns in PREFIXES.items() if any(u.startswith(str(ns)) for u in used)}
    return {"@vocab": str(SCHEMA), **prefixes}


def _key(iri: str) -> str:
    """A property or class as a compact name (``ckg:grade``), or its whole IRI."""
    name = curie(iri)
    return iri if name.startswith("<") else name


def _value(term) -> dict | str:
    if isinstance(term, ox.NamedNode):
        return {"@id": term.value}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": term.datatype.value}


def _add(data: dict, key: str, value) -> None:
    if key not in data:
        data[key] = value
    elif isinstance(data[key], list):
        if value not in data[key]:
            data[key].append(value)
    elif data[key] != value:
        data[key] = [data[key], value]


__all__ = ["json_ld", "with_alternates"]
