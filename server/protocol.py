"""The SPARQL 1.1 Protocol for queries: reading an operation from a request, the dataset it names,
what the endpoint refuses, and the formats it answers in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Request

from cafcass_kg import formats
from cafcass_kg.errors import CafcassKGError
from cafcass_kg.store import UPDATE_KEYWORDS

# Media type to Oxigraph format, from the project's format registry: each format's first media
# type, the one its answers are served as.
RESULT_TYPES = {f.media_type: f.oxigraph for f in formats.of_kind("results")}
GRAPH_TYPES = {f.media_type: f.oxigraph for f in formats.of_kind("graph", "dataset")}
# The registry's "nq" is a name the command line takes; the endpoint's ?format= has never taken it.
_NOT_FORMAT_PARAMETERS = {"nq"}
# What the 'format' parameter may name (a format's name or alias), for the media type it stands for.
FORMAT_ALIASES = {name: f.media_type for f in formats.of_kind("results", "graph", "dataset")
                  for name in (f.name, *f.aliases) if name not in _NOT_FORMAT_PARAMETERS}

# Comments, strings and IRIs are removed before looking for keywords, so that a SERVICE in a
# string or an IRI is not taken for the keyword (IRIs are kept where SERVICE names its endpoint).
_COMMENT_OR_STRING = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(<[^>]*>|[?$]\w+|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*)", re.I)


class ProtocolError(CafcassKGError):
    """A request that the protocol, or this endpoint's rules, refuse; carries its HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.http_status = status


@dataclass
class Operation:
    """A query with the dataset the request names (empty lists: the request names none)."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str | None = None  # the 'format' parameter, for clients that cannot set Accept

    def dataset(self) -> dict:
        """Keyword arguments for Store.query: the protocol's dataset replaces the query's own, and a
        part the request leaves out is empty (SPARQL 1.1 Protocol, section 2.1.4)."""
        if not self.default_graphs and not self.named_graphs:
            return {}
        return {"default_graph": [ox.NamedNode(g) for g in self.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in self.named_graphs]}


def read_operation(request: Request) -> Operation:
    """The query of a request, by the protocol's three ways: GET, POST form, POST direct."""
    params = {k: request.args.getlist(k) for k in request.args}
    if request.method == "GET":
        queries = params.get("query", [])
    elif request.mimetype == "application/x-www-form-urlencoded":
        form = _utf8_form(request)
        for k, values in form.items():
            params.setdefault(k, []).extend(values)
        queries = form.get("query", [])
    elif request.mimetype == "application/sparql-update":
        raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are refused")
    elif request.mimetype == "application/sparql-query":
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(400, f"the query must be sent in UTF-8, not {charset}")
        try:
            queries = [request.get_data().decode("utf-8")]
        except UnicodeDecodeError as exc:
            raise ProtocolError(400, f"the request body is not UTF-8 (byte {exc.start})") from None
    elif not request.mimetype:
        raise ProtocolError(415, "a POST needs a content type: application/sparql-query or application/x-www-form-urlencoded")
    else:
        raise ProtocolError(415, f"unsupported content type '{request.mimetype}': use application/sparql-query or a form")
    if "update" in params:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are refused")
    if len(queries) != 1:
        raise ProtocolError(400, f"give exactly one 'query' parameter ({len(queries)} given)")
    if not queries[0].strip():
        raise ProtocolError(400, "the query is empty")
    if UPDATE_KEYWORDS.match(queries[0]):
        raise ProtocolError(403, "this is a SPARQL update; the endpoint is read-only and answers queries only")
    formats = params.get("format", [])
    return Operation(queries[0], _graph_iris(params, "default-graph-uri"), _graph_iris(params, "named-graph-uri"),
                     formats[0] if formats else None)


def _graph_iris(params: dict[str, list[str]], name: str) -> list[str]:
    """The graphs a dataset parameter names, each checked to be an absolute IRI (a bad one would
    otherwise fail only when the query runs)."""
    iris = [g for g in params.get(name, []) if g]
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise ProtocolError(400, f"{name} '{iri}' is not an IRI: {exc}") from None
    return iris


def _utf8_form(request: Request) -> dict[str, list[str]]:
    from urllib.parse import parse_qs

    try:
        body = request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the form is not UTF-8 (byte {exc.start})") from None
    return parse_qs(body, keep_blank_values=True)


def check_nesting(query: str, limit: int) -> None:
    """Refuse a query nested deeper than ``limit``: Oxigraph's parser recurses, and a few thousand
    levels overflow its stack and end the process that parses it."""
    depth = deepest = 0
    for char in _COMMENT_OR_STRING.sub(" ", query):
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth -= 1
    if deepest > limit:
        raise ProtocolError(400, f"the query is nested {deepest} levels deep; this endpoint accepts at most {limit}")


def check_services(query: str, allowed: list[str]) -> None:
    """Refuse SERVICE calls to endpoints the operator has not allowed (server-side request forgery)."""
    text = _COMMENT_OR_STRING.sub(" ", query)
    prefixes = {p or "": iri for p, iri in _PREFIX.findall(text)}
    for target in _SERVICE.findall(text):
        if target.startswith(("?", "$")):
            raise ProtocolError(403, f"SERVICE {target}: a variable endpoint is refused")
        if target.startswith("<"):
            iri = target[1:-1]
        else:
            prefix, local = target.split(":", 1)
            iri = prefixes.get(prefix, f"{prefix}:") + local
        if not any(iri == a or (a.endswith("/") and iri.startswith(a)) for a in allowed):
            raise ProtocolError(403, f"SERVICE <{iri}> is refused: this endpoint calls only the services its operator allows")


def negotiate(request: Request, graph_result: bool, wanted: str | None = None) -> str:
    """The media type to answer in: the 'format' parameter, else the best of the Accept header."""
    table = GRAPH_TYPES if graph_result else RESULT_TYPES
    if wanted:
        mimetype = FORMAT_ALIASES.get(wanted, wanted)
        if mimetype not in table:
            raise ProtocolError(406, f"format '{wanted}' cannot be produced for this query (choose from {', '.join(table)})")
        return mimetype
    if not request.accept_mimetypes:
        return next(iter(table))
    best = request.accept_mimetypes.best_match(list(table), default=None)
    if best is None:
        raise ProtocolError(406, f"none of the accepted types can be produced for this query (choose from {', '.join(table)})")
    return best
