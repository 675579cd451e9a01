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


# ---- validation over HTTP -------------------------------------------------------------------------

def test_validate_the_served_graph_in_each_format(client):
    r = client.get("/validate", headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert r.json["conforms"] is True and r.json["documents"] == 5 and r.json["warnings"] == 1
    page = client.get("/validate", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.mimetype == "text/html" and b"The graph conforms" in page.data
    assert client.get("/validate?format=turtle").mimetype == "text/turtle"
    assert client.get("/validate?format=text").data.startswith(b"The graph conforms")
    assert client.get("/validate?format=pdf").status_code == 406
    assert client.get("/validate", headers={"Accept": "image/png"}).status_code == 406


BROKEN = b"""
@prefix ckg: <https://w3id.org/cafcass-kg/def/> .
<https://example.org/j> a ckg:Judgement ; ckg:gradeLabel "good" .
"""


def test_validate_a_posted_graph(client):
    r = client.post("/validate?format=json", data=BROKEN, content_type="text/turtle")
    assert r.status_code == 200 and r.json["conforms"] is False
    focus = {(x["focus"], x["path"]) for x in r.json["results"] if x["severity"] == "Violation"}
    assert ("https://example.org/j", "ckg:grade") in focus and ("https://example.org/j", "ckg:inspection") in focus


def test_validate_a_graph_uploaded_with_a_form(client):
    from io import BytesIO

    r = client.post("/validate?format=json", data={"graph": (BytesIO(BROKEN), "mine.ttl")}, content_type="multipart/form-data")
    assert r.status_code == 200 and r.json["conforms"] is False


def test_posting_bad_rdf_is_a_4xx_with_a_reason(client):
    r = client.post("/validate", data=b"<a> <b> .", content_type="text/turtle")
    assert r.status_code == 400 and b"not valid turtle" in r.data
    assert client.post("/validate", data=b"x", content_type="application/pdf").status_code == 415
    assert client.post("/validate", data=b"\xff\xfe", content_type="text/turtle").status_code == 400
    from io import BytesIO

    r = client.post("/validate", data={"graph": (BytesIO(b"x"), "notes.docx")}, content_type="multipart/form-data")
    assert r.status_code == 415 and b"notes.docx" in r.data


def test_posting_too_large_a_graph_is_413(store):
    small = create_app(store, {"TESTING": True, "MAX_CONTENT_LENGTH": 100}).test_client()
    assert small.post("/validate", data=BROKEN * 10, content_type="text/turtle").status_code == 413
