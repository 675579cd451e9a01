"""The graph as files to download: the whole of it as gzipped N-Quads and as gzipped TriG, and each
named graph (a document's, the vocabulary's) as a gzipped N-Quads file of its own, every file with
its size in bytes and its SHA-256, listed in ``manifest.json`` beside them.

The quads go from the store through the serialiser and gzip to disk a chunk at a time, graph after
graph, and all three kinds of file are written in the same pass: memory stays that of one chunk
whatever the size of the store, and a remote store is read once, one CONSTRUCT a graph. The default
graph is left out when the store has named graphs, as in the graph files a build writes: it is their
merge, which the project's loader (and a store with a union default graph) makes again, and it
would double every file. Each file is written under a temporary name and renamed into place, the
manifest last, so a reader never sees half a file; files of graphs no longer in the store are
removed. Gzip headers carry no time or name: the same graph gives the same bytes and checksums.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from cafcass_kg import formats
from cafcass_kg.errors import GraphFileError, StoreError
from cafcass_kg.namespaces import BASE, PREFIXES, VOCABULARY_GRAPH
from cafcass_kg.store import is_remote

STEM = "cafcass-kg"  # the whole graph: cafcass-kg.nq.gz, cafcass-kg.trig.gz
GRAPHS_FOLDER = "graphs"  # one file a named graph
MANIFEST = "manifest.json"
WHOLE_FORMATS = ("nquads", "trig")
GRAPH_FORMAT = "nquads"
CHUNK = 50_000  # quads serialised at once
COMPRESS_LEVEL = 6  # gzip's level 9 is twice as slow for files a few per cent smaller
TRIG_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}
# The prefixes are declared once at the top of the TriG file; each chunk is serialised on its own,
# and the declarations Oxigraph writes at its start are cut.
TRIG_HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in TRIG_PREFIXES.items()).encode("utf-8")
PREFIX_LINES = re.compile(rb"(?:@prefix [^\n]*\n)*")


@dataclass(frozen=True)
class DumpFile:
    """One file of a dump."""

    name: str  # its path inside the dump folder, with "/"
    format: str  # the format's name in the registry (cafcass_kg.formats)
    size: int  # bytes, as compressed
    sha256: str  # of the file's bytes, as compressed
    quads: int
    graph: str | None = None  # the named graph it holds alone; None for the whole graph

    @property
    def media_type(self) -> str:
        """The media type of what the file holds once decompressed."""
        return formats.by_name(self.format, "dataset").media_type

    @property
    def format_iri(self) -> str | None:
        return formats.by_name(self.format, "dataset").iri


@dataclass
class DumpManifest:
    """The files of a dump, whole-graph files first, and when it was made."""

    folder: Path
    files: list[DumpFile] = field(default_factory=list)
    created: str = ""  # ISO 8601, UTC
    source: str | None = None  # the identity of the graph dumped (store.graph_identity), when it has one

    @property
    def whole(self) -> list[DumpFile]:
        return [f for f in self.files if f.graph is None]

    @property
    def per_graph(self) -> list[DumpFile]:
        return [f for f in self.files if f.graph is not None]

    def get(self, name: str) -> DumpFile | None:
        return next((f for f in self.files if f.name == name), None)

    def to_json(self) -> str:
        return json.dumps({"created": self.created, "source": self.source, "files": [asdict(f) for f in self.files]}, indent=1)

    @classmethod
    def read(cls, folder: Path) -> DumpManifest:
        """The manifest a dump left in ``folder``."""
        try:
            data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GraphFileError(f"{folder}: no readable dump manifest ({exc})") from None
        try:
            return cls(Path(folder), [DumpFile(**f) for f in data["files"]], data["created"], data.get("source"))
        except (KeyError, TypeError) as exc:
            raise GraphFileError(f"{folder}: the dump manifest is not one this version writes ({exc})") from None


def reusable_dump(folder: Path, source: str | None) -> DumpManifest | None:
    """The dump already in ``folder`` when it was made from the graph ``source`` identifies (and its
    files are all there); None when there is none, it is of another build, or its source is unknown."""
    if source is None or not (Path(folder) / MANIFEST).is_file():
        return None
    try:
        manifest = DumpManifest.read(folder)
    except GraphFileError:
        return None
    return manifest if manifest.source == source and all(_present(Path(folder) / f.name, f.size) for f in manifest.files) else None


def _present(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def whole_file_name(format_name: str) -> str:
    """The name of the whole graph's file in a format: known before a dump is made, so pages can
    link to it without making one."""
    return f"{STEM}{formats.by_name(format_name, 'dataset').suffixes[0]}.gz"


def write_dumps(store, folder: Path, source: str | None = None) -> DumpManifest:
    """Write the dump of ``store`` (Oxigraph, or a RemoteStore) into ``folder`` and give its manifest;
    ``source`` (the graph's identity, recorded in the manifest) lets a server reuse the dump."""
    folder = Path(folder)
    try:
        (folder / GRAPHS_FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GraphFileError(f"{folder}: cannot write here: {exc.strerror or exc}") from None
    graphs = _graphs(store)
    names = _graph_file_names(graphs)
    files: list[DumpFile] = []
    with ExitStack() as whole_files:
        wholes = {name: whole_files.enter_context(_GzipOutput.atomic(folder / whole_file_name(name))) for name in WHOLE_FORMATS}
        wholes["trig"].write(TRIG_HEADER)
        for graph in graphs:
            files.append(_write_graph(store, graph, folder, names[graph], wholes))
        whole_files.close()
        files[:0] = [wholes[name].result(whole_file_name(name), name) for name in WHOLE_FORMATS]
    manifest = DumpManifest(folder, files, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), source)
    _write_atomically(folder / MANIFEST, manifest.to_json().encode("utf-8"))
    _remove_stale(folder, {f.name for f in files})
    return manifest


def _write_graph(store, graph, folder: Path, name: str, wholes: dict[str, _GzipOutput]) -> DumpFile:
    """One graph into its own file and onto the end of the whole graph's files."""
    with _GzipOutput.atomic(folder / name) as own:
        for chunk in _chunks(_graph_quads(store, graph)):
            nquads = ox.serialize(chunk, format=ox.RdfFormat.N_QUADS)
            trig = ox.serialize(chunk, format=ox.RdfFormat.TRIG, prefixes=TRIG_PREFIXES)
            own.write(nquads, len(chunk))
            wholes["nquads"].write(nquads, len(chunk))
            wholes["trig"].write(trig[PREFIX_LINES.match(trig).end():], len(chunk))
    return own.result(name, GRAPH_FORMAT, graph.value if isinstance(graph, ox.NamedNode) else None)


class _HashingFile:
    """What gzip writes to: the file, with the compressed bytes hashed and counted as they pass."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


class _GzipOutput:
    """A gzip stream to a file, counting the quads written into it."""

    def __init__(self, raw):
        self.file = _HashingFile(raw)
        self.quads = 0
        # No name and no time in the header: the same graph gives the same bytes.
        self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self.file, compresslevel=COMPRESS_LEVEL, mtime=0)

    @classmethod
    @contextmanager
    def atomic(cls, path: Path) -> Iterator[_GzipOutput]:
        """An output whose file takes the name ``path`` only once it is whole."""
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, 0o644)  # files to publish: a web server in front may serve the folder itself
            with os.fdopen(fd, "wb") as raw:
                output = cls(raw)
                yield output
                output.gzip.close()
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def write(self, data: bytes, quads: int = 0) -> None:
        self.gzip.write(data)
        self.quads += quads

    def result(self, name: str, format_name: str, graph: str | None = None) -> DumpFile:
        return DumpFile(name, format_name, self.file.size, self.file.sha256.hexdigest(), self.quads, graph)


def _graphs(store) -> list:
    """The graphs to dump: the named graphs, the vocabulary first; a store that has none (a Turtle
    file read into memory) is dumped as its default graph."""
    if is_remote(store):
        names = store.named_graphs()
    else:
        names = [g.value for g in store.named_graphs()]
    if not names:
        return [ox.DefaultGraph()]
    return [ox.NamedNode(g) for g in sorted(names, key=lambda g: (g != str(VOCABULARY_GRAPH), g))]


def _graph_quads(store, graph) -> Iterable[ox.Quad]:
    """The quads of one graph: from an Oxigraph store as they are read; from a remote store by one
    CONSTRUCT, its number of triples checked against the store's count (a store that cuts long
    answers would otherwise give a dump with triples missing)."""
    if not is_remote(store):
        return store.quads_for_pattern(None, None, None, graph)
    pattern = f"GRAPH {graph} {{ ?s ?p ?o }}"
    triples = list(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}", every_graph=True))
    expected = int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", every_graph=True)))["n"].value)
    if len(triples) != expected:
        raise StoreError(f"the store answered {len(triples)} of the {expected} triples of {graph}: it cuts long answers "
                         "(Virtuoso: raise ResultSetMaxRows in [SPARQL] of virtuoso.ini)")
    return (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)


def _chunks(quads: Iterable[ox.Quad]) -> Iterator[list[ox.Quad]]:
    chunk: list[ox.Quad] = []
    for quad in quads:
        chunk.append(quad)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _graph_file_names(graphs: list) -> dict:
    """Each graph's file: its IRI after the project's base as a file name ("document-1a2b...",
    "graph-vocabulary"), or a hash of the IRI where that would be unclear, long or taken."""
    names: dict = {}
    taken: set[str] = set()
    for graph in graphs:
        iri = graph.value if isinstance(graph, ox.NamedNode) else ""
        local = iri[len(BASE):].removeprefix("id/") if iri.startswith(BASE) else ""
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", local).strip("-.") if iri else "default"
        if not stem or len(stem) > 100 or stem in taken:
            stem = "graph-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:24]
        taken.add(stem)
        names[graph] = f"{GRAPHS_FOLDER}/{stem}.nq.gz"
    return names


def _write_atomically(path: Path, data: bytes) -> None:
    from cafcass_kg.files import write_bytes_atomically

    write_bytes_atomically(data, path)
    os.chmod(path, 0o644)


def _remove_stale(folder: Path, current: set[str]) -> None:
    """Files of graphs an earlier dump had and this one has not."""
    for path in (folder / GRAPHS_FOLDER).glob("*.nq.gz"):
        if f"{GRAPHS_FOLDER}/{path.name}" not in current:
            path.unlink(missing_ok=True)


__all__ = ["GRAPHS_FOLDER", "MANIFEST", "DumpFile", "DumpManifest", "whole_file_name", "write_dumps"]
