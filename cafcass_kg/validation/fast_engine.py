"""The "fast" engine, over an Oxigraph store: nothing is copied into rdflib. The document shapes
run batch by batch of documents in worker processes (see batches), the whole-graph shapes once
over the merge of every graph (core constraints on the shacl package, SPARQL constraints
set-at-a-time on Oxigraph), and results are described from the store. The tests hold it to
pySHACL's results.
"""

from __future__ import annotations

import time
from typing import Callable

import pyoxigraph as ox

from cafcass_kg.validation.batches import check_document_batches
from cafcass_kg.validation.core_constraints import core_validator, has_core_targets, sparql_only
from cafcass_kg.validation.describe import StoreDescriber, described
from cafcass_kg.validation.graph_forms import store_documents
from cafcass_kg.validation.model import RawReport, Report
from cafcass_kg.validation.shapes import Shapes
from cafcass_kg.validation.sparql_constraints import validate_on_oxigraph


def validate_fast(store: ox.Store, shapes: Shapes, batch_size: int, say: Callable[[str], None], workers: int) -> Report:
    """Validate a store whose default graph is the merge of its named graphs, checking batches
    of ``batch_size`` documents in ``workers`` processes."""
    started = time.perf_counter()
    store, documents = store_documents(store)
    raw: list[RawReport] = []
    # The whole-graph checks read an in-memory copy of the merge, filled from the batches the
    # document checks read anyway: on the on-disk store they took 2 to 3 times as long.
    merged = store
    if len(shapes.per_document):
        merged = ox.Store()
        raw += check_document_batches(store, documents, shapes.per_document, batch_size, say, workers, merged)
    if len(shapes.whole_graph) and has_core_targets(shapes.whole_graph):
        say("checking the core constraints of the whole-graph shapes")
        data = merged.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
        raw.append((core_validator(shapes.whole_graph).validate(data), shapes.whole_graph))
    if len(shapes.whole_graph):
        say("checking the SPARQL constraints of the whole-graph shapes")
        raw.append((validate_on_oxigraph(merged, sparql_only(shapes.whole_graph)), shapes.whole_graph))
    results = described(raw, StoreDescriber(store, shapes))
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return Report(results, int(next(iter(rows))["n"].value), len(documents), time.perf_counter() - started, shapes.files)
