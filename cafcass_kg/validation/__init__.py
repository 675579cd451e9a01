"""Validate a graph against the project's SHACL shapes and explain each result to a person.

Two passes:

- the *document shapes* (``shapes/document.ttl`` and ``shapes/ontology.ttl``) only look inside a
  document's own graph and the vocabulary graph, so documents are validated in batches, each batch
  with the vocabulary;
- the *cross-checks* (``shapes/cross-checks.ttl``) compare documents with each other and run once
  over the union of every graph.

pySHACL is the reference implementation; the default engine (``validate_store``) gives its
results faster (core constraints on the shacl package, SPARQL constraints set-at-a-time on
Oxigraph), and the tests hold the engines to the same results.

The shapes are checked against the SHACL-for-SHACL shapes before anything runs. Each result is
then described with the resource's label, the passages of the documents it was read from, what
is wrong and what was expected.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time

import pyoxigraph as ox
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from pyshacl import validate as pyshacl_validate
from pyshacl.errors import ReportableRuntimeError, ShapeLoadError
from pyshacl.entrypoints import meta_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.collection import Collection
from rdflib.plugins.sparql import prepareQuery
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, XSD


from cafcass_kg.errors import GraphFileError, ShapesError, UsageError
from cafcass_kg.namespaces import CKG, LABEL_PROPERTIES, OA, VOCABULARY_GRAPH, curie
from cafcass_kg.resources import folder, ontology_files
from cafcass_kg.validation.core_constraints import core_validator, has_core_targets, sparql_only
from cafcass_kg.validation.sparql_constraints import check_shapes_are_supported, validate_on_oxigraph
from cafcass_kg.store import store_from_dataset

log = logging.getLogger(__name__)
DOCUMENT_SHAPE_FILES = ("document.ttl", "ontology.ttl")
CROSS_CHECK_FILES = ("cross-checks.ttl",)
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
MAX_PASSAGES = 4
RDF_SUFFIXES = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}


@dataclass(frozen=True)
class Passage:
    """Where a fact was read: a document and a quoted span of its text."""

    document: str
    source_file: str | None
    title: str | None
    start: int | None
    end: int | None
    quote: str | None
    paragraph: int | None

    def where(self) -> str:
        name = self.source_file or self.title or self.document
        parts = [name]
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.start is not None:
            parts.append(f"characters {self.start}-{self.end}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Result:
    """One validation result, in words."""

    severity: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    expected: str
    shape: str
    node_shape: str
    shape_label: str
    component: str
    passages: tuple[Passage, ...] = ()
    value_n3: str | None = None

    @property
    def documents(self) -> list[str]:
        return sorted({p.source_file or p.document for p in self.passages})


@dataclass
class Report:
    """Every result of a run, and the figures of the run."""

    results: list[Result]
    triples: int
    documents: int
    seconds: float
    shape_files: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def by_shape(self) -> list[tuple[str, str, int]]:
        counts = Counter((r.shape_label, r.severity) for r in self.results)
        return sorted(((shape, severity, n) for (shape, severity), n in counts.items()),
                      key=lambda row: (SEVERITY_ORDER[row[1]], -row[2], row[0]))

    def by_document(self) -> list[tuple[str, int, int, int]]:
        counts: dict[str, Counter] = {}
        for r in self.results:
            for doc in r.documents or ["(no document)"]:
                counts.setdefault(doc, Counter())[r.severity] += 1
        return sorted(((d, c["Violation"], c["Warning"], c["Info"]) for d, c in counts.items()),
                      key=lambda row: (-row[1], -row[2], row[0]))


@dataclass
class Shapes:
    """The shapes of a run: those checked per document batch, and those checked on the whole graph."""

    per_document: Graph
    whole_graph: Graph
    files: list[str]

    @classmethod
    def bundled(cls) -> "Shapes":
        """The project's shapes, read and checked once per process (pySHACL does not change them)."""
        return _bundled_shapes()

    @classmethod
    def _read_bundled(cls) -> "Shapes":
        shapes_dir = folder("shapes")
        per_document = _parse_shapes([shapes_dir / n for n in DOCUMENT_SHAPE_FILES])
        whole = _parse_shapes([shapes_dir / n for n in CROSS_CHECK_FILES])
        shapes = cls(per_document, whole, [f"shapes/{n}" for n in DOCUMENT_SHAPE_FILES + CROSS_CHECK_FILES])
        shapes.check()
        return shapes

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> "Shapes":
        """A user's own shapes: all run on the whole graph, where every triple is in view."""
        files: list[Path] = []
        for path in paths:
            path = Path(path)
            if path.is_dir():
                files += sorted(path.glob("*.ttl"))
            else:
                files.append(path)
        shapes = cls(Graph(), _parse_shapes(files), [str(p) for p in files])
        shapes.check()
        return shapes

    def check(self) -> None:
        """Check the shapes against SHACL-for-SHACL; a broken shapes graph stops the run."""
        for graph in (self.per_document, self.whole_graph):
            if not len(graph):
                continue
            conforms, _, text = meta_validate(graph)
            if not conforms:
                problems = "\n".join(line for line in str(text).splitlines() if line.strip().startswith(("Message:", "Focus Node:", "Result Path:")))
                raise ShapesError(f"the shapes are not valid SHACL ({', '.join(self.files)}):\n{problems}")

    @cached_property
    def all_shapes(self) -> Graph:
        """Both shapes graphs in one (made once: describing thousands of results asked for it each time)."""
        return self.per_document + self.whole_graph

    def label(self, shape) -> tuple[str, str, str]:
        """(the shape's name, the name of the node shape it belongs to, that node shape's label).
        A property shape without an IRI is named by its node shape."""
        graph = self.all_shapes
        owner = next(iter(graph.subjects(SH.property, shape)), shape)
        name = graph.value(owner, RDFS.label)
        owner_id = curie(owner) if isinstance(owner, URIRef) else "(anonymous shape)"
        shape_id = curie(shape) if isinstance(shape, URIRef) else owner_id
        return shape_id, owner_id, str(name) if name is not None else owner_id


