"""A SPARQL 1.1 store on a server (Virtuoso, Fuseki, GraphDB, Neptune, Oxigraph server) as the
graph's store: queries by the SPARQL 1.1 Protocol, loading by the Graph Store HTTP Protocol (or
SPARQL 1.1 Update where no graph store is given), nothing specific to one store.

What the remote store holds after a build:
- one named graph per document (its IRI is the document's), and the vocabulary graph;
- a merge graph (``MERGED_PREFIX`` + a build's id): the set union of those graphs. Stores differ on
  what the default graph of a query is, and Virtuoso merges graphs as a multiset even when a query
  names them with FROM (a triple stated by two documents is seen twice: checked on 7.2.5), so the
  merge is kept as a graph of its own and every query is sent with an explicit dataset: the merge
  as the default graph and the document graphs as the named graphs (``default-graph-uri``,
  ``named-graph-uri``);
- ``CATALOGUE_GRAPH``: the current merge graph and the document graphs, written with the merge
  (listing the graphs a store holds took 15 s at 10,000 documents on Virtuoso; this is one read).

A document graph is replaced whole: its new triples go to a staging graph first, then one
``MOVE`` puts them in its place, so neither a refused request nor a store stopped mid-load leaves a
mix of old and new triples, and a load that is run again replaces every graph whole. The merge
(half the triples) is too large for one transaction in some stores (Virtuoso refused to MOVE 6
million triples), so each build writes a new merge graph and then switches the catalogue to it in
one small update; the merge before it stays until the next build, for readers that still use it.
"""

from __future__ import annotations

import http.client
import hashlib
import logging
import os
import re
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from cafcass_kg.errors import QueryError, StoreError, StoreRefused, StoreTimeout, TransientStoreError, UsageError
from cafcass_kg.namespaces import BASE, VOCABULARY_GRAPH

log = logging.getLogger(__name__)
# Virtuoso repeats each graph of a query's dataset as a response header; Python's HTTP client
# refuses a response with more than 100 headers.
http.client._MAXHEADERS = max(getattr(http.client, "_MAXHEADERS", 100), 100_000)

MERGED_PREFIX = BASE + "graph/merged/"
CATALOGUE_GRAPH = BASE + "graph/catalogue"
DATASET = BASE + "id/dataset"
DEFAULT_GRAPH_OF = "http://www.w3.org/ns/sparql-service-description#defaultGraph"
NAMED_GRAPH_OF = "http://www.w3.org/ns/sparql-service-description#namedGraph"
EMPTY_GRAPH = BASE + "graph/empty"  # never written: names an empty part of a dataset
STAGING = BASE + "graph/staging/"
DOCUMENT_GRAPHS = BASE + "id/document/"
CONFIG_ENV = "CAFCASS_KG_CONFIG"
CONFIG_FILE = "cafcass-kg.toml"

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# By the query's form: Virtuoso answers a CONSTRUCT asked for with a results type as a table.
ACCEPT_TABLE = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9"
TRANSIENT_STATUSES = {429, 502, 503, 504}


# ---- settings ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoreSettings:
    """Where the remote store is and how to reach it. The password is never shown (repr, logs)."""

    query: str
    update: str | None = None  # SPARQL 1.1 Update; default: the query URL
    graph_store: str | None = None  # Graph Store HTTP Protocol; default: load with SPARQL Update
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 60.0  # seconds to wait for an answer
    retries: int = 4  # further attempts after a transient failure
    batch_bytes: int = 4 << 20  # N-Triples sent in one request, about
    max_named_graphs: int = 1000  # named in a query that reads named graphs; beyond, the store's choice
    # Connections kept open between requests. Virtuoso answers a request whose answer is some
    # kilobytes 37 ms late on a kept-alive connection (43 ms against 6 on loopback): set false for it.
    # (Oxigraph's server sometimes reset a large PUT sent with "Connection: close".)
    keep_alive: bool = True

    @property
    def update_url(self) -> str:
        return self.update or self.query


