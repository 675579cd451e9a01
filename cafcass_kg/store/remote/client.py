"""The HTTP client of a SPARQL 1.1 store on a server (Virtuoso, Fuseki, GraphDB, Neptune,
Oxigraph's server): queries by the SPARQL 1.1 Protocol, each with the dataset the project's queries
expect; graphs written by the Graph Store HTTP Protocol (or SPARQL 1.1 Update where no graph store
is given); transient failures retried; nothing specific to one store."""

from __future__ import annotations

import http.client
import logging
import re
import time
from collections.abc import Callable, Iterable
from functools import partial

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from cafcass_kg.errors import QueryError, StoreError, StoreRefused, StoreTimeout, TransientStoreError

from .answers import ACCEPT_GRAPH, ACCEPT_TABLE, GraphResult, parse_answer
from .graph_names import CATALOGUE_GRAPH, DATASET, DEFAULT_GRAPH_OF, EMPTY_GRAPH, NAMED_GRAPH_OF, staging_graph
from .settings import StoreSettings
from .sparql_text import drop_graphs_update, insert_update, keywords, query_form

log = logging.getLogger(__name__)
# Virtuoso repeats each graph of a query's dataset as a response header; Python's HTTP client
# refuses a response with more than 100 headers.
http.client._MAXHEADERS = max(getattr(http.client, "_MAXHEADERS", 100), 100_000)

TRANSIENT_STATUSES = {429, 502, 503, 504}
CATALOGUE_SECONDS = 60  # how long the catalogue read from the store is taken as current
DROP_BATCH = 100  # graphs dropped in one update


