"""Where the graph is kept and queried: Oxigraph embedded (on disk or in memory, ``embedded``), or a
SPARQL 1.1 store over HTTP (``remote``: Virtuoso, Fuseki, GraphDB, QLever, Oxigraph's server).
Both answer ``run_query``; the rest of the project asks only these functions."""

from __future__ import annotations

import pyoxigraph as ox

from .embedded import (
    DEFAULT_GRAPH_FILE,
    FORMATS,
    UPDATE_KEYWORDS,
    StoreGraphView,
    dataset_from_store,
    default_graph_path,
    graph_identity,
    is_graph_file,
    load_store,
    merge_named_graphs_into_default,
    new_store_directory,
    open_store_directory,
    run_query,
    store_from_dataset,
    to_oxigraph,
    to_rdflib,
    write_graph_file,
)
from .remote import GraphResult, RemoteStore

__all__ = [
    "DEFAULT_GRAPH_FILE", "FORMATS", "graph_identity", "UPDATE_KEYWORDS", "GraphResult", "RemoteStore", "StoreGraphView",
    "dataset_from_store", "default_graph_path", "is_graph_file", "is_graph_result", "is_remote", "load_store",
    "merge_named_graphs_into_default", "new_store_directory", "open_store_directory", "run_query",
    "store_from_dataset", "to_oxigraph", "to_rdflib", "write_graph_file",
]


def is_graph_result(results) -> bool:
    """A CONSTRUCT or DESCRIBE answer (of the embedded store or of a remote one)."""
    return isinstance(results, (ox.QueryTriples, GraphResult))


def is_remote(store) -> bool:
    return isinstance(store, RemoteStore)
