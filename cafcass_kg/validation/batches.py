"""The document shapes checked batch by batch of document graphs, in forked worker processes.

Each batch is the N-Triples of some document graphs and of the vocabulary graph (what pySHACL
sees in the same batch): the core constraints run on the shacl package, the SPARQL constraints
set-at-a-time on an in-memory Oxigraph store of the batch. While the workers check, this process
reads the next batch from the store and loads what it read into the merge of every graph, which
the whole-graph shapes read afterwards.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from typing import Callable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from cafcass_kg.validation.core_constraints import core_validator, sparql_only
from cafcass_kg.validation.graph_forms import VOCABULARY
from cafcass_kg.validation.model import RawReport
from cafcass_kg.validation.sparql_constraints import validate_on_oxigraph

_batch_checks: dict = {}  # what forked batch workers inherit: the compiled shapes


def check_document_batches(store: ox.Store, documents: list, shapes: Graph, batch_size: int,
                           say: Callable[[str], None], workers: int, merged: ox.Store) -> list[RawReport]:
    """The report graphs of the document shapes over every batch of ``documents``, checked in
    ``workers`` processes; every batch read is also loaded into ``merged``. At most ``workers`` + 1
    batches are in memory at once."""
    _batch_checks.update(core=core_validator(shapes), sparql=sparql_only(shapes))
    raw: list[RawReport] = []
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
    vocabulary = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=VOCABULARY)
    for first in range(0, max(len(documents), 1), batch_size):
        say(f"checking documents {first + 1}-{min(first + batch_size, len(documents))} of {len(documents)}")
        graphs = documents[first:first + batch_size]
        yield vocabulary + b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in graphs)


def _check_batch(data: bytes) -> tuple[Graph, Graph]:
    """(the core constraints' report graph, the SPARQL constraints' report graph) of one batch."""
    batch = ox.Store()
    batch.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return _batch_checks["core"].validate(data.decode("utf-8")), validate_on_oxigraph(batch, _batch_checks["sparql"])