class RemoteStore:
    """A SPARQL store on a server, read with the calls the project makes of an Oxigraph store
    (``query``, ``named_graphs``), and loaded with ``replace_graphs``."""

    def __init__(self, settings: StoreSettings):
        self.settings = settings
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "cafcass-kg"
        if not settings.keep_alive:
            self.session.headers["Connection"] = "close"
        self._graphs: tuple[float, tuple[str | None, list[str]]] | None = None  # when read, and the catalogue
        self._warned = False
        self._unnamed: bool | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.settings.query})"

    # -- HTTP --

    def _request(self, method: str, url: str, what: str, timeout: float | None = None, **kwargs) -> requests.Response:
        """One request; credentials are sent the way the store's challenge asks (Basic or Digest)."""
        timeout = timeout or self.settings.timeout
        try:
            response = self.session.request(method, url, timeout=(10, timeout), **kwargs)
            if response.status_code == 401 and self.session.auth is None:
                self.session.auth = self._auth_for(response, url)
                response = self.session.request(method, url, timeout=(10, timeout), **kwargs)
        except requests.Timeout:
            raise StoreTimeout(f"{what}: the store at {url} did not answer within {timeout:g} s") from None
        except requests.ConnectionError as exc:
            raise TransientStoreError(f"{what}: cannot reach the store at {url} ({_reason(exc)})") from None
        if response.status_code in TRANSIENT_STATUSES:
            raise TransientStoreError(f"{what}: the store at {url} answered {response.status_code} "
                                      f"{response.reason}: {_body(response)}")
        if response.status_code in (401, 403):
            raise StoreError(f"{what}: the store at {url} refused the credentials ({response.status_code} "
                             f"{response.reason}); check CAFCASS_KG_STORE_USER and CAFCASS_KG_STORE_PASSWORD")
        return response

    def _auth_for(self, response: requests.Response, url: str) -> AuthBase:
        user, password = self.settings.user, self.settings.password
        if not user or password is None:
            raise StoreError(f"the store at {url} asks for credentials: set CAFCASS_KG_STORE_USER and "
                             "CAFCASS_KG_STORE_PASSWORD, or user and password in the config file")
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        return HTTPDigestAuth(user, password) if challenge.startswith("digest") else HTTPBasicAuth(user, password)

    def _with_retries(self, action: Callable[[], object], what: str, also=()):
        """``action``'s result, tried again after a transient failure (and the ``also`` errors)."""
        def say(state: RetryCallState) -> None:
            log.warning("%s; trying again in %.1f s (attempt %d of %d)", state.outcome.exception(),
                        state.next_action.sleep, state.attempt_number + 1, self.settings.retries + 1)

        retrying = Retrying(stop=stop_after_attempt(self.settings.retries + 1), reraise=True,
                            wait=wait_exponential(multiplier=0.5, max=10), before_sleep=say,
                            retry=retry_if_exception_type((TransientStoreError, *also)))
        try:
            return retrying(action)
        except (TransientStoreError, *also) as exc:
            raise StoreError(f"{exc} (gave up after {self.settings.retries + 1} attempts)") from None

    # -- queries --

    def query(self, query: str, base_iri: str | None = None, default_graph=None, named_graphs=None,
              timeout: float | None = None, every_graph: bool = False) -> ox.QuerySolutions | ox.QueryBoolean | GraphResult:
        """Answer a query: ox.QuerySolutions or ox.QueryBoolean as Oxigraph gives them, or a
        GraphResult. Without a dataset the query reads the merge of the document graphs and names
        the document graphs, as it would in the embedded store (a query's own FROM is left to it);
        ``every_graph`` sends no dataset: the store's own, every graph it holds in most stores."""
        words = keywords(query)
        if base_iri and "BASE" not in words:
            query = f"BASE <{base_iri}>\n{query}"
        data = [("query", query)] + ([] if every_graph else self._dataset(words, default_graph, named_graphs))
        form = query_form(words)
        accept = ACCEPT_GRAPH if form in ("CONSTRUCT", "DESCRIBE") else ACCEPT_TABLE

        def ask() -> requests.Response:
            response = self._request("POST", self.settings.query, "query", timeout=timeout, data=data,
                                     headers={"Accept": accept})
            if 400 <= response.status_code < 500:
                raise QueryError(f"the store refused the query ({response.status_code}): {_body(response)}")
            if response.status_code >= 300:
                raise StoreError(f"query: the store at {self.settings.query} answered {response.status_code} "
                                 f"{response.reason}: {_body(response)}")
            return response

        answer = parse_answer(self._with_retries(ask, "query"))
        if form == "ASK" and isinstance(answer, ox.QuerySolutions):
            answer = _table_as_boolean(answer)
        return answer

    def _dataset(self, words: list[str], default_graph, named_graphs) -> list[tuple[str, str]]:
        """The protocol's dataset parameters for a query (none when the query names its own)."""
        if default_graph is None and named_graphs is None:
            if "FROM" in words:
                return []
            default_graph, named_graphs = [self.merged_graph()], (self.named_graphs() if "GRAPH" in words else [])
            if len(named_graphs) > self.settings.max_named_graphs and self._reads_unnamed_graphs():
                # Too many to name in every request (Virtuoso refuses 10,000), and a store that
                # reads every graph it holds when none is named: its choice is taken (the merge
                # among them; a query that joins a graph to its document is not affected).
                if not self._warned:
                    log.warning("%d graphs are more than max_named_graphs (%d): GRAPH patterns range over the graphs "
                                "the store chooses", len(named_graphs), self.settings.max_named_graphs)
                    self._warned = True
                return [("default-graph-uri", default_graph[0])]
        # An empty part is named by a graph that is never written: with none, stores such as
        # Virtuoso read every graph they hold there.
        defaults = [_iri(g) for g in _as_list(default_graph)] or [EMPTY_GRAPH]
        named = [_iri(g) for g in _as_list(named_graphs)] or [EMPTY_GRAPH]
        return [("default-graph-uri", g) for g in defaults] + [("named-graph-uri", g) for g in named]

    def _reads_unnamed_graphs(self) -> bool:
        """Whether GRAPH ranges over graphs a query's dataset does not name (Virtuoso does; the
        standard says it must not), asked of the store once."""
        if self._unnamed is None:
            self._unnamed = bool(self.query(f"ASK FROM <{self.merged_graph()}> {{ GRAPH <{CATALOGUE_GRAPH}> {{ ?s ?p ?o }} }}",
                                            every_graph=True))
        return self._unnamed

    def named_graphs(self, fresh: bool = False) -> list[str]:
        """The document graphs and the vocabulary graph of the last build (read again after a minute)."""
        return list(self._catalogue(fresh)[1])

    def current_merge(self, fresh: bool = False) -> str | None:
        """The graph the catalogue names as the merge of the document graphs (None before a build)."""
        return self._catalogue(fresh)[0]

    def merged_graph(self, fresh: bool = False) -> str:
        """The graph that holds the merge of the document graphs: a query's default graph."""
        merged = self.current_merge(fresh)
        if merged is None:
            raise StoreError(f"the store at {self.settings.query} holds no graph of this project: run "
                             "'cafcass-kg build --store ...' first")
        return merged

    def _catalogue(self, fresh: bool) -> tuple[str | None, list[str]]:
        """The current merge graph and the document graphs, as the catalogue graph lists them."""
        if fresh or self._graphs is None or time.monotonic() - self._graphs[0] > CATALOGUE_SECONDS:
            rows = self.query(f"SELECT ?p ?g WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ <{DATASET}> ?p ?g }} }}", every_graph=True)
            merged, graphs = None, []
            for row in rows:
                if row["p"].value == DEFAULT_GRAPH_OF:
                    merged = row["g"].value
                elif row["p"].value == NAMED_GRAPH_OF:
                    graphs.append(row["g"].value)
            self._graphs = (time.monotonic(), (merged, sorted(graphs)))
        return self._graphs[1]

    def graphs_starting(self, prefix: str) -> list[str]:
        """Every graph the store holds whose IRI starts with ``prefix`` (one listing: slow on some stores)."""
        rows = self.query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER STRSTARTS(STR(?g), "{prefix}") }}',
                          every_graph=True)
        return sorted(row["g"].value for row in rows)

    # -- updates --

    def update(self, operations: str, what: str) -> None:
        """Run a SPARQL 1.1 Update request; a refusal is an error, a transient failure is retried."""
        self._with_retries(lambda: self._update_once(operations, what), what, also=(StoreTimeout,))

    def _update_once(self, operations: str, what: str) -> None:
        response = self._request("POST", self.settings.update_url, what, data=operations.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        if response.status_code >= 300:
            raise StoreRefused(f"{what}: the store at {self.settings.update_url} refused the update "
                               f"({response.status_code} {response.reason}): {_body(response)}")

    def _put_graph(self, graph: str, ntriples: bytes, what: str, add: bool = False) -> None:
        """Fill ``graph`` by the Graph Store Protocol: PUT replaces it, POST adds to it."""
        response = self._request("POST" if add else "PUT", self.settings.graph_store, what, params={"graph": graph},
                                 data=ntriples, headers={"Content-Type": "application/n-triples"})
        if response.status_code >= 300:
            raise StoreRefused(f"{what}: the graph store at {self.settings.graph_store} refused graph <{graph}> "
                               f"({response.status_code} {response.reason}): {_body(response)}")

    def _fill_staging(self, graphs: list[tuple[str, bytes]], what: str) -> None:
        """Each (staging graph, N-Triples) filled from empty."""
        if self.settings.graph_store:
            for graph, data in graphs:
                self._put_graph(graph, data, what)
            return
        parts = [f"{drop_graphs_update([graph])} ;\n{insert_update(graph, data)}" for graph, data in graphs]
        self._update_once(" ;\n".join(parts), what)

    def replace_graphs(self, graphs: list[tuple[str, bytes]], what: str) -> None:
        """Replace each named graph whole with its N-Triples: staged, then moved into place. The
        pair of steps is what is retried, so a failure between them never moves a stale staging
        graph."""
        staged = [(staging_graph(g), data) for g, data in graphs]

        def attempt() -> None:
            self._fill_staging(staged, what)
            self._update_once(" ;\n".join(f"MOVE GRAPH <{s}> TO GRAPH <{g}>" for (s, _), (g, _) in zip(staged, graphs)), what)

        self._with_retries(attempt, what, also=(StoreTimeout,))

    def write_new_graph(self, graph: str, chunks: Iterable[bytes], what: str) -> None:
        """Fill a new graph (its name used for the first time: nothing to drop), chunk by chunk;
        each chunk is retried on its own, which adding a set of triples again makes harmless."""
        for i, data in enumerate(chunks):
            if self.settings.graph_store:
                send = partial(self._put_graph, graph, data, what, add=i > 0)
            else:
                send = partial(self._insert_in_halves, graph, data, what)
            self._with_retries(send, what, also=(StoreTimeout,))

    def drop_large_graph(self, graph: str, what: str, chunk: int = 100_000) -> None:
        """Remove a graph; one too large for the store to drop in one transaction is emptied a
        chunk at a time."""
        try:
            self.update(drop_graphs_update([graph]), what)
        except StoreRefused:
            delete = (f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ SELECT ?s ?p ?o WHERE {{ "
                      f"GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT {chunk} }}")
            while bool(self.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", every_graph=True)):
                self.update(delete, what)

    def _insert_in_halves(self, graph: str, data: bytes, what: str) -> None:
        """Add N-Triples to a graph by SPARQL Update; a request the store refuses (too large for it)
        is sent again in two halves."""
        try:
            self._update_once(insert_update(graph, data), what)
        except StoreRefused as exc:
            lines = data.splitlines(keepends=True)
            if len(lines) < 2:
                raise
            log.info("%s; sending it in two halves", exc)
            self._insert_in_halves(graph, b"".join(lines[:len(lines) // 2]), what)
            self._insert_in_halves(graph, b"".join(lines[len(lines) // 2:]), what)

    def drop_graphs(self, graphs: list[str], what: str) -> None:
        """Remove these graphs, a hundred to an update."""
        for start in range(0, len(graphs), DROP_BATCH):
            self.update(drop_graphs_update(graphs[start:start + DROP_BATCH]), what)


def _table_as_boolean(answer: ox.QuerySolutions) -> ox.QueryBoolean:
    """The answer to an ASK given as a table, as a boolean: Virtuoso 7.2 answers one row
    (__ASK_RETVAL 1) for yes, none for no."""
    yes = next(iter(answer), None) is not None
    return ox.parse_query_results(b'{"head": {}, "boolean": %s}' % (b"true" if yes else b"false"),
                                  format=ox.QueryResultsFormat.JSON)


def _as_list(graphs) -> list:
    """A dataset part given as one graph, several, or none, as a list."""
    if graphs is None:
        return []
    if isinstance(graphs, (str, ox.NamedNode)):
        return [graphs]
    return list(graphs)


def _iri(graph: str | ox.NamedNode) -> str:
    return graph.value if isinstance(graph, ox.NamedNode) else str(graph)


def _reason(exc: Exception) -> str:
    """The short reason a connection failed, without the library's wrapping."""
    text = str(exc)
    match = re.search(r"\[Errno -?\d+\] ([^')\]]+)|(Connection refused|Connection reset by peer|Connection aborted)", text)
    return (match.group(1) or match.group(2)) if match else text[:200]


def _body(response: requests.Response) -> str:
    """The start of a response's body on one line, for an error message."""
    text = response.text.strip().replace("\n", " ")
    return text[:300] + ("..." if len(text) > 300 else "")
