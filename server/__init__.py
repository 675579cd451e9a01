"""The web application: a read-only SPARQL 1.1 endpoint, validation, and pages for people.

``create_app(store, config)`` takes the store it serves; nothing is loaded at import time, and
query workers start with the first query.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pyoxigraph as ox
from flask import Flask, Response, jsonify, redirect, render_template, request, url_for

from cafcass_kg.errors import CafcassKGError
from cafcass_kg.namespaces import sparql_prologue
from cafcass_kg.resources import query_files
from cafcass_kg.store import is_remote

from .description import SD_PREFIXES, describe_service
from .pages import pages
from .protocol import GRAPH_TYPES, ProtocolError, check_nesting, check_services, negotiate, read_operation
from .runner import QueryRunner, Task, execute

log = logging.getLogger(__name__)

DEFAULTS = {
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,  # graphs posted to /validate can be large
    "SERVICE_ALLOW": [],  # SERVICE endpoints a query may call (IRIs; one ending in "/" allows what is under it)
    "QUERY_TIMEOUT": 30.0,  # seconds; a query over it is stopped and answered 503
    "ROW_LIMIT": 10_000,  # rows (or triples) of one answer at most; 0 for none
    "QUERY_WORKERS": 2,  # worker processes; 0 runs queries in the server's threads, with no time limit
    "MAX_NESTING": 200,  # brackets and braces inside each other, at most
}


def create_app(store: ox.Store, config: dict[str, Any] | None = None) -> Flask:
    """The application serving ``store``: an Oxigraph store, or a RemoteStore whose server answers
    the queries (the limits, formats and pages here are the same)."""
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
        return render_template("query.html", examples=examples, prologue=sparql_prologue(),
                               endpoint=url_for("sparql", _external=True))

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        if request.method == "GET" and not request.args:
            return service_description()
        started = time.perf_counter()
        status, rows = 500, "-"
        try:
            operation = read_operation(request)
            check_nesting(operation.query, int(app.config["MAX_NESTING"]))
            check_services(operation.query, app.config["SERVICE_ALLOW"])
            limit = int(app.config["ROW_LIMIT"]) or None
            task = Task(operation, request.base_url, _choice(operation, graph_result=False),
                        _choice(operation, graph_result=True), limit, float(app.config["QUERY_TIMEOUT"]))
            # A remote store runs the query itself: the wait for it is bounded by the timeout here.
            use_runner = int(app.config["QUERY_WORKERS"]) and not is_remote(store)
            answer = runner().run(task) if use_runner else execute(store, task)
            status, rows = 200, answer.rows
            response = Response(answer.body, mimetype=answer.mimetype)
            if answer.rows is not None:
                response.headers["Result-Rows"] = str(answer.rows)
            if answer.capped:
                response.headers["Result-Rows-Capped"] = f"the answer is cut at the server's limit of {limit} rows"
            return response
        except CafcassKGError as exc:
            status = exc.http_status
            raise
        finally:
            log.info("sparql %s %s %d rows=%s %.1f ms", request.method, request.remote_addr, status, rows,
                     (time.perf_counter() - started) * 1000)

    def runner() -> QueryRunner:
        if "runner" not in cache:  # started on the first query: an app that never queries forks nothing
            cache["runner"] = QueryRunner(store, int(app.config["QUERY_WORKERS"]), float(app.config["QUERY_TIMEOUT"]))
        return cache["runner"]

    def local_store() -> ox.Store:
        """The graph with every triple at hand, for validation and export: a remote graph is copied
        into memory once."""
        if not is_remote(store):
            return store
        if "local" not in cache:
            from cafcass_kg.store.remote import copy_to_memory

            cache["local"] = copy_to_memory(store)
        return cache["local"]

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
        from cafcass_kg.validation.report import FORMATS, render
        from cafcass_kg.validation import validate_dataset, validate_store

        fmt = _report_format(FORMATS)
        if request.method == "GET":
            if "report" not in cache:
                # In this process (workers=1): forking a server that is serving other requests is not safe.
                cache["report"] = validate_store(local_store(), workers=1)
            report = cache["report"]
        else:
            report = validate_dataset(_posted_graph())
        return Response(render(report, fmt), mimetype=FORMATS[fmt])

    @app.get("/export")
    def export():
        """The graph, or a resource's neighbourhood, in a format for visualisation tools."""
        from cafcass_kg.export import FORMATS, View, add_measures, render, select_view, to_networkx

        fmt = request.args.get("format", "html")
        if fmt not in FORMATS:
            raise ProtocolError(400, f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
        try:
            depth = int(request.args.get("depth", "1"))
        except ValueError:
            raise ProtocolError(400, "depth is a whole number") from None
        if "network" not in cache:  # the store is read-only: convert it once
            cache["network"] = to_networkx(local_store())
        view = View(request.args.get("focus") or None, depth, request.args.getlist("include-class"),
                    request.args.getlist("exclude-class"))
        graph = select_view(cache["network"], view)
        if graph.number_of_nodes() == 0:
            raise ProtocolError(400, "the view is empty: no resource matches these classes")
        add_measures(graph)
        mimetypes = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "cytoscape": "application/json",
                     "json": "application/json", "html": "text/html", "dot": "text/vnd.graphviz", "svg": "image/svg+xml",
                     "png": "image/png"}
        response = Response(render(graph, fmt), mimetype=mimetypes[fmt])
        if fmt != "html":
            response.headers["Content-Disposition"] = f'attachment; filename="cafcass-kg.{fmt}"'
        return response

    cache: dict[str, Any] = {"store": store}
    app.extensions["cafcass_kg"] = cache  # the store, the query runner and computed descriptions, per app
    app.register_blueprint(pages)

    @app.errorhandler(400)
    @app.errorhandler(404)
    @app.errorhandler(406)
    def client_error(exc):
        return Response(f"{exc.description}\n", status=exc.code, mimetype="text/plain")

    return app


def _choice(operation, graph_result: bool):
    """The media type for a result of this kind, or (status, reason) when none is acceptable."""
    try:
        return negotiate(request, graph_result, operation.format)
    except ProtocolError as exc:
        return (exc.http_status, str(exc))


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


__all__ = ["create_app"]
