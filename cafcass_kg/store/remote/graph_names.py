"""The graphs this project keeps in a remote store, by name, and why they are laid out so.

What the remote store holds after a build:
- one named graph per document (its IRI is the document's), and the vocabulary graph;
- a merge graph (``MERGED_PREFIX`` + a build's id): the set union of those graphs. Stores differ on
  what the default graph of a query is, and Virtuoso merges graphs as a multiset even when a query
  names them with FROM (a triple stated by two documents is seen twice: checked on 7.2.5), so the
  merge is kept as a graph of its own and every query is sent with an explicit dataset: the merge
  as the default graph and the document graphs as the named graphs (``default-graph-uri``,
  ``named-graph-uri``);
- ``CATALOGUE_GRAPH``: the current merge graph and the document graphs, written with the merge
  (listing the graphs a store holds took 15 s at 10,000 documents on Virtuoso; this is one read).

A document graph is replaced whole: its new triples go to a staging graph first, then one
``MOVE`` puts them in its place, so neither a refused request nor a store stopped mid-load leaves a
mix of old and new triples, and a load that is run again replaces every graph whole. The merge
(half the triples) is too large for one transaction in some stores (Virtuoso refused to MOVE 6
million triples), so each build writes a new merge graph and then switches the catalogue to it in
one small update; the merge before it stays until the next build, for readers that still use it.
"""

from __future__ import annotations

import hashlib

from cafcass_kg.namespaces import BASE

MERGED_PREFIX = BASE + "graph/merged/"
CATALOGUE_GRAPH = BASE + "graph/catalogue"
DATASET = BASE + "id/dataset"  # the subject of the catalogue's statements
DEFAULT_GRAPH_OF = "http://www.w3.org/ns/sparql-service-description#defaultGraph"
NAMED_GRAPH_OF = "http://www.w3.org/ns/sparql-service-description#namedGraph"
EMPTY_GRAPH = BASE + "graph/empty"  # never written: names an empty part of a dataset
STAGING = BASE + "graph/staging/"
DOCUMENT_GRAPHS = BASE + "id/document/"


def staging_graph(graph: str) -> str:
    """Where a graph's new triples wait before they replace it; the same for every attempt, so a
    load run again overwrites what an interrupted one left."""
    return STAGING + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32]
