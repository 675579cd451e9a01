"""Build the graph: read documents, parse them, map them to one named graph each, load them into
Oxigraph, and write the result (a TriG or N-Quads file, or Oxigraph's own on-disk store).

Reading and mapping are pure per document, so a large batch is shared among worker processes:
first every document is read (in parallel), then the corpus-wide resolver is built from all of
them (names and codes that mean one area), then the documents are mapped to triples (in parallel,
the workers forked with the resolver) and each document's graph is bulk-loaded into the store.

Reading runs in worker processes whatever the batch size, each document under a time limit and
each worker under a memory limit (``Limits``): a PDF library meeting a hostile file can loop,
swell or crash, and a document that does so is skipped with its name and the reason while the
rest of the batch loads.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import resource
import signal
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from pebble import ProcessExpired, ProcessPool
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from cafcass_kg.errors import DocumentError
from cafcass_kg.limits import Limits
from cafcass_kg.progress import SILENT, Progress
from cafcass_kg.loaders import LoadedDocument, load_path
from cafcass_kg.graph.mapping import DocumentMapper, Resolver
from cafcass_kg.namespaces import PREFIXES, VOCABULARY_GRAPH
from cafcass_kg.resources import corpus_dir, ontology_files

log = logging.getLogger(__name__)
# What a folder is searched for; a file named on the command line is always read, whatever its name.
DOCUMENT_SUFFIXES = {".txt", ".text", ".pdf", ".html", ".htm", ".xhtml", ".docx"}
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


def document_paths(inputs: Iterable[Path]) -> tuple[list[Path], list[DocumentError]]:
    """Files to load: each file named, and the documents in each folder named (sorted); and the
    inputs that cannot be read (missing, or a folder that cannot be listed), each a named skip."""
    paths: list[Path] = []
    skipped: list[DocumentError] = []
    for item in inputs:
        if item.is_dir():
            found, unlisted = _documents_in(item)
            paths += found
            skipped += unlisted
        elif item.exists():
            paths.append(item)
        else:
            skipped.append(DocumentError(str(item), "no such file or folder"))
    return paths, skipped


def _documents_in(folder: Path) -> tuple[list[Path], list[DocumentError]]:
    found: list[Path] = []
    unlisted: list[DocumentError] = []

    def cannot_list(exc: OSError) -> None:
        unlisted.append(DocumentError(exc.filename or str(folder), f"the folder cannot be read: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=cannot_list):
        dirs.sort()
        found += (Path(root) / f for f in files if Path(f).suffix.lower() in DOCUMENT_SUFFIXES)
    return sorted(found), unlisted


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


def build(inputs: Iterable[Path] | None = None, progress: Progress | None = None,
          store: ox.Store | None = None, workers: int | None = None, limits: Limits | None = None) -> BuildResult:
    """Load every document into ``store`` (a new in-memory store by default); a bad document or
    input path is reported and skipped, the rest still load. ``workers`` processes read and map
    the documents (default: one per CPU), each document read within ``limits``; ``progress`` is
    told of each stage, each skipped document and each warning."""
    paths, skipped = document_paths(inputs if inputs is not None else [corpus_dir()])
    progress = progress or SILENT
    for exc in skipped:
        progress.say(f"skipped {exc}")
    workers = workers or os.cpu_count() or 1
    loaded = _read_all(paths, workers, limits or Limits(), skipped, progress)
    store = store if store is not None else ox.Store()
    mapped, triples, typed = _map_and_load(loaded, store, workers, skipped, progress)
    return BuildResult(store, mapped, skipped, triples, typed)


def _read_all(paths: list[Path], workers: int, limits: Limits, skipped: list[DocumentError],
              progress: Progress) -> list[LoadedDocument]:
    loaded: list[LoadedDocument] = []
    with progress.counting("read", len(paths)) as counter:
        for outcome in read_documents(paths, workers, limits):
            if isinstance(outcome, DocumentError):
                skipped.append(outcome)
                progress.say(f"skipped {outcome}")
                counter.step()
                continue
            loaded.append(outcome)
            counter.step(f"{Path(outcome.name).name}: {outcome.parsed.genre}, {len(outcome.parsed.records)} records")
            for warning in outcome.warnings:
                progress.say(f"    warning: {Path(outcome.name).name}: {warning}")
    return loaded


def _map_and_load(loaded: list[LoadedDocument], store: ox.Store, workers: int, skipped: list[DocumentError],
                  progress: Progress) -> tuple[list[LoadedDocument], int, set]:
    loader = _BatchLoader(store, threads=workers)
    _shared.update(documents=loaded, resolver=Resolver.from_documents(loaded))
    triples, typed = 0, set()
    mapped: list[LoadedDocument] = []
    try:
        loader.add(vocabulary_quads())
        with progress.counting("mapped and loaded", len(loaded)) as counter:
            for i, outcome in enumerate(_in_parallel(_map, range(len(loaded)), workers)):
                counter.step()
                if isinstance(outcome, DocumentError):
                    skipped.append(outcome)
                    progress.say(f"skipped {outcome}")
                    continue
                data, count, types = outcome
                mapped.append(loaded[i])
                loader.add(data)
                triples += count
                typed.update(types)
        loader.flush()
    finally:
        _shared.clear()
        loader.close()
    return mapped, triples, typed


def vocabulary_quads() -> bytes:
    name = ox.NamedNode(str(VOCABULARY_GRAPH))
    triples = list(ox.parse(vocabulary_graph().serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    named = ox.serialize((ox.Quad(t.subject, t.predicate, t.object, name) for t in triples), format=ox.RdfFormat.N_QUADS)
    return named + ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)  # and in the default graph, the merge


# ---- the work of one document, in a worker process ------------------------------------------------

_shared: dict = {}  # what forked mapping workers inherit: the documents and the resolver


def read_documents(paths: list[Path], workers: int, limits: Limits) -> Iterator[LoadedDocument | DocumentError]:
    """Each path read and parsed in a worker process, in order: the document, or the reason it was
    skipped. A document over the time limit is abandoned (its worker replaced); a worker that dies
    (a crash in a native library, or killed for memory) costs only the document it was reading."""
    if not paths:
        return
    with _collection_on_this_thread():
        pool = ProcessPool(max_workers=min(workers, len(paths)), initializer=_limit_memory,
                           initargs=(limits.memory_bytes,), context=multiprocessing.get_context("fork"))
        try:
            futures = [pool.schedule(_read, args=(path, limits), timeout=limits.seconds) for path in paths]
            for path, future in zip(paths, futures):
                yield _outcome(path, future, limits)
        finally:
            pool.stop()
            pool.join()


def _outcome(path: Path, future: Future, limits: Limits) -> LoadedDocument | DocumentError:
    try:
        return future.result()
    except FutureTimeout:
        return DocumentError(str(path), f"reading took longer than the limit of {limits.seconds:g} s a document "
                                        "(--time-limit): the file is too large or too complex")
    except ProcessExpired as exc:
        return DocumentError(str(path), f"the reader stopped ({_how_it_ended(exc.exitcode)}) while reading it: "
                                        "the file is damaged, or needs more than the memory limit "
                                        f"of {limits.memory_bytes >> 20} MB (--memory-limit)")
    except Exception as exc:  # a result that could not be sent back, or a bug: named, never a hang
        return DocumentError(str(path), f"could not be read: {type(exc).__name__}: {exc}")


@contextmanager
def _collection_on_this_thread():
    """Cyclic garbage collected here, and not meanwhile. A pool's result thread can trigger a
    collection, and pyoxigraph's objects (query results left by earlier work) refuse to be freed
    on a thread other than the one that made them."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


def _limit_memory(limit_bytes: int) -> None:
    """Cap the worker's address space at what it had when forked plus the limit: an allocation
    beyond fails (MemoryError in Python, a failed malloc in a native library) instead of taking the
    machine's memory."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    ceiling = pages * resource.getpagesize() + limit_bytes
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def _read(path: Path, limits: Limits) -> LoadedDocument | DocumentError:
    try:
        return load_path(path, limits)
    except DocumentError as exc:
        return exc
    except RecursionError:
        return DocumentError(str(path), "its structure is nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - out of memory shows as MemoryError, or as odd errors from C code
        if isinstance(exc, MemoryError) or _near_memory_ceiling():
            return DocumentError(str(path), f"reading it needed more than the memory limit of {limits.memory_bytes >> 20} MB "
                                            "(--memory-limit): the file is too large, or a compressed part expands too far")
        return DocumentError(str(path), f"could not be read ({type(exc).__name__}: {exc}); please report this")


def _near_memory_ceiling() -> bool:
    """Did this worker's address space reach its limit (within 64 MB) while reading?"""
    ceiling, _ = resource.getrlimit(resource.RLIMIT_AS)
    if ceiling == resource.RLIM_INFINITY:
        return False
    with open("/proc/self/status") as status:
        peak_kb = next((int(line.split()[1]) for line in status if line.startswith("VmPeak:")), 0)
    return peak_kb * 1024 >= ceiling - (64 << 20)


