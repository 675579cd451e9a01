"""The SPARQL 1.1 endpoint at /sparql, and the query page at / that sends it queries.

A request to /sparql with no parameters asks what the endpoint is: a person's browser is sent to
the query page, a program gets the Service Description. Every query is logged on one line with
its status, rows and duration.
"""

from __future__ import annotations

import re

import logging
import time

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, render_template, request, url_for

from cafcass_kg.errors import CafcassKGError
from cafcass_kg.namespaces import sparql_prologue
from cafcass_kg.resources import query_files

from .description import SD_PREFIXES, describe_service
from .protocol import (
    GRAPH_TYPES,
    Operation,
    ProtocolError,
    check_nesting,
    check_services,
    negotiate,
    read_operation,
)
from .runner import Answer, Task, execute
from .state import ServerState, state

blueprint = Blueprint("sparql", __name__)
# The package's logger, not this module's: the serve command and operators set the level of
# "cafcass_kg.server" to see a line per query.
log = logging.getLogger(__package__)


@blueprint.get("/query")
def query_page() -> str:
    """The query editor, with the competency queries as examples."""
    examples = [(question_of(p.read_text(encoding="utf-8"), p.stem), p.read_text(encoding="utf-8")) for p in query_files()]
    return render_template("query.html", examples=examples, prologue=sparql_prologue(),
                           endpoint=url_for(".endpoint", _external=True))


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """A query by any of the protocol's three ways; with no parameters, the service description."""
    if request.method == "GET" and not request.args:
        return service_description()
    started = time.perf_counter()
    status, rows = 500, "-"
    try:
        shared = state()
        answer = run(shared, read_task(shared))
        status, rows = 200, answer.rows
        return answer_response(answer, shared.row_limit)
    except CafcassKGError as exc:
        status = exc.http_status
        raise  # answered by the application's error handlers
    finally:
        log.info("sparql %s %s %d rows=%s %.1f ms", request.method, request.remote_addr, status, rows,
                 (time.perf_counter() - started) * 1000)


def read_task(shared: ServerState) -> Task:
    """The request's query, checked against the endpoint's limits, with the media types to answer in."""
    operation = read_operation(request)
    check_nesting(operation.query, shared.max_nesting)
    check_services(operation.query, shared.service_allow)
    return Task(operation, request.base_url, _media_type(operation, graph_result=False),
                _media_type(operation, graph_result=True), shared.row_limit, shared.query_timeout)


def run(shared: ServerState, task: Task) -> Answer:
    """The answer, from a worker process (which a time limit can stop) or from this thread."""
    return shared.query_runner().run(task) if shared.queries_in_workers else execute(shared.store, task)


def answer_response(answer: Answer, row_limit: int | None) -> Response:
    """The answer with the headers that say how many rows it has, and whether the limit cut it."""
    response = Response(answer.body, mimetype=answer.mimetype)
    if answer.rows is not None:
        response.headers["Result-Rows"] = str(answer.rows)
    if answer.capped:
        response.headers["Result-Rows-Capped"] = f"the answer is cut at the server's limit of {row_limit} rows"
    return response


def _media_type(operation: Operation, graph_result: bool) -> str | tuple[int, str]:
    """The media type for a result of this kind, or (status, reason) when none is acceptable: the
    query's kind is known only once it has run, so a refusal waits until then."""
    try:
        return negotiate(request, graph_result, operation.format)
    except ProtocolError as exc:
        return (exc.http_status, str(exc))


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, with a VoID description of the data."""
    if request.accept_mimetypes.best_match(["text/html", *GRAPH_TYPES]) == "text/html":
        return redirect(url_for(".query_page"), code=303)
    mimetype = negotiate(request, graph_result=True, wanted=request.args.get("format"))
    shared = state()
    graph = describe_service(shared.store, request.base_url, shared.descriptions)
    return Response(ox.serialize(graph, format=GRAPH_TYPES[mimetype], prefixes=SD_PREFIXES), mimetype=mimetype)


def question_of(query: str, fallback: str) -> str:
    """The question a competency query answers, from its first comment line ("# CQ09 Which
    inspections are reported ...?" is shown as "9. Which inspections are reported ...?")."""
    first = next((line for line in query.splitlines() if line.startswith("#")), "")
    m = re.match(r"#\s*CQ0*(?P<n>\d+)\s*[:.-]?\s*(?P<question>.+)", first)
    return f"{m['n']}. {m['question'].strip()}" if m else fallback
