"""Build the graph: read documents, parse them, map them to one named graph each, load them into
Oxigraph, and write the result (a TriG or N-Quads file, or Oxigraph's own on-disk store).

Reading and mapping are pure per document, so a large batch is shared among worker processes:
first every document is read (in parallel), then the corpus-wide resolver is built from all of
them (names and codes that mean one area), then the documents are mapped to triples (in parallel,
the workers forked with the resolver) and each document's graph is bulk-loaded into the store.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from cafcass_kg.errors import DocumentError, GraphFileError, UsageError
from cafcass_kg.loaders import LoadedDocument, load_path
from cafcass_kg.loaders.mapping import DocumentMapper, Resolver
from cafcass_kg.namespaces import BASE, PREFIXES
from cafcass_kg.resources import corpus_dir, ontology_files

log = logging.getLogger(__name__)
VOCABULARY_GRAPH = URIRef(BASE + "graph/vocabulary")
DOCUMENT_SUFFIXES = {".txt", ".text"}  # in a folder; a file named on the command line is always read
TYPE = str(RDF.type)
# Below this many documents a pool of processes costs more than it saves.
PARALLEL_FROM = 64
CHUNK = 16


@dataclass
class BuildResult:
    """What a build made: the store (document graphs, the vocabulary graph, and their merge as the
    default graph), the documents read, and those skipped with the reason."""

    store: ox.Store
    loaded: list[LoadedDocument] = field(default_factory=list)
    skipped: list[DocumentError] = field(default_factory=list)
    triples: int = 0  # in the named graphs: a triple stated by two documents counts twice
    typed: set = field(default_factory=set)  # (class, entity) pairs of the document graphs

    def entities_by_class(self) -> Counter:
        """Entities of each class typed in the document graphs."""
        return Counter(c for c, _ in self.typed)

    @cached_property
    def dataset(self) -> Dataset:
        """The named graphs as an rdflib Dataset (a copy: for small graphs and the reference validator)."""
        from cafcass_kg.store import dataset_from_store

        return dataset_from_store(self.store)


def document_paths(inputs: Iterable[Path]) -> list[Path]:
    """Files to load: each file named, and the documents in each folder named (sorted)."""
    paths: list[Path] = []
    for item in inputs:
        if item.is_dir():
            paths += sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        elif item.exists():
            paths.append(item)
        else:
            raise UsageError(f"{item}: no such file or folder")
    return paths


def vocabulary_graph() -> Graph:
    """The ontology, vocabularies and reference data, as one graph."""
    graph = Graph(identifier=VOCABULARY_GRAPH)
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def new_dataset() -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    target = ds.graph(VOCABULARY_GRAPH)
    for triple in vocabulary_graph():
        target.add(triple)
    return ds


def build(inputs: Iterable[Path] | None = None, progress: Callable[[str], None] | None = None,
          store: ox.Store | None = None, workers: int | None = None) -> BuildResult:
    """Load every document into ``store`` (a new in-memory store by default); a bad document is
    reported and skipped, the rest still load. ``workers`` processes read and map the documents
    (default: one per CPU)."""
    paths = document_paths(inputs if inputs is not None else [corpus_dir()])
    say = progress or (lambda message: None)
    workers = workers or os.cpu_count() or 1
    loaded: list[LoadedDocument] = []
    skipped: list[DocumentError] = []
    for i, outcome in enumerate(_in_parallel(_read, paths, workers), start=1):
        if isinstance(outcome, DocumentError):
            skipped.append(outcome)
            say(f"[{i}/{len(paths)}] skipped {outcome}")
        else:
            loaded.append(outcome)
            say(f"[{i}/{len(paths)}] {Path(outcome.name).name}: {outcome.parsed.genre}, {len(outcome.parsed.records)} records")
    store = store if store is not None else ox.Store()
    loader = _BatchLoader(store)
    _shared.update(documents=loaded, resolver=Resolver.from_documents(loaded))
    triples, typed = 0, set()
    try:
        loader.add(_vocabulary_quads())
        for i, (data, count, types) in enumerate(_in_parallel(_map, range(len(loaded)), workers), start=1):
            loader.add(data)
            triples += count
            typed.update(types)
            if i % 1000 == 0:
                say(f"mapped {i} of {len(loaded)} documents")
        loader.flush()
    finally:
        _shared.clear()
        loader.close()
    return BuildResult(store, loaded, skipped, triples, typed)


def _vocabulary_quads() -> bytes:
    name = ox.NamedNode(str(VOCABULARY_GRAPH))
    triples = ox.parse(vocabulary_graph().serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    quads = ox.serialize((ox.Quad(t.subject, t.predicate, t.object, name) for t in triples), format=ox.RdfFormat.N_QUADS)
    return _in_named_and_default_graph(quads, VOCABULARY_GRAPH)


# ---- the work of one document, in a worker process ------------------------------------------------

_shared: dict = {}  # what forked mapping workers inherit: the documents and the resolver


def _read(path: Path) -> LoadedDocument | DocumentError:
    try:
        return load_path(path)
    except DocumentError as exc:
        return exc


def _map(index: int) -> tuple[bytes, int, set]:
    """A document's quads (see _in_named_and_default_graph), its number of triples, and its
    (class, entity) pairs."""
    graph = DocumentMapper(_shared["documents"][index], _shared["resolver"]).map()
    quads = _in_named_and_default_graph(ox.serialize(graph.quads(), format=ox.RdfFormat.N_QUADS), graph.identifier)
    return quads, len(graph), {(o, s) for s, p, o in graph if str.__eq__(p, TYPE)}


def _in_named_and_default_graph(quads: bytes, name: URIRef) -> bytes:
    """N-Quads of one named graph, followed by the same triples in the default graph (the union
    that queries read: see store.py). N-Quads escapes every newline inside a term, so a line can
    end with the graph name only at its end."""
    return quads + quads.replace(f" <{name}> .\n".encode(), b" .\n")


def _in_parallel(function, items, workers: int) -> Iterator:
    """function(item) for each item, in order; in forked worker processes for a large batch."""
    items = list(items)
    if workers <= 1 or len(items) < PARALLEL_FROM:
        yield from map(function, items)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(function, items, chunksize=CHUNK)


class _BatchLoader:
    """Bulk-loads N-Quads into the store some megabytes at a time, in a thread of its own, so that
    reading the next results from the workers goes on meanwhile (pyoxigraph lets go of the GIL while
    it loads). One bulk load per document would cost a transaction (on disk, a file) each."""

    def __init__(self, store: ox.Store, batch_bytes: int = 32 << 20):
        self.store, self.batch_bytes = store, batch_bytes
        self.pending: list[bytes] = []
        self.size = 0
        self.thread = ThreadPoolExecutor(max_workers=1)
        self.loading: Future | None = None

    def add(self, data: bytes) -> None:
        self.pending.append(data)
        self.size += len(data)
        if self.size >= self.batch_bytes:
            self._submit()

    def _submit(self) -> None:
        if self.loading is not None:
            self.loading.result()  # one batch at a time: at most two in memory
        data, self.pending, self.size = b"".join(self.pending), [], 0
        self.loading = self.thread.submit(self.store.bulk_load, data, format=ox.RdfFormat.N_QUADS)

    def flush(self) -> None:
        """Load what is left and wait for every load to finish (re-raising its error)."""
        if self.pending:
            self._submit()
        if self.loading is not None:
            self.loading.result()

    def close(self) -> None:
        self.thread.shutdown(wait=True)


# ---- writing ----------------------------------------------------------------------------------------

def write_bytes_atomically(data: bytes, path: Path) -> None:
    """Write to a temporary file beside ``path`` and rename it into place: never a half-written file."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