def _map(index: int) -> tuple[bytes, int, set] | DocumentError:
    """A document's quads (in its named graph and in the default graph), its number of triples, and its
    (class, entity) pairs; or why it could not be mapped (a fault in the mapping, not in the
    document: the rest of the batch still loads)."""
    document = _shared["documents"][index]
    try:
        return _mapped(document)
    except Exception as exc:
        log.debug("mapping %s failed", document.name, exc_info=True)
        return DocumentError(document.name, f"could not be mapped to RDF ({type(exc).__name__}: {exc}); please report this")


def _mapped(document: LoadedDocument) -> tuple[bytes, int, set]:
    graph = DocumentMapper(document, _shared["resolver"]).map()
    return graph.n_quads(), len(graph), {(o, s) for s, p, o in graph if str.__eq__(p, TYPE)}


def _in_parallel(function, items, workers: int) -> Iterator:
    """function(item) for each item, in order; in forked worker processes for a large batch."""
    items = list(items)
    if workers <= 1 or len(items) < PARALLEL_FROM:
        yield from map(function, items)
        return
    with _collection_on_this_thread(), multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(function, items, chunksize=CHUNK)


class _BatchLoader:
    """Bulk-loads N-Quads into the store some megabytes at a time, on threads of their own, so that
    reading the next results from the workers goes on meanwhile (pyoxigraph lets go of the GIL while
    it loads). One bulk load per document would cost a transaction (on disk, a file) each. Loads
    run side by side (``threads``, one per core by default): Oxigraph's bulk loads of distinct
    batches into one store may overlap, and two took 0.61 of the time of one on two cores
    (benchmarks/README.md)."""

    def __init__(self, store: ox.Store, batch_bytes: int = 32 << 20, threads: int = 2):
        self.store, self.batch_bytes = store, batch_bytes
        self.pending: list[bytes] = []
        self.size = 0
        self.threads = max(1, threads)
        self.pool = ThreadPoolExecutor(max_workers=self.threads)
        self.loading: list[Future] = []

    def add(self, data: bytes) -> None:
        self.pending.append(data)
        self.size += len(data)
        if self.size >= self.batch_bytes:
            self._submit()

    def _submit(self) -> None:
        if len(self.loading) >= self.threads:
            self.loading.pop(0).result()  # one batch a thread: at most threads + 1 in memory
        data, self.pending, self.size = b"".join(self.pending), [], 0
        self.loading.append(self.pool.submit(self.store.bulk_load, data, format=ox.RdfFormat.N_QUADS))

    def flush(self) -> None:
        """Load what is left and wait for every load to finish (re-raising its error)."""
        if self.pending:
            self._submit()
        while self.loading:
            self.loading.pop(0).result()

    def close(self) -> None:
        self.pool.shutdown(wait=True)
