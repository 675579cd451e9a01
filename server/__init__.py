"""The web application: a read-only SPARQL 1.1 endpoint and a query page.

``create_app(store, config)`` takes the store it serves; nothing is loaded at import time.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pyoxigraph as ox
from flask import Flask, Response, jsonify, render_template, request

from cafcass_kg.errors import CafcassKGError, QueryError
from cafcass_kg.resources import query_files
from cafcass_kg.store import run_query

log = logging.getLogger(__name__)

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORMAT_ALIASES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
    "ntriples": "application/n-triples", "trig": "application/trig", "nquads": "application/n-quads", "rdfxml": "application/rdf+xml",
}
DEFAULTS = {"MAX_CONTENT_LENGTH": 16 * 1024 * 1024}  # graphs posted to /validate can be large


class HTTPError(CafcassKGError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.http_status = status


def create_app(store: ox.Store, config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("CAFCASS_KG")
    app.config.update(config or {})

    @app.errorhandler(CafcassKGError)
    def handle_error(exc: CafcassKGError):
        return Response(f"{exc}\n", status=exc.http_status, mimetype="text/plain")

    @app.errorhandler(413)
    def too_large(_exc):
        return Response("request body too large\n", status=413, mimetype="text/plain")

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    @app.get("/")
    def query_page():
        examples = [(p.stem, p.read_text(encoding="utf-8")) for p in query_files()]
        return render_template("query.html", examples=examples)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        query = _query_from_request()
        started = time.perf_counter()
        results = run_query(store, query, base_iri=request.base_url)
        body, mimetype = _serialize(results)
        log.info("query %s %.1f ms", request.method, (time.perf_counter() - started) * 1000)
        return Response(body, mimetype=mimetype)

    @app.route("/validate", methods=["GET", "POST"])
    def validate():
        """GET: the served graph's report (computed once: the graph is read-only). POST: validate
        the graph in the body (an RDF media type) or in a form's 'graph' file field."""
        from cafcass_kg.report import FORMATS, render
        from cafcass_kg.store import dataset_from_store
        from cafcass_kg.validation import validate_dataset

        fmt = _report_format(FORMATS)
        if request.method == "GET":
            if "report" not in cache:
                cache["report"] = validate_dataset(dataset_from_store(store))
            report = cache["report"]
        else:
            report = validate_dataset(_posted_graph())
        return Response(render(report, fmt), mimetype=FORMATS[fmt])

    cache: dict[str, Any] = {}
    return app


REPORT_TYPES = {"text/html": "html", "application/json": "json", "text/turtle": "turtle", "text/plain": "text"}


def _report_format(formats: dict[str, str]) -> str:
    wanted = request.args.get("format")
    if wanted:
        if wanted not in formats:
            raise HTTPError(406, f"unknown report format '{wanted}' (choose from {', '.join(formats)})")
        return wanted
    if not request.accept_mimetypes:
        return "json"
    best = request.accept_mimetypes.best_match(list(REPORT_TYPES), default=None)
    if best is None:
        raise HTTPError(406, f"none of the accepted types can be produced (choose from {', '.join(REPORT_TYPES)})")
    return REPORT_TYPES[best]


def _posted_graph():
    from cafcass_kg.validation import MEDIA_TYPES, RDF_SUFFIXES, parse_dataset

    if request.mimetype == "multipart/form-data":
        upload = request.files.get("graph")
        if upload is None or not upload.filename:
            raise HTTPError(400, "the form has no 'graph' file")
        suffix = "." + upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
        fmt = MEDIA_TYPES.get(upload.mimetype) or RDF_SUFFIXES.get(suffix)
        if fmt is None:
            raise HTTPError(415, f"{upload.filename}: unknown RDF format (use .ttl, .trig, .nq, .nt, .jsonld or .rdf)")
        return parse_dataset(upload.read(), fmt, upload.filename)
    fmt = MEDIA_TYPES.get(request.mimetype)
    if fmt is None:
        raise HTTPError(415, f"unsupported content type '{request.mimetype}': send RDF ({', '.join(MEDIA_TYPES)}) or a form with a 'graph' file")
    return parse_dataset(request.get_data(), fmt)


def _query_from_request() -> str:
    if "update" in request.values or request.mimetype == "application/sparql-update":
        raise HTTPError(403, "this endpoint is read-only: SPARQL updates are refused")
    if request.method == "GET":
        values = request.args.getlist("query")
    elif request.mimetype == "application/x-www-form-urlencoded":
        values = request.form.getlist("query")
    elif request.mimetype == "application/sparql-query":
        try:
            values = [request.get_data().decode("utf-8")]
        except UnicodeDecodeError:
            raise HTTPError(400, "the request body is not UTF-8") from None
    else:
        raise HTTPError(415, f"unsupported content type '{request.mimetype}': use application/sparql-query or a form")
    if len(values) != 1 or not values[0].strip():
        raise HTTPError(400, "give exactly one non-empty 'query'")
    return values[0]


def _serialize(results) -> tuple[bytes, str]:
    graph_result = isinstance(results, ox.QueryTriples)
    table = GRAPH_TYPES if graph_result else RESULT_TYPES
    wanted = request.args.get("format")
    if wanted:
        mimetype = FORMAT_ALIASES.get(wanted, wanted)
        if mimetype not in table:
            raise HTTPError(406, f"format '{wanted}' cannot be produced for this query (choose from {', '.join(table)})")
    else:
        mimetype = request.accept_mimetypes.best_match(list(table), default=None) if request.accept_mimetypes else next(iter(table))
        if mimetype is None:
            raise HTTPError(406, f"none of the accepted types can be produced (choose from {', '.join(table)})")
    return results.serialize(format=table[mimetype]), mimetype


__all__ = ["create_app", "QueryError"]
