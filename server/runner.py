"""Running queries so that a time limit really stops them, and a row limit is stated.

pyoxigraph cannot cancel a query, and Python cannot stop a thread. Each query therefore runs in a
worker process forked from the server, which shares the store copy-on-write and costs no copy;
a query over its time limit is answered 503 and its worker is killed and replaced, so the work
stops with it. The store is read-only, so a worker forked while other threads query it finds no
lock held for writing.
"""

from __future__ import annotations

import itertools
import json
import logging
import multiprocessing
import os
import queue
import time
from dataclasses import dataclass

import pyoxigraph as ox

from cafcass_kg.errors import CafcassKGError, QueryError
from cafcass_kg.store import is_graph_result, run_query

from .protocol import GRAPH_TYPES, RESULT_TYPES, Operation, ProtocolError

log = logging.getLogger(__name__)


@dataclass
class Answer:
    body: bytes
    mimetype: str
    rows: int | None = None  # rows or triples sent (None for ASK)
    capped: bool = False  # the row limit cut the results


@dataclass
class Task:
    operation: Operation
    base_iri: str
    table_type: str | tuple[int, str]  # the media type for SELECT/ASK, or (status, why none is acceptable)
    graph_type: str | tuple[int, str]  # the same for CONSTRUCT/DESCRIBE
    row_limit: int | None
    timeout: float | None = None  # seconds to wait for a remote store


def execute(store: ox.Store, task: Task) -> Answer:
    """Run one query and serialize its results, at most ``row_limit`` rows of them. A remote
    store's answer is parsed and written again the same way, so the same formats and limits hold."""
    results = run_query(store, task.operation.query, base_iri=task.base_iri, timeout=task.timeout, **task.operation.dataset())
    graph_result = is_graph_result(results)
    mimetype = task.graph_type if graph_result else task.table_type
    if isinstance(mimetype, tuple):
        raise ProtocolError(*mimetype)
    try:  # Oxigraph evaluates lazily: a query can still fail here (a SERVICE call, say)
        if isinstance(results, ox.QueryBoolean):
            return Answer(results.serialize(format=RESULT_TYPES[mimetype]), mimetype)
        limit = task.row_limit
        items = list(itertools.islice(results, limit + 1)) if limit is not None else list(results)
        capped = limit is not None and len(items) > limit
        items = items[:limit] if capped else items
        if graph_result:
            body = ox.serialize(items, format=GRAPH_TYPES[mimetype])
        else:
            body = _solutions(results.variables, items, RESULT_TYPES[mimetype])
        return Answer(body, mimetype, len(items), capped)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


def _solutions(variables, rows, fmt: ox.QueryResultsFormat) -> bytes:
    """Solutions already read, as SPARQL results: written as SPARQL JSON, converted by Oxigraph."""
    names = [v.value for v in variables]
    bindings = [{n: _json_term(row[n]) for n in names if row[n] is not None} for row in rows]
    data = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode("utf-8")
    if fmt == ox.QueryResultsFormat.JSON:
        return data
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        found["datatype"] = term.datatype.value
    return found


def _worker(store: ox.Store, conn, server_pid: int) -> None:
    while True:
        try:
            # A worker inherits the other workers' pipes, so a server that dies without closing them
            # would never be noticed by reading alone: look at who the parent is too.
            while not conn.poll(1.0):
                if os.getppid() != server_pid:
                    return
            task = conn.recv()
        except (EOFError, OSError):  # the server let this worker go
            return
        try:
            conn.send(("ok", execute(store, task)))
        except CafcassKGError as exc:
            conn.send(("error", exc.http_status, str(exc)))
        except Exception as exc:  # noqa: BLE001 - the server must answer, not hang
            conn.send(("error", 500, f"the query could not be run: {exc}"))


class QueryRunner:
    """A pool of forked workers, each answering one query at a time within ``timeout`` seconds."""

    def __init__(self, store: ox.Store, workers: int, timeout: float):
        self.store, self.timeout = store, timeout
        self.context = multiprocessing.get_context("fork")
        self.idle: queue.Queue = queue.Queue()
        for _ in range(workers):
            self.idle.put(self._start())

    def _start(self):
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(self.store, child, os.getpid()), daemon=True)
        process.start()
        child.close()
        return process, parent

    def run(self, task: Task) -> Answer:
        started = time.monotonic()
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            raise ProtocolError(503, f"the server is busy: no query worker came free within {self.timeout:g} s; try again") from None
        process, conn = worker
        try:
            conn.send(task)
            if not conn.poll(max(0.0, self.timeout - (time.monotonic() - started))):
                process.kill()
                process.join()
                conn.close()
                worker = self._start()
                raise ProtocolError(503, f"the query ran longer than the {self.timeout:g} s limit and was stopped")
            reply = conn.recv()
        except (EOFError, OSError):  # the worker died (killed from outside, out of memory)
            process.kill()
            process.join(timeout=5)
            conn.close()
            worker = self._start()
            raise ProtocolError(503, "the query's worker stopped unexpectedly; try again") from None
        finally:
            self.idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        raise ProtocolError(reply[1], reply[2])

    def pids(self) -> set[int]:
        """The worker processes, idle ones only (for operators and tests)."""
        return {process.pid for process, _ in list(self.idle.queue)}

    def close(self) -> None:
        while not self.idle.empty():
            process, conn = self.idle.get()
            conn.close()
            process.join(timeout=1)
