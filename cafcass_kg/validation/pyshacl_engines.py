"""The engines that check the document shapes on pySHACL, over an rdflib Dataset: "pyshacl" runs
the cross-checks on pySHACL too (the reference implementation); "oxigraph" runs the cross-checks'
SPARQL constraints set-at-a-time on Oxigraph (see sparql_constraints).

Documents are validated in batches, each batch with the vocabulary graph (the document shapes
look no further); the cross-checks run once over the union of every graph.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Callable

from pyshacl import validate as pyshacl_validate
from pyshacl.errors import ReportableRuntimeError, ShapeLoadError
from rdflib import Dataset, Graph
from rdflib.plugins.sparql import prepareQuery

from cafcass_kg.errors import ShapesError
from cafcass_kg.validation.describe import Describer, described
from cafcass_kg.validation.graph_forms import GraphForms, document_graphs, union_view, with_vocabulary
from cafcass_kg.validation.model import RawReport, Report
from cafcass_kg.validation.shapes import Shapes
from cafcass_kg.validation.sparql_constraints import validate_on_oxigraph


def validate_with_pyshacl(forms: GraphForms, shapes: Shapes, batch_size: int, say: Callable[[str], None],
                          cross_checks_on: str) -> Report:
    """Validate the dataset form of the graph: the document shapes batch by batch of documents on
    pySHACL, then the whole-graph shapes on ``cross_checks_on`` ("pyshacl" or "oxigraph")."""
    dataset = forms.dataset
    started = time.perf_counter()
    documents, vocabulary = document_graphs(dataset)
    union = union_view(dataset)
    raw: list[RawReport] = []
    if len(shapes.per_document):
        for first in range(0, max(len(documents), 1), batch_size):
            say(f"validating documents {first + 1}-{min(first + batch_size, len(documents))} of {len(documents)}")
            batch = _graph_of(vocabulary, *documents[first:first + batch_size])
            raw.append((run_pyshacl(batch, shapes.per_document), shapes.per_document))
    if len(shapes.whole_graph):
        say(f"running the cross-checks over the whole graph ({cross_checks_on})")
        if cross_checks_on == "oxigraph":
            # The store form's default graph is the merge of every graph: the union the cross-checks read.
            raw.append((validate_on_oxigraph(with_vocabulary(forms.store), shapes.whole_graph), shapes.whole_graph))
        else:
            raw.append((run_pyshacl(_graph_of(vocabulary, *documents), shapes.whole_graph), shapes.whole_graph))
    results = described(raw, Describer(union, dataset, vocabulary, shapes))
    return Report(results, _distinct_triples(union), len(documents), time.perf_counter() - started, shapes.files)


def run_pyshacl(data: Graph, shapes: Graph) -> Graph:
    """pySHACL's report graph of ``data`` (changed in place: it is a copy made for the run)."""
    try:
        _, results, _ = pyshacl_validate(data, shacl_graph=shapes, inplace=True, allow_warnings=True, allow_infos=True)
    except (ReportableRuntimeError, ShapeLoadError) as exc:
        raise ShapesError(f"validation could not run: {exc}") from None
    return results


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


def _distinct_triples(union: Dataset) -> int:
    return sum(1 for _ in union.triples((None, None, None)))
