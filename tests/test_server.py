from __future__ import annotations

import pytest

from cafcass_kg.server import create_app


@pytest.fixture
def client(store):
    return create_app(store, {"TESTING": True}).test_client()


def test_select_as_json_by_default(client):
    r = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s a <https://w3id.org/cafcass-kg/def/Inspection> }"})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    assert len(r.json["results"]["bindings"]) == 6


def test_negotiation_and_format_parameter(client):
    q = {"query": "ASK { ?s ?p ?o }"}
    assert client.get("/sparql", query_string=q, headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml"}).mimetype == "application/sparql-results+xml"
    assert client.get("/sparql", query_string={**q, "format": "tsv"}).mimetype == "text/tab-separated-values"
    assert client.get("/sparql", query_string=q, headers={"Accept": "image/png"}).status_code == 406


def test_post_forms_and_direct_bodies(client):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert client.post("/sparql", data={"query": q}).status_code == 200
    assert client.post("/sparql", data=q, content_type="application/sparql-query").status_code == 200
    assert client.post("/sparql", data=q, content_type="text/plain").status_code == 415
    assert client.post("/sparql", data=b"\xff\xfe", content_type="application/sparql-query").status_code == 400


def test_client_mistakes_are_4xx(client):
    assert client.get("/sparql", query_string={"query": "SELEC"}).status_code == 400
    assert client.get("/sparql?query=ASK{}&query=ASK{}").status_code == 400
    r = client.post("/sparql", data={"update": "INSERT DATA { <a:b> <a:c> <a:d> }"})
    assert r.status_code == 403 and b"read-only" in r.data
    assert client.put("/sparql").status_code == 405


def test_query_page_lists_the_competency_queries(client):
    page = client.get("/").get_data(as_text=True)
    assert "cq01-organisation-name-formation" in page and "cq20-disagreements" in page
    assert "http://" not in page.split("<script")[0].replace("http://www.w3.org", "")