@lru_cache(maxsize=1)
def _bundled_shapes() -> Shapes:
    return Shapes._read_bundled()


def _parse_shapes(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        fmt = RDF_SUFFIXES.get(Path(path).suffix.lower(), "turtle")
        try:
            graph.parse(path, format=fmt)
        except FileNotFoundError:
            raise ShapesError(f"{path}: no such shapes file") from None
        except Exception as exc:  # rdflib raises many parser-specific types
            raise ShapesError(f"{path}: not valid {fmt}: {exc}") from None
    return graph


# ---- running the validation ---------------------------------------------------------------------

def document_graphs(dataset: Dataset) -> tuple[list[Graph], Graph]:
    """(the document graphs, the vocabulary graph) of a dataset. Triples in the default graph (a
    Turtle file) count as one more document; a dataset without a vocabulary graph is given the
    bundled one, as a named graph of its own."""
    documents, vocabulary = [], None
    for graph in dataset.graphs():
        if not len(graph):
            continue
        if graph.identifier == VOCABULARY_GRAPH:
            vocabulary = graph
        else:
            documents.append(graph)
    if vocabulary is None:
        vocabulary = dataset.graph(VOCABULARY_GRAPH)
        for path in ontology_files():
            vocabulary.parse(path, format="turtle")
    return documents, vocabulary


def union_view(dataset: Dataset) -> Dataset:
    """Every graph of the dataset read as one, without copying a triple."""
    return Dataset(store=dataset.store, default_union=True)


@lru_cache(maxsize=512)
def _prepared(query: str):
    return prepareQuery(query)


class PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pySHACL runs a SPARQL constraint once per focus node, with the same text each time; rdflib
    would parse it every time (measured: 15x slower validation of the bundled corpus).
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def _graph_of(*graphs: Graph) -> PreparedQueryGraph:
    data = PreparedQueryGraph()
    for graph in graphs:
        data += graph
    return data


def _run_pyshacl(data: Graph, shapes: Graph) -> Graph:
    try:
        _, results, _ = pyshacl_validate(data, shacl_graph=shapes, inplace=True, allow_warnings=True, allow_infos=True)
    except (ReportableRuntimeError, ShapeLoadError) as exc:
        raise ShapesError(f"validation could not run: {exc}") from None
    return results


ENGINES = ("auto", "pyshacl", "oxigraph", "fast")


def choose_engine(engine: str, shapes: "Shapes") -> str:
    """The engine a run uses. "auto" is "fast" where every SPARQL-constrained shape is one the
    set-at-a-time engine supports, otherwise "oxigraph" (or "pyshacl", see _cross_check_engine)."""
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine '{engine}' (choose from {', '.join(ENGINES)})")
    if engine in ("pyshacl", "oxigraph"):
        return engine
    try:
        for graph in (shapes.per_document, shapes.whole_graph):
            check_shapes_are_supported(sparql_only(graph))
    except ShapesError:
        if engine == "fast":
            raise
        return "oxigraph"
    return "fast"


def _cross_check_engine(engine: str, shapes: Graph) -> str:
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine '{engine}' (choose from {', '.join(ENGINES)})")
    if engine == "pyshacl":
        return engine
    try:
        check_shapes_are_supported(shapes)
    except ShapesError:
        if engine == "oxigraph":
            raise
        return "pyshacl"
    return "oxigraph"


def validate_dataset(dataset: Dataset, shapes: Shapes | None = None, batch_size: int = 200,
                     progress: Callable[[str], None] | None = None, engine: str = "auto") -> Report:
    """Validate every graph of ``dataset``; documents in batches, then the cross-checks over all.

    ``engine``: "pyshacl" runs everything on pySHACL (the reference); "oxigraph" runs the document
    shapes on pySHACL and the whole-graph shapes' SPARQL constraints set-at-a-time on Oxigraph (see
    sparql_constraints); "fast" runs every core constraint on the shacl package and every SPARQL
    constraint on Oxigraph (see validate_store); "auto" is the fastest that supports the shapes."""
    shapes = shapes or Shapes.bundled()
    if choose_engine(engine, shapes) == "fast":
        return validate_store(store_from_dataset(dataset), shapes, progress=progress, engine="fast")
    started = time.perf_counter()
    say = progress or (lambda message: None)
    documents, vocabulary = document_graphs(dataset)
    union = union_view(dataset)
    raw: list[tuple[Graph, Graph]] = []
    if len(shapes.per_document):
        for first in range(0, max(len(documents), 1), batch_size):
            say(f"validating documents {first + 1}-{min(first + batch_size, len(documents))} of {len(documents)}")
            batch = _graph_of(vocabulary, *documents[first:first + batch_size])
            raw.append((_run_pyshacl(batch, shapes.per_document), shapes.per_document))
    if len(shapes.whole_graph):
        chosen = _cross_check_engine(engine, shapes.whole_graph)
        say(f"running the cross-checks over the whole graph ({chosen})")
        if chosen == "oxigraph":
            raw.append((validate_on_oxigraph(store_from_dataset(dataset), shapes.whole_graph), shapes.whole_graph))
        else:
            raw.append((_run_pyshacl(_graph_of(vocabulary, *documents), shapes.whole_graph), shapes.whole_graph))
    results = _described(raw, Describer(union, dataset, vocabulary, shapes))
    return Report(results, _distinct_triples(union), len(documents), time.perf_counter() - started, shapes.files)


def _described(raw: list[tuple[Graph, Graph]], describer: "Describer") -> list[Result]:
    """Every result of the report graphs, described once, in the order a person reads them."""
    seen: set = set()
    results: list[Result] = []
    for report_graph, shapes_graph in raw:
        # Only the report's own results: nested ones (sh:detail) explain a result, they are not results.
        for node in report_graph.objects(None, SH.result):
            result = describer.describe(report_graph, node, shapes_graph)
            key = (result.severity, result.focus, result.path, result.value, result.component, result.message)
            if key not in seen:
                seen.add(key)
                results.append(result)
    results.sort(key=lambda r: (SEVERITY_ORDER[r.severity], r.shape_label, r.focus_label, r.focus, r.message))
    return results


def _distinct_triples(union: Dataset) -> int:
    return sum(1 for _ in union.triples((None, None, None)))


def validate_store(store: ox.Store, shapes: Shapes | None = None, batch_size: int | None = None,
                   progress: Callable[[str], None] | None = None, engine: str = "auto",
                   workers: int | None = None) -> Report:
    """Validate a store whose default graph is the merge of its named graphs (as every store of
    this project is). With the "fast" engine (the default where the shapes allow it) nothing is
    copied into rdflib: the document shapes run batch by batch of documents in ``workers``
    processes (see _document_results), the whole-graph shapes once over the whole store, and
    results are described from the store."""
    shapes = shapes or Shapes.bundled()
    chosen = choose_engine(engine, shapes)
    if chosen != "fast":
        from cafcass_kg.store import dataset_from_store

        return validate_dataset(dataset_from_store(store), shapes, batch_size or 200, progress=progress, engine=chosen)
    batch_size = batch_size or 1000
    started = time.perf_counter()
    say = progress or (lambda message: None)
    store, documents = _with_vocabulary(store)
    raw: list[tuple[Graph, Graph]] = []
    # The whole-graph checks read an in-memory copy of the merge, filled from the batches the
    # document checks read anyway: on the on-disk store they took 2 to 3 times as long.
    merged = store
    if len(shapes.per_document):
        merged = ox.Store()
        raw += _document_results(store, documents, shapes.per_document, batch_size, say, workers or os.cpu_count() or 1, merged)
    if len(shapes.whole_graph) and has_core_targets(shapes.whole_graph):
        say("checking the core constraints of the whole-graph shapes")
        data = merged.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
        raw.append((core_validator(shapes.whole_graph).validate(data), shapes.whole_graph))
    if len(shapes.whole_graph):
        say("checking the SPARQL constraints of the whole-graph shapes")
        raw.append((validate_on_oxigraph(merged, sparql_only(shapes.whole_graph)), shapes.whole_graph))
    results = _described(raw, StoreDescriber(store, shapes))
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return Report(results, int(next(iter(rows))["n"].value), len(documents), time.perf_counter() - started, shapes.files)


def _document_results(store: ox.Store, documents: list, shapes: Graph, batch_size: int,
                      say: Callable[[str], None], workers: int, merged: ox.Store) -> list[tuple[Graph, Graph]]:
    """The document shapes, batch by batch of document graphs, each batch with the vocabulary
    graph (what pySHACL sees in the same batch): core constraints on the shacl package, SPARQL
    constraints set-at-a-time on an in-memory Oxigraph store of the batch. Batches are checked in
    forked worker processes while this process reads the next batch from the store and loads what
    it read into ``merged`` (the merge of every graph, in memory); at most ``workers`` + 1 batches
    are in memory at once."""
    _batch_checks.update(core=core_validator(shapes), sparql=sparql_only(shapes))
    raw: list[tuple[Graph, Graph]] = []
    batches = _batches(store, documents, batch_size, say)
    try:
        if workers <= 1 or len(documents) <= batch_size:
            for data in batches:
                merged.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
                raw += [(report, shapes) for report in _check_batch(data)]
            return raw
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            in_flight: deque = deque()
            for data in batches:
                in_flight.append(pool.apply_async(_check_batch, (data,)))
                merged.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
                while len(in_flight) > workers:
                    raw += [(report, shapes) for report in in_flight.popleft().get()]
            while in_flight:
                raw += [(report, shapes) for report in in_flight.popleft().get()]
    finally:
        _batch_checks.clear()
    return raw


def _batches(store: ox.Store, documents: list, batch_size: int, say: Callable[[str], None]) -> Iterator[bytes]:
    """N-Triples of each batch of document graphs, with the vocabulary graph's."""
    vocabulary = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=_VOCABULARY)
    for first in range(0, max(len(documents), 1), batch_size):
        say(f"checking documents {first + 1}-{min(first + batch_size, len(documents))} of {len(documents)}")
        graphs = documents[first:first + batch_size]
        yield vocabulary + b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in graphs)