SETTING_NAMES = {"query": "store", "update": "update", "graph_store": "graph_store", "user": "user",
                 "password": "password", "timeout": "timeout", "retries": "retries", "batch_bytes": "batch_bytes",
                 "max_named_graphs": "max_named_graphs", "keep_alive": "keep_alive"}


def store_settings(query: str | None = None, update: str | None = None, graph_store: str | None = None,
                   config: Path | None = None, environ: dict | None = None) -> StoreSettings | None:
    """The remote store's settings, or None for the embedded store. Each setting comes from the
    command line, else the environment (CAFCASS_KG_STORE, CAFCASS_KG_STORE_UPDATE,
    CAFCASS_KG_GRAPH_STORE, CAFCASS_KG_STORE_USER, CAFCASS_KG_STORE_PASSWORD, ...), else the
    ``[store]`` table of the config file (``--config``, $CAFCASS_KG_CONFIG, or ./cafcass-kg.toml).
    Credentials are read from the environment or the file only."""
    environ = os.environ if environ is None else environ
    path, values = _config_file(config, environ)
    sources = {key: f"{path} [store] {SETTING_NAMES[key]}" for key in values}
    for key, name in SETTING_NAMES.items():
        env = f"CAFCASS_KG_{'STORE' if name == 'store' else 'GRAPH_STORE' if name == 'graph_store' else 'STORE_' + name.upper()}"
        if environ.get(env):
            values[key], sources[key] = environ[env], env
    for key, value, option in (("query", query, "--store"), ("update", update, "--update"),
                               ("graph_store", graph_store, "--graph-store")):
        if value:
            values[key], sources[key] = value, option
    if not values.get("query"):
        if values.get("update") or values.get("graph_store"):
            raise UsageError("a remote store needs its query URL too (--store or CAFCASS_KG_STORE)")
        return None
    for key in ("query", "update", "graph_store"):
        if values.get(key):
            _check_url(values[key], sources[key])
    if isinstance(values.get("keep_alive"), str):
        if values["keep_alive"].lower() not in ("1", "0", "true", "false", "yes", "no"):
            raise UsageError(f"{sources['keep_alive']}: '{values['keep_alive']}' is not true or false")
        values["keep_alive"] = values["keep_alive"].lower() in ("1", "true", "yes")
    for key, kind in (("timeout", float), ("retries", int), ("batch_bytes", int), ("max_named_graphs", int)):
        if key in values:
            try:
                values[key] = kind(values[key])
            except (TypeError, ValueError):
                raise UsageError(f"{sources[key]}: '{values[key]}' is not a {'number' if kind is float else 'whole number'}") from None
    return StoreSettings(**values)


