"""The graph to validate, in the two forms the engines read: an rdflib Dataset (pySHACL) and an
Oxigraph store (the fast engine, and the set-at-a-time SPARQL constraints). A graph is given in
one form; the other is made from it here, once, and only if an engine asks for it.

Either form is completed the same way before it is checked: a graph read from a file without the
vocabulary graph is given the bundled one, and triples in the default graph only (a Turtle file)
count as one document.
"""

from __future__ import annotations

from functools import cached_property

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from cafcass_kg.namespaces import VOCABULARY_GRAPH
from cafcass_kg.resources import ontology_files
from cafcass_kg.store import dataset_from_store, store_from_dataset

VOCABULARY = ox.NamedNode(str(VOCABULARY_GRAPH))


class GraphForms:
    """The graph of one run as a Dataset and as a store: the form it was given in, and the other
    converted from it on first use. Build it with ``of_dataset`` or ``of_store``."""

    def __init__(self, dataset: Dataset | None = None, store: ox.Store | None = None):
        if (dataset is None) == (store is None):
            raise ValueError("a graph is given in one form: a dataset or a store")
        self._given_dataset = dataset
        self._given_store = store

    @classmethod
    def of_dataset(cls, dataset: Dataset) -> GraphForms:
        return cls(dataset=dataset)

    @classmethod
    def of_store(cls, store: ox.Store) -> GraphForms:
        """A store whose default graph is the merge of its named graphs (as every store of this project is)."""
        return cls(store=store)

    @cached_property
    def dataset(self) -> Dataset:
        if self._given_dataset is not None:
            return self._given_dataset
        return dataset_from_store(self._given_store)

    @cached_property
    def store(self) -> ox.Store:
        if self._given_store is not None:
            return self._given_store
        return store_from_dataset(self._given_dataset)


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


def store_documents(store: ox.Store) -> tuple[ox.Store, list[ox.NamedNode]]:
    """(a store with the vocabulary graph, its document graphs). Triples read into the default
    graph only (a Turtle file) are one document graph, as they are to pySHACL. What the store
    lacks is added to an in-memory copy: the given store may be read-only."""
    graphs = sorted(store.named_graphs(), key=str)
    documents = [g for g in graphs if g != VOCABULARY]
    if VOCABULARY in graphs and documents:
        return store, documents
    copy = _copy_of(store)
    if not documents and len(copy):
        default_document = ox.NamedNode(str(DATASET_DEFAULT_GRAPH_ID))
        copy.bulk_load(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                       format=ox.RdfFormat.N_TRIPLES, to_graph=default_document)
        documents = [default_document]
    if VOCABULARY not in graphs:
        _add_vocabulary(copy)
    return copy, documents


def with_vocabulary(store: ox.Store) -> ox.Store:
    """The store if it has the vocabulary graph, otherwise an in-memory copy given the bundled one."""
    if VOCABULARY in set(store.named_graphs()):
        return store
    copy = _copy_of(store)
    _add_vocabulary(copy)
    return copy


def _copy_of(store: ox.Store) -> ox.Store:
    copy = ox.Store()
    copy.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return copy


def _add_vocabulary(store: ox.Store) -> None:
    """The bundled vocabulary, as its named graph and in the default graph (the merge)."""
    # Imported here: build brings in the whole pipeline, needed only when a graph lacks the vocabulary.
    from cafcass_kg.build import vocabulary_quads

    store.bulk_load(vocabulary_quads(), format=ox.RdfFormat.N_QUADS)
