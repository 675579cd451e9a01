"""Build the graph: read documents, parse them, map them to one named graph each, write TriG."""

from __future__ import annotations

import logging
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from cafcass_kg.errors import DocumentError, GraphFileError, UsageError
from cafcass_kg.loaders import LoadedDocument, load_path
from cafcass_kg.loaders.mapping import Resolver, map_documents
from cafcass_kg.namespaces import BASE, PREFIXES
from cafcass_kg.resources import corpus_dir, ontology_files

log = logging.getLogger(__name__)
VOCABULARY_GRAPH = URIRef(BASE + "graph/vocabulary")
DOCUMENT_SUFFIXES = {".txt", ".text"}  # in a folder; a file named on the command line is always read


@dataclass
class BuildResult:
    dataset: Dataset
    loaded: list[LoadedDocument] = field(default_factory=list)
    skipped: list[DocumentError] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(len(g) for g in self.dataset.graphs() if len(g))

    typed: set = field(default_factory=set)  # (class, entity) pairs of the document graphs

    def entities_by_class(self) -> Counter:
        return Counter(o for o, _ in self.typed)


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


def new_dataset() -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    vocabulary = ds.graph(VOCABULARY_GRAPH)
    for path in ontology_files():
        vocabulary.parse(path, format="turtle")
    return ds


def build(inputs: Iterable[Path] | None = None, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Load every document; a bad one is reported and skipped, the rest still load."""
    paths = document_paths(inputs if inputs is not None else [corpus_dir()])
    say = progress or (lambda message: None)
    loaded: list[LoadedDocument] = []
    skipped: list[DocumentError] = []
    for i, path in enumerate(paths, start=1):
        try:
            doc = load_path(path)
        except DocumentError as exc:
            skipped.append(exc)
            say(f"[{i}/{len(paths)}] skipped {exc}")
            continue
        loaded.append(doc)
        say(f"[{i}/{len(paths)}] {path.name}: {doc.parsed.genre}, {len(doc.parsed.records)} records")
    ds = new_dataset()
    resolver = Resolver.from_documents(loaded)
    # Counted on each document's own graph: asking rdflib's dataset per context is quadratic.
    typed: set = set()
    for graph in map_documents(loaded, resolver):
        typed.update((o, s) for s, o in graph.subject_objects(RDF.type))
        target = ds.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    return BuildResult(ds, loaded, skipped, typed)


def write_atomically(graph: Dataset | Graph, path: Path, fmt: str = "trig") -> None:
    """Write a graph to ``path`` atomically (see write_bytes_atomically)."""
    if fmt == "trig" and isinstance(graph, Dataset):
        data = trig_bytes(graph)
    else:
        data = graph.serialize(format=fmt, encoding="utf-8")
    write_bytes_atomically(data, path)


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


def trig_bytes(dataset: Dataset) -> bytes:
    """TriG of a dataset, written by Oxigraph: 5x faster than rdflib's TriG writer (1.7 s against
    8.2 s for 400 documents) and the same quads."""
    quads = ox.parse(dataset.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
