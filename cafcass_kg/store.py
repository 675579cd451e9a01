"""The query store: a graph file loaded into Oxigraph, queried with SPARQL 1.1.

rdflib builds the graph; queries run on pyoxigraph, whose engine answers our queries one to two
orders of magnitude faster than rdflib's own. The default graph of a query is the RDF merge of the
document graphs, as users expect. Oxigraph's own "union default graph" is a multiset (a triple
stated by two documents is seen twice, so every join on it doubles rows); we therefore copy the
named graphs' triples once into the default graph when a store is loaded.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pyoxigraph as ox

from cafcass_kg.errors import GraphFileError, QueryError

log = logging.getLogger(__name__)
DEFAULT_GRAPH_FILE = "kg.trig"
FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
UPDATE_KEYWORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I
)


def default_graph_path() -> Path:
    return Path(os.environ.get("CAFCASS_KG_GRAPH", DEFAULT_GRAPH_FILE))


def load_store(path: Path) -> ox.Store:
    """An in-memory Oxigraph store holding the quads of a TriG, N-Quads, Turtle or N-Triples file."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphFileError(f"{path}: unknown graph format '{path.suffix}' (use .trig, .nq, .ttl or .nt)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such graph file (run 'cafcass-kg build' first, or pass --graph)") from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except SyntaxError as exc:
        raise GraphFileError(f"{path}: not valid {path.suffix[1:].upper()}: {exc}") from None
    merge_named_graphs_into_default(store)
    return store


def merge_named_graphs_into_default(store: ox.Store, batch: int = 100_000) -> None:
    """Make the default graph the set union of the named graphs."""
    pending: list[ox.Quad] = []
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue
        pending.append(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
        if len(pending) >= batch:
            store.bulk_extend(pending)
            pending = []
    if pending:
        store.bulk_extend(pending)


def store_from_dataset(dataset) -> ox.Store:
    """An Oxigraph store from an rdflib Dataset (used when the graph was built in memory)."""
    data = dataset.serialize(format="nquads", encoding="utf-8")
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    merge_named_graphs_into_default(store)
    return store


def run_query(store: ox.Store, query: str, base_iri: str | None = None, **dataset):
    """Run a read-only SPARQL query over the union of the graphs (or over the graphs that
    ``default_graph`` and ``named_graphs`` name, as Store.query takes them)."""
    if UPDATE_KEYWORDS.match(query):
        raise QueryError("this is a SPARQL update; the graph is read-only and accepts queries only")
    try:
        return store.query(query, base_iri=base_iri, **dataset)
    except SyntaxError as exc:
        raise QueryError(f"the query does not parse: {exc}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


def dataset_from_store(store: ox.Store):
    """An rdflib Dataset of the store's named graphs (or of its default graph when it has none),
    for what runs on rdflib, such as SHACL validation. The default graph of a loaded store is a
    copy of the named graphs (see merge_named_graphs_into_default), so it is left out."""
    from rdflib import Dataset

    named = [q for q in store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)]
    quads = named or list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    dataset = Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset
