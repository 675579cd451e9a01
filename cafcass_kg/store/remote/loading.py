"""Moving a whole graph between the embedded and the remote store: a build loaded into the remote
store (document graphs replaced, stale ones removed, a new merge graph written and the catalogue
switched to it; see ``graph_names`` for why), and the remote graph copied into memory."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox

from cafcass_kg.errors import StoreError, StoreRefused
from cafcass_kg.namespaces import BASE, VOCABULARY_GRAPH
from cafcass_kg.store.embedded import merge_named_graphs_into_default

from .client import RemoteStore
from .graph_names import CATALOGUE_GRAPH, DATASET, DEFAULT_GRAPH_OF, DOCUMENT_GRAPHS, EMPTY_GRAPH, MERGED_PREFIX, NAMED_GRAPH_OF

log = logging.getLogger(__name__)
BYTES_PER_TRIPLE = 150  # about, in N-Triples: to cut the merge into requests of batch_bytes


@dataclass
class LoadReport:
    """What a load did: graphs replaced, triples sent, requests made, document graphs removed."""

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
    # The vocabulary first: a query made while documents load finds the terms they use
    graphs = sorted((g.value for g in store.named_graphs()), key=lambda g: (g != VOCABULARY_GRAPH, g))
    for batch in _batches(store, graphs, remote.settings.batch_bytes, report):
        _replace_in_halves(remote, batch, report)
        report.graphs += len(batch)
        say(f"loaded {report.graphs} of {len(graphs)} graphs")
    held = remote.graphs_starting(BASE)  # one listing: it reads every quad of some stores (15 s at 10,000 documents)
    stale = sorted({g for g in held if g.startswith(DOCUMENT_GRAPHS)} - set(graphs))
    if stale:
        remote.drop_graphs(stale, "removing the graphs of documents no longer in the build")
        report.removed = stale
        say(f"removed {len(stale)} document graphs no longer in the build")
    current = remote.current_merge(fresh=True)
    for old in (g for g in held if g.startswith(MERGED_PREFIX)):  # before the current one, or left by a stopped load
        if old != current:
            remote.drop_large_graph(old, "removing an earlier merge graph")
    merged = _write_merge(remote, store, report)
    remote.replace_graphs([(CATALOGUE_GRAPH, _catalogue(merged, graphs))], "switching queries to the new graphs")
    say(f"queries now read the merge graph <{merged}>")
    remote.named_graphs(fresh=True)
    report.seconds = time.perf_counter() - started
    return report


def _batches(store: ox.Store, graphs: list[str], batch_bytes: int, report: LoadReport) -> Iterator[list[tuple[str, bytes]]]:
    """The graphs as (graph, N-Triples), in batches of about ``batch_bytes`` (a graph is never split)."""
    batch: list[tuple[str, bytes]] = []
    size = 0
    for graph in graphs:
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
        report.triples += len(triples)
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        if batch and size + len(data) > batch_bytes:
            yield batch
            batch, size = [], 0
        batch.append((graph, data))
        size += len(data)
    if batch:
        yield batch


def _replace_in_halves(remote: RemoteStore, part: list[tuple[str, bytes]], report: LoadReport) -> None:
    """Replace these graphs together; a batch the store refuses is sent again in halves."""
    try:
        remote.replace_graphs(part, f"loading {len(part)} graphs ({part[0][0]} ...)")
        report.requests += 1
    except StoreRefused as exc:
        if len(part) == 1:
            raise
        log.warning("%s; sending it in two halves", exc)
        _replace_in_halves(remote, part[:len(part) // 2], report)
        _replace_in_halves(remote, part[len(part) // 2:], report)


def _write_merge(remote: RemoteStore, store: ox.Store, report: LoadReport) -> str:
    """Write the default graph of ``store`` (the merge) to a graph of a new name, and give the name."""
    merged = MERGED_PREFIX + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + os.urandom(3).hex()
    chunks = _chunks((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), remote.settings.batch_bytes)
    remote.write_new_graph(merged, _counted(chunks, report), "loading the merge of the graphs")
    return merged


def _catalogue(merged: str, graphs: list[str]) -> bytes:
    """The catalogue graph's N-Triples: the merge as the default graph, the graphs as named graphs."""
    dataset = ox.NamedNode(DATASET)
    catalogue = [ox.Triple(dataset, ox.NamedNode(DEFAULT_GRAPH_OF), ox.NamedNode(merged))]
    catalogue += [ox.Triple(dataset, ox.NamedNode(NAMED_GRAPH_OF), ox.NamedNode(g)) for g in graphs]
    return ox.serialize(catalogue, format=ox.RdfFormat.N_TRIPLES)


def _counted(requests_: Iterator[bytes], report: LoadReport) -> Iterator[bytes]:
    """The requests' bodies, each counted in the report as it is sent."""
    for data in requests_:
        report.requests += 1
        yield data


def _chunks(triples: Iterable[ox.Triple], size: int) -> Iterator[bytes]:
    """The triples in N-Triples, in chunks of about ``size`` bytes."""
    pending: list = []
    for triple in triples:
        pending.append(triple)
        if len(pending) >= max(1, size // BYTES_PER_TRIPLE):
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
    say = progress or (lambda message: None)
    store = ox.Store()
    graphs = remote.named_graphs(fresh=True)
    if not graphs:
        raise StoreError(f"the store at {remote.settings.query} holds no graph of this project: run "
                         "'cafcass-kg build --store ...' first")

    def read(graph: str) -> list[ox.Quad]:
        # No dataset: a graph named in the query is read from the store's own (faster on Virtuoso).
        answer = remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", every_graph=True)
        return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in answer]

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for start in range(0, len(graphs), batch):
            names = graphs[start:start + batch]
            expected = _triples_per_graph(remote, names)
            for graph, quads in zip(names, pool.map(read, names)):
                if len(quads) != expected.get(graph, 0):
                    raise StoreError(f"the store at {remote.settings.query} answered {len(quads)} of {expected.get(graph, 0)} "
                                     f"triples of <{graph}>: it cuts long answers (Virtuoso: raise ResultSetMaxRows in "
                                     "[SPARQL] of virtuoso.ini)")
                store.bulk_extend(quads)
            say(f"read {min(start + batch, len(graphs))} of {len(graphs)} graphs from the store")
    merge_named_graphs_into_default(store)
    return store


def _triples_per_graph(remote: RemoteStore, graphs: list[str]) -> dict[str, int]:
    """The number of triples the store holds in each of these graphs (absent: none)."""
    values = " ".join(f"<{g}>" for g in graphs)
    counted = remote.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
                           "GROUP BY ?g", default_graph=[EMPTY_GRAPH], named_graphs=graphs)
    return {row["g"].value: int(row["n"].value) for row in counted}
