"""The web application: a read-only SPARQL 1.1 endpoint and a query page.

``create_app(store, config)`` takes the store it serves; nothing is loaded at import time.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pyoxigraph as ox
from flask import Flask, Response, jsonify, redirect, render_template, request, url_for

from cafcass_kg.errors import CafcassKGError, QueryError
from cafcass_kg.resources import query_files
from cafcass_kg.store import run_query

from .description import SD_PREFIXES, describe_service
from .protocol import GRAPH_TYPES, RESULT_TYPES, ProtocolError, check_services, negotiate, read_operation

log = logging.getLogger(__name__)

DEFAULTS = {
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,  # graphs posted to /validate can be large
    "SERVICE_ALLOW": [],  # SERVICE endpoints a query may call (IRIs; one ending in "/" allows what is under it)
}
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
        if request.method == "GET" and not request.args:
            return service_description()
        started = time.perf_counter()
        status = 500
        try:
            operation = read_operation(request)
            check_services(operation.query, app.config["SERVICE_ALLOW"])
            results = run_query(store, operation.query, base_iri=request.base_url, **operation.dataset())
            mimetype = negotiate(request, isinstance(results, ox.QueryTriples), operation.format)
            table = GRAPH_TYPES if isinstance(results, ox.QueryTriples) else RESULT_TYPES
            try:  # Oxigraph evaluates lazily: a query can still fail here (a SERVICE call, say)
                body = results.serialize(format=table[mimetype])
            except (OSError, RuntimeError, ValueError) as exc:
                raise QueryError(f"the query failed: {exc}") from None
            status = 200
            return Response(body, mimetype=mimetype)
        except CafcassKGError as exc:
            status = exc.http_status
            raise
        finally:
            log.info("sparql %s %s %d %.1f ms", request.method, request.remote_addr, status, (time.perf_counter() - started) * 1000)

    def service_description():
        """The SPARQL 1.1 Service Description of this endpoint, with a VoID description of the data."""
        if request.accept_mimetypes.best_match(["text/html", *GRAPH_TYPES]) == "text/html":
            return redirect(url_for("query_page"), code=303)
        mimetype = negotiate(request, graph_result=True, wanted=request.args.get("format"))
        graph = describe_service(store, request.base_url, cache)
        return Response(ox.serialize(graph, format=GRAPH_TYPES[mimetype], prefixes=SD_PREFIXES), mimetype=mimetype)

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
            raise ProtocolError(406, f"unknown report format '{wanted}' (choose from {', '.join(formats)})")
        return wanted
    if not request.accept_mimetypes:
        return "json"
    best = request.accept_mimetypes.best_match(list(REPORT_TYPES), default=None)
    if best is None:
        raise ProtocolError(406, f"none of the accepted types can be produced (choose from {', '.join(REPORT_TYPES)})")
    return REPORT_TYPES[best]


def _posted_graph():
    from cafcass_kg.validation import MEDIA_TYPES, RDF_SUFFIXES, parse_dataset

    if request.mimetype == "multipart/form-data":
        upload = request.files.get("graph")
        if upload is None or not upload.filename:
            raise ProtocolError(400, "the form has no 'graph' file")
        suffix = "." + upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
        fmt = MEDIA_TYPES.get(upload.mimetype) or RDF_SUFFIXES.get(suffix)
        if fmt is None:
            raise ProtocolError(415, f"{upload.filename}: unknown RDF format (use .ttl, .trig, .nq, .nt, .jsonld or .rdf)")
        return parse_dataset(upload.read(), fmt, upload.filename)
    fmt = MEDIA_TYPES.get(request.mimetype)
    if fmt is None:
        raise ProtocolError(415, f"unsupported content type '{request.mimetype}': send RDF ({', '.join(MEDIA_TYPES)}) or a form with a 'graph' file")
    return parse_dataset(request.get_data(), fmt)


__all__ = ["create_app", "QueryError"]
