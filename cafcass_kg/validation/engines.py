"""Which engine checks a graph, and the one path every validation takes: the engine chosen from
the shapes, then handed the graph in the form it reads (see graph_forms, where a graph given as
an rdflib Dataset or as an Oxigraph store is converted, once, to the other form if need be).

The engines, fastest first: "fast" runs every core constraint on the shacl package and every
SPARQL constraint on Oxigraph (see fast_engine); "oxigraph" runs the document shapes on pySHACL
and the whole-graph shapes' SPARQL constraints on Oxigraph; "pyshacl" runs everything on pySHACL,
the reference (see pyshacl_engines). "auto" is the fastest that supports the shapes.
"""

from __future__ import annotations

import os
from typing import Callable

import pyoxigraph as ox
from rdflib import Dataset, Graph

from cafcass_kg.errors import ShapesError, UsageError
from cafcass_kg.validation.core_constraints import sparql_only
from cafcass_kg.validation.fast_engine import validate_fast
from cafcass_kg.validation.graph_forms import GraphForms
from cafcass_kg.validation.model import Report
from cafcass_kg.validation.pyshacl_engines import validate_with_pyshacl
from cafcass_kg.validation.shapes import Shapes
from cafcass_kg.validation.sparql_constraints import check_shapes_are_supported

ENGINES = ("auto", "pyshacl", "oxigraph", "fast")
# Documents per batch when the caller asks for no size, per engine.
PYSHACL_BATCH_SIZE = 200
FAST_BATCH_SIZE = 1000


def validate_dataset(dataset: Dataset, shapes: Shapes | None = None, batch_size: int | None = None,
                     progress: Callable[[str], None] | None = None, engine: str = "auto") -> Report:
    """Validate every graph of an rdflib ``dataset`` (see validate_store for the parameters)."""
    return _validate(GraphForms.of_dataset(dataset), shapes, batch_size, progress, engine, None)


def validate_store(store: ox.Store, shapes: Shapes | None = None, batch_size: int | None = None,
                   progress: Callable[[str], None] | None = None, engine: str = "auto",
                   workers: int | None = None) -> Report:
    """Validate a store whose default graph is the merge of its named graphs (as every store of
    this project is): its documents in batches of ``batch_size`` (by default 200 on pySHACL, 1000
    on the fast engine), then the cross-checks over all. ``shapes``: the bundled shapes unless
    given; ``engine``: one of ENGINES; ``workers``: the processes that check batches of documents
    on the fast engine (by default one per CPU); ``progress`` is told what is being checked."""
    return _validate(GraphForms.of_store(store), shapes, batch_size, progress, engine, workers)


def _validate(graph: GraphForms, shapes: Shapes | None, batch_size: int | None,
              progress: Callable[[str], None] | None, engine: str, workers: int | None) -> Report:
    """The one path of every run. The engines are chosen before anything runs, so that shapes an
    engine refuses stop the run at once."""
    shapes = shapes or Shapes.bundled()
    say = progress or (lambda message: None)
    chosen = choose_engine(engine, shapes)
    if chosen == "fast":
        return validate_fast(graph.store, shapes, batch_size or FAST_BATCH_SIZE, say, workers or os.cpu_count() or 1)
    cross_checks_on = cross_check_engine(engine, shapes.whole_graph)
    return validate_with_pyshacl(graph, shapes, batch_size or PYSHACL_BATCH_SIZE, say, cross_checks_on)


def choose_engine(engine: str, shapes: Shapes) -> str:
    """The engine a run uses. "auto" is "fast" where every SPARQL-constrained shape is one the
    set-at-a-time engine supports, otherwise "oxigraph" (or "pyshacl", see cross_check_engine)."""
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


def cross_check_engine(engine: str, whole_graph_shapes: Graph) -> str:
    """Where the whole-graph shapes run when the document shapes run on pySHACL: on Oxigraph when
    it supports every one of them, else on pySHACL ("auto"); "oxigraph" refuses shapes it does
    not support rather than skip part of them."""
    if engine == "pyshacl":
        return engine
    try:
        check_shapes_are_supported(whole_graph_shapes)
    except ShapesError:
        if engine == "oxigraph":
            raise
        return "pyshacl"
    return "oxigraph"
