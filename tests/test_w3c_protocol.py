"""The W3C SPARQL 1.1 Protocol test suite (tests/w3c_protocol/manifest.ttl), run against the server.

Every query test must pass as written. The update tests must meet this endpoint's refusal: it is
read-only, so an update is answered 403 with a message that says so (and the tests that expect a
4xx for a malformed update get one).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from cafcass_kg.server import create_app
from cafcass_kg.server.protocol import GRAPH_TYPES, RESULT_TYPES
from cafcass_kg.store import merge_named_graphs_into_default

HERE = Path(__file__).parent / "w3c_protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")


def _manifest() -> Graph:
    return Graph().parse(HERE / "manifest.ttl", format="turtle", publicID=(HERE / "manifest.ttl").as_uri())


def _tests() -> list[tuple[str, URIRef]]:
    g = _manifest()
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    return [(str(t).rsplit("#", 1)[-1], t) for t in Collection(g, g.value(manifest, MF.entries))]


TESTS = _tests()
MANIFEST = _manifest()


def _store_for(test: URIRef) -> ox.Store:
    store = ox.Store()
    for data in MANIFEST.objects(test, UT.graphData):
        path = Path(unquote(str(MANIFEST.value(data, UT.graph)).removeprefix("file://")))
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(MANIFEST.value(data, RDFS.label))))
    merge_named_graphs_into_default(store)
    return store


def _requests(test: URIRef) -> list[dict]:
    g = MANIFEST
    action = g.value(test, MF.action)
    found = []
    for request in Collection(g, g.value(action, HT.requests)):
        headers = {}
        for header in Collection(g, g.value(request, HT.headers)) if g.value(request, HT.headers) else []:
            headers[str(g.value(header, HT.fieldName))] = str(g.value(header, HT.fieldValue))
        body = g.value(request, HT.body)
        data = None
        if body is not None:
            encoding = str(g.value(body, CNT.characterEncoding) or "UTF-8")
            data = str(g.value(body, CNT.chars)).encode(encoding)
        response = g.value(request, HT.resp)
        found.append({
            "method": str(g.value(request, HT.methodName)),
            "path": "/sparql" + str(g.value(request, HT.absolutePath)).removeprefix("/sparql/"),
            "headers": headers, "data": data,
            "statuses": {str(s).rsplit("#", 1)[-1] for s in g.objects(response, MF.expectedStatus)},
            "format": str(g.value(response, MF.expectedFormat) or ""),
            "boolean": g.value(response, MF.expectedBoolean),
        })
    return found


def _status_class(code: int) -> str:
    return f"StatusCode{code // 100}xx"


@pytest.mark.parametrize("name, test", TESTS, ids=[n for n, _ in TESTS])
def test_w3c_protocol(name, test):
    # The protocol in-process: the worker processes have tests of their own (test_server.py).
    client = create_app(_store_for(test), {"TESTING": True, "QUERY_WORKERS": 0}).test_client()
    requests = _requests(test)
    if name.startswith("update_"):
        first = requests[0]
        r = client.open(first["path"], method=first["method"], headers=first["headers"], data=first["data"])
        assert r.status_code == 403 and b"read-only" in r.data, (name, r.status_code, r.data)
        return
    for request in requests:
        headers = dict(request["headers"])
        content_type = headers.pop("content-type", None)
        r = client.open(request["path"], method=request["method"], headers=headers, data=request["data"],
                        content_type=content_type)
        assert _status_class(r.status_code) in request["statuses"], (name, r.status_code, r.data[:300])
        if request["format"] in ("boolean", "tabular"):
            results = ox.parse_query_results(r.data, format=RESULT_TYPES[r.mimetype])
            if request["format"] == "boolean":
                assert isinstance(results, ox.QueryBoolean)
                if request["boolean"] is not None:
                    assert bool(results) == request["boolean"].toPython(), name
            else:
                assert isinstance(results, ox.QuerySolutions)
        elif request["format"] == "RDF":
            list(ox.parse(r.data, format=GRAPH_TYPES[r.mimetype]))


def test_the_suite_is_complete():
    assert len(TESTS) == 34