def _config_file(path: Path | None, environ) -> tuple[Path, dict]:
    explicit = path or environ.get(CONFIG_ENV)
    path = Path(explicit) if explicit else Path(CONFIG_FILE)
    if not path.exists():
        if explicit:
            raise UsageError(f"{path}: no such config file")
        return path, {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("store", {})
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(table) - set(SETTING_NAMES.values())
    if unknown:
        raise UsageError(f"{path}: [store] has unknown settings: {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(SETTING_NAMES.values())})")
    return path, {key: table[name] for key, name in SETTING_NAMES.items() if name in table}


def _check_url(url: str, source: str) -> None:
    parts = urlsplit(str(url))
    if parts.username or parts.password:
        raise UsageError(f"{source}: a store URL must not carry credentials: set CAFCASS_KG_STORE_USER and "
                         "CAFCASS_KG_STORE_PASSWORD, or user and password in the config file")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{source}: '{url}' is not an http(s) URL of a SPARQL service")


# ---- talking to the store ------------------------------------------------------------------------------

class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE answered by a remote store (what ox.QueryTriples is
    for the embedded store)."""

    def __init__(self, triples: list):
        self.triples = triples

    def __iter__(self):
        return iter(self.triples)

    def serialize(self, format: ox.RdfFormat) -> bytes:  # noqa: A002 - the name ox.QueryTriples uses
        return ox.serialize(self.triples, format=format)


class RemoteStore:
    """A SPARQL store on a server, read with the calls the project makes of an Oxigraph store
    (``query``, ``named_graphs``), and loaded with ``replace_graphs``."""

    def __init__(self, settings: StoreSettings):
        self.settings = settings
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "cafcass-kg"
        if not settings.keep_alive:
            self.session.headers["Connection"] = "close"
        self._graphs: tuple[float, list[str]] | None = None
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

    def _auth_for(self, response: requests.Response, url: str):
        user, password = self.settings.user, self.settings.password
        if not user or password is None:
            raise StoreError(f"the store at {url} asks for credentials: set CAFCASS_KG_STORE_USER and "
                             "CAFCASS_KG_STORE_PASSWORD, or user and password in the config file")
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        return HTTPDigestAuth(user, password) if challenge.startswith("digest") else HTTPBasicAuth(user, password)

    def _with_retries(self, action: Callable[[], object], what: str, also=()):
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
              timeout: float | None = None, every_graph: bool = False):
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

        def ask():
            response = self._request("POST", self.settings.query, "query", timeout=timeout, data=data,
                                     headers={"Accept": accept})
            if 400 <= response.status_code < 500:
                raise QueryError(f"the store refused the query ({response.status_code}): {_body(response)}")
            if response.status_code >= 300:
                raise StoreError(f"query: the store at {self.settings.query} answered {response.status_code} "
                                 f"{response.reason}: {_body(response)}")
            return response

        answer = _parse_answer(self._with_retries(ask, "query"))
        if form == "ASK" and isinstance(answer, ox.QuerySolutions):
            # Virtuoso 7.2 answers ASK as a table: one row (__ASK_RETVAL 1) for yes, none for no.
            yes = next(iter(answer), None) is not None
            answer = ox.parse_query_results(b'{"head": {}, "boolean": %s}' % (b"true" if yes else b"false"),
                                            format=ox.QueryResultsFormat.JSON)
        return answer

    def _dataset(self, words: list[str], default_graph, named_graphs) -> list[tuple[str, str]]:
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
        if fresh or self._graphs is None or time.monotonic() - self._graphs[0] > 60:
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
        parts = []
        for graph, data in graphs:
            parts.append(f"DROP SILENT GRAPH <{graph}> ;\n{_insert(graph, data)}")
        self._update_once(" ;\n".join(parts), what)

    def replace_graphs(self, graphs: list[tuple[str, bytes]], what: str) -> None:
        """Replace each named graph whole with its N-Triples: staged, then moved into place. The
        pair of steps is what is retried, so a failure between them never moves a stale staging
        graph."""
        staged = [(staging_graph(g), data) for g, data in graphs]

        def attempt():
            self._fill_staging(staged, what)
            self._update_once(" ;\n".join(f"MOVE GRAPH <{s}> TO GRAPH <{g}>" for (s, _), (g, _) in zip(staged, graphs)), what)

        self._with_retries(attempt, what, also=(StoreTimeout,))

    def write_new_graph(self, graph: str, chunks: Iterable[bytes], what: str) -> None:
        """Fill a new graph (its name used for the first time: nothing to drop), chunk by chunk;
        each chunk is retried on its own, which adding a set of triples again makes harmless."""
        for i, data in enumerate(chunks):
            if self.settings.graph_store:
                self._with_retries(lambda: self._put_graph(graph, data, what, add=i > 0), what, also=(StoreTimeout,))
            else:
                self._with_retries(lambda: self._insert_in_halves(graph, data, what), what, also=(StoreTimeout,))

    def drop_large_graph(self, graph: str, what: str, chunk: int = 100_000) -> None:
        """Remove a graph; one too large for the store to drop in one transaction is emptied a
        chunk at a time."""
        try:
            self.update(f"DROP SILENT GRAPH <{graph}>", what)
        except StoreRefused:
            delete = (f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ SELECT ?s ?p ?o WHERE {{ "
                      f"GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT {chunk} }}")
            while bool(self.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", every_graph=True)):
                self.update(delete, what)

    def _insert_in_halves(self, graph: str, data: bytes, what: str) -> None:
        """Add N-Triples to a graph by SPARQL Update; a request the store refuses (too large for it)
        is sent again in two halves."""
        try:
            self._update_once(_insert(graph, data), what)
        except StoreRefused as exc:
            lines = data.splitlines(keepends=True)
            if len(lines) < 2:
                raise
            log.info("%s; sending it in two halves", exc)
            self._insert_in_halves(graph, b"".join(lines[:len(lines) // 2]), what)
            self._insert_in_halves(graph, b"".join(lines[len(lines) // 2:]), what)

    def drop_graphs(self, graphs: list[str], what: str) -> None:
        for start in range(0, len(graphs), 100):
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs[start:start + 100]), what)


# Triples that Virtuoso 7 refuses in INSERT DATA (blank nodes; xsd:duration, which it cannot
# convert there) but takes in an INSERT template, where it keeps a duration as written.
TEMPLATE_ONLY = re.compile(r"^_:|\s_:\S+\s*\.\s*$|\^\^<http://www\.w3\.org/2001/XMLSchema#duration>\s*\.\s*$")


def _insert(graph: str, ntriples: bytes) -> str:
    """An update that adds N-Triples to a graph: INSERT DATA, and an INSERT with an empty WHERE for
    the few triples some stores take only there (both standard; a long template is refused)."""
    plain, template = [], []
    for line in ntriples.decode("utf-8").splitlines(keepends=True):
        (template if TEMPLATE_ONLY.search(line) else plain).append(line)
    parts = [f"INSERT DATA {{ GRAPH <{graph}> {{\n{''.join(plain)}}} }}"] if plain else []
    if template:
        parts.append(f"INSERT {{ GRAPH <{graph}> {{\n{''.join(template)}}} }} WHERE {{}}")
    return " ;\n".join(parts)


def staging_graph(graph: str) -> str:
    """Where a graph's new triples wait before they replace it; the same for every attempt, so a
    load run again overwrites what an interrupted one left."""
    return STAGING + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32]


# ---- loading a build into the store ---------------------------------------------------------------------

@dataclass
class LoadReport:
    graphs: int = 0
    triples: int = 0
    requests: int = 0
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def load_build(remote: RemoteStore, store: ox.Store, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Put a build into the remote store: every named graph of ``store`` replaced whole (in
    requests of about ``batch_bytes`` each), document graphs of an earlier build that this one no
    longer has removed, the merge of the graphs written to a new graph, then the catalogue switched
    to it (merges older than the one it replaces are removed first)."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    report = LoadReport()
    graphs = sorted((g.value for g in store.named_graphs()), key=lambda g: (g != VOCABULARY_GRAPH, g))
    batch: list[tuple[str, bytes]] = []
    size = 0

    def replace(part: list[tuple[str, bytes]]) -> None:
        """Replace these graphs together; a batch the store refuses is sent again in halves."""
        try:
            remote.replace_graphs(part, f"loading {len(part)} graphs ({part[0][0]} ...)")
            report.requests += 1
        except StoreRefused as exc:
            if len(part) == 1:
                raise
            log.warning("%s; sending it in two halves", exc)
            replace(part[:len(part) // 2])
            replace(part[len(part) // 2:])

    def send():
        nonlocal batch, size
        replace(batch)
        report.graphs += len(batch)
        batch, size = [], 0
        say(f"loaded {report.graphs} of {len(graphs)} graphs")

    for graph in graphs:
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
        report.triples += len(triples)
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        if batch and size + len(data) > remote.settings.batch_bytes:
            send()
        batch.append((graph, data))
        size += len(data)
    if batch:
        send()
    held = remote.graphs_starting(BASE)  # one listing: it reads every quad of some stores (15 s at 10,000 documents)
    stale = sorted(set(g for g in held if g.startswith(DOCUMENT_GRAPHS)) - set(graphs))
    if stale:
        remote.drop_graphs(stale, "removing the graphs of documents no longer in the build")
        report.removed = stale
        say(f"removed {len(stale)} document graphs no longer in the build")
    current = remote.current_merge(fresh=True)
    for old in (g for g in held if g.startswith(MERGED_PREFIX)):  # before the current one, or left by a stopped load
        if old != current:
            remote.drop_large_graph(old, "removing an earlier merge graph")
    merged = MERGED_PREFIX + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + os.urandom(3).hex()
    chunks = _chunks((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), remote.settings.batch_bytes)
    remote.write_new_graph(merged, _counted(chunks, report), "loading the merge of the graphs")
    dataset = ox.NamedNode(DATASET)
    catalogue = [ox.Triple(dataset, ox.NamedNode(DEFAULT_GRAPH_OF), ox.NamedNode(merged))]
    catalogue += [ox.Triple(dataset, ox.NamedNode(NAMED_GRAPH_OF), ox.NamedNode(g)) for g in graphs]
    remote.replace_graphs([(CATALOGUE_GRAPH, ox.serialize(catalogue, format=ox.RdfFormat.N_TRIPLES))],
                          "switching queries to the new graphs")
    say(f"queries now read the merge graph <{merged}>")
    remote.named_graphs(fresh=True)
    report.seconds = time.perf_counter() - started
    return report


def _counted(requests_: Iterator[bytes], report: LoadReport) -> Iterator[bytes]:
    for data in requests_:
        report.requests += 1
        yield data


def _chunks(triples: Iterator, size: int) -> Iterator[bytes]:
    pending: list = []
    for triple in triples:
        pending.append(triple)
        if len(pending) >= max(1, size // 150):  # about 150 bytes a triple
            yield ox.serialize(pending, format=ox.RdfFormat.N_TRIPLES)
            pending = []
    if pending:
        yield ox.serialize(pending, format=ox.RdfFormat.N_TRIPLES)


def copy_to_memory(remote: RemoteStore, progress: Callable[[str], None] | None = None, batch: int = 50,
                   threads: int = 4) -> ox.Store:
    """The remote graph as an in-memory Oxigraph store (document and vocabulary graphs, their merge
    as the default graph), for what needs every triple at hand: validation and export.

    Each graph is read by a CONSTRUCT in N-Triples, a few at once (on Virtuoso 6 times faster than
    one SELECT of the quads of many graphs, whose JSON it writes slowly), and its number of triples
    checked against a count made by the store, so an answer the store cuts is an error."""
    from cafcass_kg.store.embedded import merge_named_graphs_into_default

    say = progress or (lambda message: None)
    store = ox.Store()
    graphs = remote.named_graphs(fresh=True)
    if not graphs:
        raise StoreError(f"the store at {remote.settings.query} holds no graph of this project: run "
                         "'cafcass-kg build --store ...' first")

    def read(graph: str) -> list:
        # No dataset: a graph named in the query is read from the store's own (faster on Virtuoso).
        answer = remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", every_graph=True)
        return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in answer]

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for start in range(0, len(graphs), batch):
            names = graphs[start:start + batch]
            values = " ".join(f"<{g}>" for g in names)
            counted = remote.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
                                   "GROUP BY ?g", default_graph=[EMPTY_GRAPH], named_graphs=names)
            expected = {row["g"].value: int(row["n"].value) for row in counted}
            for graph, quads in zip(names, pool.map(read, names)):
                if len(quads) != expected.get(graph, 0):
                    raise StoreError(f"the store at {remote.settings.query} answered {len(quads)} of {expected.get(graph, 0)} "
                                     f"triples of <{graph}>: it cuts long answers (Virtuoso: raise ResultSetMaxRows in "
                                     "[SPARQL] of virtuoso.ini)")
                store.bulk_extend(quads)
            say(f"read {min(start + batch, len(graphs))} of {len(graphs)} graphs from the store")
    merge_named_graphs_into_default(store)
    return store


# ---- helpers ------------------------------------------------------------------------------------------------

TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[?$]\w+|[A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]*|[A-Za-z_]\w*', re.S)


def keywords(query: str) -> list[str]:
    """The words of a query outside its strings, IRIs and comments, upper-cased, in order (to tell
    its form, whether it names its own dataset, whether it reads named graphs)."""
    return [t.upper() for t in TOKENS.findall(query) if (t[0].isalpha() or t[0] == "_") and ":" not in t]


def query_form(words: list[str]) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them in a query (subqueries come after)."""
    return next((w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), "SELECT")


# Virtuoso names blank nodes in results "nodeID://b10003", which is not a blank node label.
BNODE_VALUE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*"|"value"\s*:\s*"(?=[^"]*"\s*,\s*"type"\s*:\s*"bnode"))([^"]*)"')


def _bnode_label(match: re.Match) -> bytes:
    return match.group(1) + re.sub(rb"[^A-Za-z0-9_]", b"_", match.group(2)) + b'"'


# Virtuoso 7 keeps an xsd:duration as a number, of months (an integer) or of seconds (a decimal),
# and gives it back so ("12"^^xsd:duration for "P1Y"), which is not a duration. Such a value is
# written back as the canonical duration it stands for; a value that is a duration is left alone.
DURATION = b"http://www.w3.org/2001/XMLSchema#duration"
NUMBER_AS_DURATION_JSON = re.compile(
    rb'("datatype"\s*:\s*"' + re.escape(DURATION) + rb'"\s*,\s*"value"\s*:\s*")(-?[0-9.]+)(")'
    rb'|("value"\s*:\s*")(-?[0-9.]+)("(?=\s*,\s*"datatype"\s*:\s*"' + re.escape(DURATION) + rb'"))')
NUMBER_AS_DURATION_NTRIPLES = re.compile(rb'(")(-?[0-9.]+)("\^\^<' + re.escape(DURATION) + rb'>)')


def duration_from_number(number: str) -> str:
    """The canonical xsd:duration of a number of months (integer) or seconds (decimal)."""
    sign, number = ("-", number[1:]) if number.startswith("-") else ("", number)
    if "." not in number:
        years, months = divmod(int(number), 12)
        text = (f"{years}Y" if years else "") + (f"{months}M" if months or not years else "")
        return f"{sign}P{text}"
    seconds = float(number)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    time_part = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "") + \
        (f"{seconds:g}S" if seconds else "")
    text = (f"{int(days)}D" if days else "") + (f"T{time_part}" if time_part else "")
    return f"{sign}P{text or 'T0S'}"


def _repaired_duration(match: re.Match) -> bytes:
    start, number, end = next(match.group(i, i + 1, i + 2) for i in (1, 4) if match.group(i) is not None)
    return start + duration_from_number(number.decode()).encode() + end


def _parse_answer(response: requests.Response):
    mimetype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    body = response.content
    if RESULT_TYPES.get(mimetype) == ox.QueryResultsFormat.JSON and b'"bnode"' in body:
        body = BNODE_VALUE.sub(_bnode_label, body)
    if DURATION in body:
        json = RESULT_TYPES.get(mimetype) == ox.QueryResultsFormat.JSON
        body = (NUMBER_AS_DURATION_JSON if json else NUMBER_AS_DURATION_NTRIPLES).sub(_repaired_duration, body)
    try:
        if mimetype in RESULT_TYPES:
            return ox.parse_query_results(body, format=RESULT_TYPES[mimetype])
        if mimetype in GRAPH_TYPES:
            return GraphResult([quad.triple for quad in ox.parse(body, format=GRAPH_TYPES[mimetype])])
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"the store's answer ({mimetype}) does not parse: {exc}") from None
    raise StoreError(f"the store answered in an unexpected format '{mimetype or 'none'}'")


def _as_list(graphs) -> list:
    if graphs is None:
        return []
    if isinstance(graphs, (str, ox.NamedNode)):
        return [graphs]
    return list(graphs)


def _iri(graph) -> str:
    return graph.value if isinstance(graph, ox.NamedNode) else str(graph)


def _reason(exc: Exception) -> str:
    text = str(exc)
    match = re.search(r"\[Errno -?\d+\] ([^')\]]+)|(Connection refused|Connection reset by peer|Connection aborted)", text)
    return (match.group(1) or match.group(2)) if match else text[:200]


def _body(response: requests.Response) -> str:
    text = response.text.strip().replace("\n", " ")
    return text[:300] + ("..." if len(text) > 300 else "")


__all__ = ["StoreSettings", "store_settings", "RemoteStore", "GraphResult", "load_build", "copy_to_memory", "keywords"]
