"""A SPARQL 1.1 store on a server (Virtuoso, Fuseki, GraphDB, Neptune, Oxigraph server) as the
graph's store: queries by the SPARQL 1.1 Protocol, loading by the Graph Store HTTP Protocol (or
SPARQL 1.1 Update where no graph store is given), nothing specific to one store.

One module per job: ``settings`` (where the store is: config file, environment, command line),
``client`` (``RemoteStore``, the HTTP client), ``answers`` (the media types asked for and the
answers read), ``sparql_text`` (reading queries, writing updates), ``graph_names`` (the graphs the
project keeps in the store), ``loading`` (a build loaded into the store, the store copied to memory).
"""

from __future__ import annotations

from cafcass_kg.errors import StoreRefused, TransientStoreError

from .answers import ACCEPT_GRAPH, ACCEPT_TABLE, GRAPH_TYPES, RESULT_TYPES, GraphResult, duration_from_number, parse_answer
from .client import RemoteStore
from .graph_names import CATALOGUE_GRAPH, EMPTY_GRAPH, MERGED_PREFIX, STAGING, staging_graph
from .loading import LoadReport, copy_to_memory, load_build
from .settings import StoreSettings, store_settings
from .sparql_text import keywords, query_form

__all__ = [
    "ACCEPT_GRAPH", "ACCEPT_TABLE", "CATALOGUE_GRAPH", "EMPTY_GRAPH", "GRAPH_TYPES", "MERGED_PREFIX", "RESULT_TYPES",
    "STAGING", "GraphResult", "LoadReport", "RemoteStore", "StoreRefused", "StoreSettings", "TransientStoreError",
    "copy_to_memory", "duration_from_number", "keywords", "load_build", "parse_answer", "query_form", "staging_graph",
    "store_settings",
]
