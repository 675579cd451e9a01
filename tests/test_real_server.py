"""The endpoint as clients use it: a real server process (waitress) on loopback, queried with
SPARQLWrapper and with rdflib's SPARQLStore."""

from __future__ import annotations

import gc

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from cafcass_kg.namespaces import CKG

from .serving import running_server

# SPARQLWrapper and rdflib's SPARQLStore leave their HTTP responses to the garbage collector.
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(autouse=True)
def collect_leaked_responses():
    """Collect the clients' unclosed responses while this module's warning filter applies."""
    yield
    gc.collect()


@pytest.fixture(scope="module")
def endpoint(corpus_graph_file, tmp_path_factory):
    log = tmp_path_factory.mktemp("served") / "server.log"
    with running_server(corpus_graph_file, log) as base:
        yield f"{base}/sparql", log


def test_sparqlwrapper_select_ask_and_construct(endpoint):
    url, log = endpoint
    client = SPARQLWrapper(url)
    client.setReturnFormat(JSON)
    client.setQuery(f"SELECT ?i WHERE {{ ?i a <{CKG.Inspection}> }}")
    rows = client.queryAndConvert()["results"]["bindings"]
    assert len(rows) == 6
    client.setQuery(f"ASK {{ ?i a <{CKG.Judgement}> }}")
    assert client.queryAndConvert()["boolean"] is True
    client.setMethod(POST)
    client.setReturnFormat(TURTLE)
    client.setQuery(f"CONSTRUCT {{ ?i a <{CKG.Inspection}> }} WHERE {{ ?i a <{CKG.Inspection}> }}")
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(graph) == 6
    logged = [line for line in log.read_text().splitlines() if " sparql " in line or line.startswith("INFO cafcass_kg.server: sparql")]
    assert any(" GET " in line and " 200 " in line and line.endswith(" ms") for line in logged), logged


def test_sparqlwrapper_update_is_refused(endpoint):
    client = SPARQLWrapper(endpoint[0])
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(Exception) as refused:
        client.query()
    assert "403" in str(refused.value) or "read-only" in str(refused.value)


def test_rdflib_sparqlstore_reads_the_graph(endpoint):
    graph = Graph(store=SPARQLStore(query_endpoint=endpoint[0], returnFormat="json"))
    inspections = set(graph.subjects(RDF.type, CKG.Inspection))
    assert len(inspections) == 6
    rows = list(graph.query(f"SELECT (COUNT(?j) AS ?n) WHERE {{ ?j a <{CKG.Judgement}> }}"))
    assert int(rows[0][0]) > 0
    assert all(isinstance(i, URIRef) for i in inspections)