_batch_checks: dict = {}  # what forked batch workers inherit: the compiled shapes


def _check_batch(data: bytes) -> tuple[Graph, Graph]:
    batch = ox.Store()
    batch.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return _batch_checks["core"].validate(data.decode("utf-8")), validate_on_oxigraph(batch, _batch_checks["sparql"])


_VOCABULARY = ox.NamedNode(str(VOCABULARY_GRAPH))


def _with_vocabulary(store: ox.Store) -> tuple[ox.Store, list[ox.NamedNode]]:
    """(a store with the vocabulary graph, its document graphs). A graph read from a file without
    the vocabulary graph is given the bundled one, and triples read into the default graph only (a
    Turtle file) are one document graph, as they are to pySHACL; both in an in-memory copy."""
    graphs = sorted(store.named_graphs(), key=str)
    documents = [g for g in graphs if g != _VOCABULARY]
    if _VOCABULARY in graphs and documents:
        return store, documents
    from cafcass_kg.build import vocabulary_quads

    copy = ox.Store()
    copy.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    if not documents and len(copy):
        default_document = ox.NamedNode(str(DATASET_DEFAULT_GRAPH_ID))
        copy.bulk_load(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                       format=ox.RdfFormat.N_TRIPLES, to_graph=default_document)
        documents = [default_document]
    if _VOCABULARY not in graphs:
        copy.bulk_load(vocabulary_quads(), format=ox.RdfFormat.N_QUADS)
    return copy, documents


