"""What the endpoint says about itself: a SPARQL 1.1 Service Description with a VoID description of
the dataset (triples per graph, classes and properties with their counts)."""

from __future__ import annotations

import pyoxigraph as ox

from cafcass_kg import formats

from .protocol import GRAPH_TYPES, RESULT_TYPES

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SD_PREFIXES = {"sd": SD, "void": VOID, "formats": formats.W3C_FORMATS, "xsd": "http://www.w3.org/2001/XMLSchema#"}
# The local names of the W3C's IRIs (under formats.W3C_FORMATS) for the media types the endpoint answers in.
FORMAT_IRIS = {f.media_type: f.w3c for f in formats.of_kind("results", "graph", "dataset") if f.w3c}


def describe_service(store: ox.Store, endpoint: str, descriptions: dict[str, list[ox.Triple]]) -> list[ox.Triple]:
    """The description of the endpoint at this URL, computed once into ``descriptions`` (the store
    is read-only)."""
    if endpoint not in descriptions:
        descriptions[endpoint] = _describe(store, endpoint)
    return descriptions[endpoint]


def _describe(store: ox.Store, endpoint: str) -> list[ox.Triple]:
    service, dataset, default = ox.NamedNode(endpoint), ox.NamedNode(f"{endpoint}#dataset"), ox.NamedNode(f"{endpoint}#default-graph")
    sd = lambda name: ox.NamedNode(SD + name)  # noqa: E731
    void = lambda name: ox.NamedNode(VOID + name)  # noqa: E731
    t = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, RDF_TYPE, void("Dataset")),
        ox.Triple(dataset, void("sparqlEndpoint"), service),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, sd("Graph")),
    ]
    for media_type in [*RESULT_TYPES, *GRAPH_TYPES]:
        t.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(formats.W3C_FORMATS + FORMAT_IRIS[media_type])))
    total = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"]
    t.append(ox.Triple(default, void("triples"), total))
    t.append(ox.Triple(dataset, void("triples"), total))
    for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"):
        named, graph = ox.BlankNode(), ox.BlankNode()
        t += [ox.Triple(dataset, sd("namedGraph"), named), ox.Triple(named, RDF_TYPE, sd("NamedGraph")),
              ox.Triple(named, sd("name"), row["g"]), ox.Triple(named, sd("graph"), graph),
              ox.Triple(graph, RDF_TYPE, sd("Graph")), ox.Triple(graph, void("triples"), row["n"])]
    for row in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"):
        partition = ox.BlankNode()
        t += [ox.Triple(dataset, void("classPartition"), partition), ox.Triple(partition, void("class"), row["c"]),
              ox.Triple(partition, void("entities"), row["n"])]
    for row in store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
        partition = ox.BlankNode()
        t += [ox.Triple(dataset, void("propertyPartition"), partition), ox.Triple(partition, void("property"), row["p"]),
              ox.Triple(partition, void("triples"), row["n"])]
    return t