MEDIA_TYPES = {
    "text/turtle": "turtle", "application/trig": "trig", "application/n-quads": "nquads",
    "application/n-triples": "nt", "application/ld+json": "json-ld", "application/rdf+xml": "xml",
}


def parse_dataset(data: bytes, fmt: str, name: str = "the request body") -> Dataset:
    """RDF in memory as a Dataset; ``fmt`` is an rdflib format name. Bad RDF is a GraphFileError."""
    dataset = Dataset()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GraphFileError(f"{name}: not UTF-8 (byte {exc.start})") from None
    try:
        if fmt in ("trig", "nquads", "json-ld"):
            dataset.parse(data=text, format=fmt)
        else:
            dataset.default_graph.parse(data=text, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many types; all mean "not valid RDF"
        raise GraphFileError(f"{name}: not valid {fmt}: {exc}") from None
    return dataset


def read_dataset(path: Path) -> Dataset:
    """A graph file (TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML) as a Dataset."""
    path = Path(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise GraphFileError(f"{path}: unknown graph format '{path.suffix}' (use .trig, .nq, .ttl, .nt, .jsonld or .rdf)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such graph file") from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return parse_dataset(data, fmt, str(path))


# ---- describing results -------------------------------------------------------------------------

class Describer:
    """Turns a pySHACL result node into a Result a person can read."""

    def __init__(self, union: Dataset, dataset: Dataset, vocabulary: Graph, shapes: Shapes):
        self.union = union
        self.vocabulary = vocabulary
        self.dataset = dataset
        self.shapes = shapes

    def label(self, node) -> str:
        for p in LABEL_PROPERTIES:
            value = self.union.value(node, p)
            if value is not None:
                return str(value)
        return curie(node) if isinstance(node, URIRef) else str(node)

    def describe(self, report: Graph, node, shapes_graph: Graph) -> Result:
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        severity = SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation")
        messages = list(report.objects(node, SH.resultMessage))
        english = [m for m in messages if getattr(m, "language", None) in ("en", None)]
        message = str((english or messages or ["(no message)"])[0])
        shape_id, node_shape, shape_label = self.shapes.label(shape)
        passages = self.passages(focus, path, value)
        if isinstance(value, URIRef) and value != focus:
            passages += tuple(p for p in self.passages(value, None) if p not in passages)
        return Result(
            severity=severity,
            focus=str(focus),
            focus_label=self.label(focus),
            path=curie(path) if isinstance(path, URIRef) else None,
            value=_show(value),
            message=message,
            expected=expected(shapes_graph, shape, component) or f"{shape_label[:1].upper()}{shape_label[1:]}.",
            shape=shape_id,
            node_shape=node_shape,
            shape_label=shape_label,
            component=curie(component).replace("sh:", "") if component is not None else "",
            passages=passages[:MAX_PASSAGES],
            value_n3=value.n3() if value is not None and not isinstance(value, BNode) else None,
        )

    def passages(self, node, path, value=None) -> tuple[Passage, ...]:
        """The passages that support a node: its own evidence, the evidence of the stated facts
        about it, or, for a node of the evidence itself, the passage it belongs to."""
        g = self.union
        if node is None:
            return ()
        targets: list = []
        if (node, RDF.type, OA.SpecificResource) in g:
            targets.append(node)
        # Sorted wherever the graph gives no order, so that every run (and every store) agrees.
        targets += sorted(g.objects(node, OA.hasTarget), key=str)
        targets += sorted(g.subjects(OA.hasSelector, node), key=str)
        annotations = sorted(g.objects(node, PROV.wasDerivedFrom), key=str)
        if not annotations:
            for statement in self.statements_about(node, path, value):
                annotations += sorted(g.objects(statement, PROV.wasDerivedFrom), key=str)
        for annotation in annotations:
            targets += sorted(g.objects(annotation, OA.hasTarget), key=str)
        found: list[Passage] = []
        for target in dict.fromkeys(targets):
            if len(found) >= MAX_PASSAGES:  # a fact stated by every document would list them all
                break
            found += [p for p in [self.passage(target)] if p is not None]
        if not found:
            found = [self.document_passage(d) for d in self.documents_mentioning(node)]
        if not found and any(self.vocabulary.triples((node, None, None))):
            found = [Passage(str(VOCABULARY_GRAPH), "vocabulary graph (ontology/)", None, None, None, None, None)]
        return tuple(found)

    def statements_about(self, node, path, value) -> list:
        """The stated facts about the node (with ``path``, if given): those with the value in
        question first."""
        g = self.union
        statements = [st for st in g.subjects(RDF.subject, node) if path is None or (st, RDF.predicate, path) in g]
        statements.sort(key=lambda st: ((st, RDF.object, value) not in g, str(st)))
        return statements

    def passage(self, target) -> Passage | None:
        g = self.union
        document = g.value(target, OA.hasSource)
        if document is None:
            return None
        start = end = quote = None
        for selector in g.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in g:
                start, end = _int(g.value(selector, OA.start)), _int(g.value(selector, OA.end))
            elif (selector, RDF.type, OA.TextQuoteSelector) in g:
                exact = g.value(selector, OA.exact)
                quote = str(exact) if exact is not None else None
        base = self.document_passage(document)
        return Passage(base.document, base.source_file, base.title, start, end, quote, _int(g.value(target, CKG.paragraphNumber)))

    def document_passage(self, document) -> Passage:
        g = self.union
        source = g.value(document, CKG.sourceFile)
        title = g.value(document, DCTERMS.title)
        return Passage(str(document), str(source) if source is not None else None,
                       str(title) if title is not None else None, None, None, None, None)

    def documents_mentioning(self, node) -> list:
        graphs = []
        for graph in sorted(self.dataset.graphs(), key=lambda g: str(g.identifier)):  # the same order every run
            if graph.identifier != VOCABULARY_GRAPH and (graph.identifier, CKG.sourceFile, None) in graph \
                    and (node, None, None) in graph:
                graphs.append(graph.identifier)
                if len(graphs) >= MAX_PASSAGES:
                    break
        return graphs


class StoreDescriber(Describer):
    """A Describer that reads the store itself. Copying into rdflib the graphs that results are
    about took longer than the validation (135 s of 148 s for 1,000 documents: a fact stated by
    every document brings every graph)."""

    def __init__(self, store: ox.Store, shapes: Shapes):
        from cafcass_kg.store import StoreGraphView

        super().__init__(StoreGraphView(store), None, StoreGraphView(store, _VOCABULARY), shapes)
        self.store = store
        # Thousands of results can be about one resource (every document states facts about
        # Cafcass): each question is asked of the store once.
        self._asked: dict = {}

    def _once(self, key, compute):
        if key not in self._asked:
            self._asked[key] = compute()
        return self._asked[key]

    def label(self, node) -> str:
        return self._once(("label", node), lambda: super(StoreDescriber, self).label(node))

    def passages(self, node, path, value=None) -> tuple[Passage, ...]:
        return self._once(("passages", node, path, value), lambda: super(StoreDescriber, self).passages(node, path, value))

    def statements_about(self, node, path, value) -> list:
        # One query rather than a lookup per statement: every document states facts about Cafcass.
        if not isinstance(node, URIRef):
            return super().statements_about(node, path, value)
        from cafcass_kg.store import to_oxigraph

        predicate = f"; rdf:predicate <{path}>" if isinstance(path, URIRef) else ""
        first = f"sameTerm(?object, {to_oxigraph(value)})" if value is not None and not isinstance(value, BNode) else "false"
        rows = self.store.query(
            f"PREFIX rdf: <{RDF}> SELECT ?st WHERE {{ ?st rdf:subject <{node}> {predicate} . "
            f"OPTIONAL {{ ?st rdf:object ?object }} }} ORDER BY DESC({first}) STR(?st)")
        return list(dict.fromkeys(URIRef(row["st"].value) for row in rows))

    def documents_mentioning(self, node) -> list:
        if not isinstance(node, URIRef):
            return []
        rows = self.store.query(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g <{CKG.sourceFile}> ?file . <{node}> ?p ?o }} }} ORDER BY ?g LIMIT {MAX_PASSAGES}")
        return [URIRef(row["g"].value) for row in rows]


def _int(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _show(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, URIRef):
        return curie(value)
    if isinstance(value, Literal):
        text = str(value)
        shown = text if len(text) <= 120 else text[:117] + "..."
        if value.datatype and value.datatype != XSD.string:
            return f'"{shown}"^^{curie(value.datatype)}'
        return f'"{shown}"'
    return str(value)


def expected(shapes: Graph, shape, component) -> str:
    """What the shape asked for, in words, from the parameters of the constraint that failed."""
    if shape is None or component is None:
        return ""
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    value = lambda p: shapes.value(shape, p)  # noqa: E731
    if name == "MinCount":
        return f"at least {value(SH.minCount)} value(s)"
    if name == "MaxCount":
        return f"at most {value(SH.maxCount)} value(s)"
    if name == "Datatype":
        return f"a literal of type {curie(value(SH.datatype))}"
    if name == "Class":
        return f"an instance of {curie(value(SH['class']))}"
    if name == "NodeKind":
        return {SH.IRI: "an IRI", SH.Literal: "a literal", SH.BlankNode: "a blank node"}.get(value(SH.nodeKind), curie(value(SH.nodeKind)))
    if name == "In":
        members = Collection(shapes, value(SH["in"]))
        return "one of " + ", ".join(_show(m) or "" for m in members)
    if name == "HasValue":
        return f"the value {_show(value(SH.hasValue))}"
    if name == "Pattern":
        return f"text matching the pattern {value(SH.pattern)}"
    if name == "MinLength":
        return f"at least {value(SH.minLength)} character(s)"
    if name == "MinInclusive":
        return f"a value of at least {value(SH.minInclusive)}"
    if name == "UniqueLang":
        return "at most one value per language"
    if name == "Node":
        target = value(SH.node)
        comment = shapes.value(target, RDFS.comment)
        return f"a value that conforms to {curie(target) if isinstance(target, URIRef) else 'a shape'}" + (f" ({comment})" if comment else "")
    if name in ("QualifiedMinCount", "QualifiedMaxCount"):
        kind = shapes.value(value(SH.qualifiedValueShape), SH["class"])
        low, high = value(SH.qualifiedMinCount), value(SH.qualifiedMaxCount)
        bounds = f"exactly {low}" if low is not None and low == high else (f"at least {low}" if low is not None else f"at most {high}")
        return f"{bounds} value(s) of class {curie(kind)}" if kind is not None else f"{bounds} conforming value(s)"
    if name == "Or":
        return "one of the alternatives the shape lists"
    return ""


__all__ = ["Passage", "Report", "Result", "Shapes", "read_dataset", "validate_dataset"]
