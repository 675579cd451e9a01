from __future__ import annotations

import csv
import io
import os
import time

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from cafcass_kg.resources import query_files
from cafcass_kg.server import create_app


@pytest.fixture(scope="module")
def client(store):
    """One app for the module: its query workers are started once."""
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


def test_query_page_lists_the_competency_queries_and_loads_nothing_from_outside(client):
    import re

    page = client.get("/query").get_data(as_text=True)
    # examples are named by the question they answer, not by their file
    assert "9. Which inspections are reported" in page and "cq09-inspections" not in page
    assert page.count("<option value=") == 1 + len(list(query_files()))
    # Every script and style sheet comes from this server, and they are there.
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for source in sources:
        with client.get(source) as r:
            assert r.status_code == 200 and len(r.data) > 10_000
    # The editor starts with the ontology's prefixes and is pointed at this endpoint.
    assert "PREFIX ckg: <https://w3id.org/cafcass-kg/def/>" in page.replace("\\u003c", "<").replace("\\u003e", ">")
    assert '"http://localhost/sparql"' in page


# ---- validation over HTTP -------------------------------------------------------------------------

def test_validate_the_served_graph_in_each_format(client):
    r = client.get("/validate", headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert r.json["conforms"] is True and r.json["documents"] == 5 and r.json["warnings"] == 1
    page = client.get("/validate", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.mimetype == "text/html" and b"The graph conforms" in page.data
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"  # one charset parameter, not two
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


# ---- protocol: datasets, safety, descriptions ---------------------------------------------------------

DOCUMENT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d <https://w3id.org/cafcass-kg/def/sourceFile> ?f } }"


def test_named_graph_uri_limits_the_graphs_a_query_sees(client):
    all_graphs = client.get("/sparql", query_string={"query": DOCUMENT_GRAPHS}).json
    assert all_graphs["results"]["bindings"][0]["n"]["value"] == "5"
    one = client.get("/sparql", query_string={"query": "SELECT ?g WHERE { GRAPH ?g { ?d <https://w3id.org/cafcass-kg/def/sourceFile> ?f } }"}).json
    chosen = one["results"]["bindings"][0]["g"]["value"]
    r = client.get("/sparql", query_string={"query": DOCUMENT_GRAPHS, "named-graph-uri": chosen})
    assert r.json["results"]["bindings"][0]["n"]["value"] == "1"
    # With only named graphs given, the default graph is empty (SPARQL 1.1 Protocol 2.1.4).
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "named-graph-uri": chosen})
    assert r.json["boolean"] is False
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "default-graph-uri": chosen})
    assert r.json["boolean"] is True


def test_service_calls_are_refused_unless_allowed(store):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    closed = create_app(store, {"TESTING": True}).test_client()
    r = closed.get("/sparql", query_string={"query": query})
    assert r.status_code == 403 and b"SERVICE <http://127.0.0.1:9/sparql> is refused" in r.data
    prefixed = "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE SILENT x:sparql { ?s ?p ?o } }"
    assert closed.get("/sparql", query_string={"query": prefixed}).status_code == 403
    assert closed.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }"}).status_code == 403
    # The word inside a string or a comment is not a SERVICE call.
    harmless = 'SELECT * WHERE { BIND ("SERVICE <http://x/>" AS ?s) } # SERVICE <http://y/>'
    assert closed.get("/sparql", query_string={"query": harmless}).status_code == 200
    opened = create_app(store, {"TESTING": True, "SERVICE_ALLOW": ["http://127.0.0.1:9/"]}).test_client()
    r = opened.get("/sparql", query_string={"query": query})
    # Allowed: the call is made, and fails here (nothing listens there) with a 400 that says why.
    assert r.status_code == 400 and b"the query failed" in r.data


def test_construct_in_every_graph_format(client):
    q = {"query": "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"}
    for media_type in ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "application/trig"):
        r = client.get("/sparql", query_string=q, headers={"Accept": media_type})
        assert r.status_code == 200 and r.mimetype == media_type
        assert len(list(ox.parse(r.data, format=ox.RdfFormat.from_media_type(media_type)))) == 5


def test_the_endpoint_describes_itself_and_its_data(client, store):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = Graph().parse(data=r.data, format="turtle")
    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
    VOID = Namespace("http://rdfs.org/ns/void#")
    service = next(g.subjects(RDF.type, SD.Service))
    assert str(service).endswith("/sparql")
    assert (service, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g
    named = list(g.objects(None, SD.namedGraph))
    assert len(named) == len({q.graph_name for q in store.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)})
    classes = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in g.objects(None, VOID.classPartition)}
    assert classes[URIRef("https://w3id.org/cafcass-kg/def/Inspection")] == 6
    assert client.get("/sparql", headers={"Accept": "text/html"}).status_code == 303


def test_each_query_is_logged_with_its_status_and_duration(client, caplog):
    import logging

    with caplog.at_level(logging.INFO, logger="cafcass_kg.server"):
        client.get("/sparql", query_string={"query": "ASK {}"})
        client.get("/sparql", query_string={"query": "ASK {"})
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("sparql ")]
    assert len(lines) == 2 and " 200 " in lines[0] and " 400 " in lines[1] and lines[1].endswith(" ms")


# ---- limits: a time limit that stops the work, a row limit the response states ---------------------------

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_query_over_the_time_limit_is_stopped_and_answered_503(store):
    app = create_app(store, {"TESTING": True, "QUERY_TIMEOUT": 1, "QUERY_WORKERS": 1})
    client = app.test_client()
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    workers = app.extensions["cafcass_kg"]["runner"].pids()
    started = time.monotonic()
    r = client.get("/sparql", query_string={"query": ENDLESS})
    assert r.status_code == 503 and b"longer than the 1 s limit" in r.data
    assert time.monotonic() - started < 10
    for pid in workers:  # the work stopped: the worker that ran it no longer exists
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    # The worker that ran it is gone, and a new one answers the next query.
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.json["boolean"] is True
    assert app.extensions["cafcass_kg"]["runner"].pids().isdisjoint(workers)


def test_the_row_limit_is_applied_and_stated(store):
    client = create_app(store, {"TESTING": True, "ROW_LIMIT": 7}).test_client()
    for fmt, count in (("json", lambda r: len(r.json["results"]["bindings"])), ("csv", lambda r: len(list(csv.reader(io.StringIO(r.data.decode())))) - 1),
                       ("tsv", lambda r: len(r.data.splitlines()) - 1), ("xml", lambda r: r.data.count(b"<result>"))):
        r = client.get("/sparql", query_string={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "format": fmt})
        assert r.status_code == 200 and count(r) == 7, fmt
        assert r.headers["Result-Rows"] == "7" and "limit of 7 rows" in r.headers["Result-Rows-Capped"]
    r = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert len(r.data.splitlines()) == 7 and "Result-Rows-Capped" in r.headers
    small = client.get("/sparql", query_string={"query": "SELECT ?i WHERE { ?i a <https://w3id.org/cafcass-kg/def/Inspection> }"})
    assert small.headers["Result-Rows"] == "6" and "Result-Rows-Capped" not in small.headers


def test_results_written_by_the_row_limited_path_keep_every_kind_of_term(store):
    client = create_app(store, {"TESTING": True}).test_client()
    q = ('SELECT ?iri ?plain ?lang ?typed ?b WHERE { BIND (<http://example.org/x> AS ?iri) BIND ("p" AS ?plain) '
         'BIND ("l"@en AS ?lang) BIND (3 AS ?typed) BIND (BNODE() AS ?b) }')
    row = client.get("/sparql", query_string={"query": q}).json["results"]["bindings"][0]
    assert row["iri"] == {"type": "uri", "value": "http://example.org/x"}
    assert row["plain"] == {"type": "literal", "value": "p"}
    assert row["lang"] == {"type": "literal", "value": "l", "xml:lang": "en"}
    assert row["typed"] == {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert row["b"]["type"] == "bnode"


def test_a_query_nested_too_deeply_is_refused_before_it_is_parsed(client):
    deep = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o " + "} " * 5000
    r = client.post("/sparql", data={"query": deep})
    assert r.status_code == 400 and b"nested 5000 levels deep" in r.data
    # Braces inside a string do not count.
    assert client.get("/sparql", query_string={"query": 'ASK { FILTER ("' + "{" * 500 + '" != "") }'}).status_code == 200


def test_a_worker_that_dies_is_replaced(store):
    app = create_app(store, {"TESTING": True, "QUERY_WORKERS": 1, "MAX_NESTING": 100_000})
    client = app.test_client()
    deep = "SELECT * WHERE " + "{ " * 50_000 + "?s ?p ?o " + "} " * 50_000
    r = client.post("/sparql", data={"query": deep})
    assert r.status_code == 503 and b"stopped unexpectedly" in r.data
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_an_unknown_prefix_is_answered_with_the_prefix_line_to_add(client):
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s a ckg:Inspection }"})
    assert r.status_code == 400
    assert "PREFIX ckg: <https://w3id.org/cafcass-kg/def/>" in r.get_data(as_text=True)
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE {\n ?s ?p ?o .\n FILTER(?o = ) }"})
    assert r.status_code == 400 and "line 3, column" in r.get_data(as_text=True) and "^" in r.get_data(as_text=True)


def test_the_home_page_is_an_overview_of_what_the_graph_knows(client):
    import re

    page = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    counts = dict((name, int(n)) for n, name in re.findall(r"<b>(\d+)</b>([a-z ]+)", page))
    assert counts["documents"] == 5 and counts["service areas"] >= 5 and counts["graded judgements"] > 20
    assert "Anthony Douglas" in page and "Department for Education" in page
    areas = page[page.index('id="areas"'):page.index("</table>", page.index('id="areas"'))]
    assert "Coventry, Warwickshire and Northamptonshire" in areas and 'href="/id/' in areas
    assert '<span class="badge inadequate">inadequate</span>' in areas  # Birmingham's overall grade, coloured
    assert 'href="/query"' in page  # the editor is one click away


def test_a_browser_asking_for_the_endpoint_lands_on_the_query_page(client):
    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/query")


def test_each_validation_result_links_to_its_resource_and_its_passages(client):
    import re

    page = client.get("/validate", headers={"Accept": "text/html"}).get_data(as_text=True)
    resources = re.findall(r'<dt>resource</dt><dd><a href="([^"]+)"', page)
    passages = re.findall(r'<dt>evidence</dt><dd><a href="([^"]+)"', page)
    assert resources and passages and all(link.startswith("/") for link in resources + passages)
    document, anchor = passages[0].split("#")
    assert f'id="{anchor}"' in client.get(document).get_data(as_text=True)  # the passage, marked in its document


# ---- the dataset a request names ---------------------------------------------------------------------

@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("bad", ["not an iri", "no-scheme"])
def test_a_dataset_parameter_that_is_not_an_iri_is_400_naming_it(client, parameter, bad):
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    answers = [
        client.get("/sparql", query_string={"query": query, parameter: bad}),
        client.post("/sparql", data={"query": query, parameter: bad}),
        client.post("/sparql", query_string={parameter: bad}, data=query, content_type="application/sparql-query"),
    ]
    for r in answers:
        assert r.status_code == 400, r.data
        assert f"{parameter} '{bad}' is not an IRI" in r.get_data(as_text=True)


def test_a_misspelt_query_form_is_400_naming_the_forms(client):
    r = client.get("/sparql", query_string={"query": "PREFIX ckg: <https://w3id.org/cafcass-kg/def/>\nSELEC * WHERE {}"})
    text = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "must start with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX and BASE lines), not 'SELEC'" in text
    assert "line 2, column 1" in text and "expected CONSTRUCT" not in text


# ---- the neighbourhood of a term of the ontology or a vocabulary -------------------------------------

def _neighbourhood(client, page_path: str) -> list[dict]:
    """The nodes the neighbourhood frame of a page draws, by the address the page gives its frame."""
    import html
    import json
    import re

    page = client.get(page_path, headers={"Accept": "text/html"}).get_data(as_text=True)
    frame = re.search(r'<iframe id="neighbourhood"[^>]*?src="([^"]+)"', page, re.S)
    assert frame, f"{page_path} has no neighbourhood frame"
    r = client.get(html.unescape(frame.group(1)))
    assert r.status_code == 200, r.get_data(as_text=True)
    drawn = r.get_data(as_text=True).split('<script id="elements" type="application/json">')[1].split("</script>")[0]
    return [n["data"] for n in json.loads(drawn)["nodes"]]


def test_a_class_page_draws_the_class_with_what_is_typed_by_it(client, store):
    nodes = _neighbourhood(client, "/def/Inspection")
    inspections = {r["i"].value for r in store.query("SELECT DISTINCT ?i WHERE { ?i a <https://w3id.org/cafcass-kg/def/Inspection> }")}
    drawn = {n["id"] for n in nodes}
    assert "https://w3id.org/cafcass-kg/def/Inspection" in drawn
    assert len(inspections) == 6 and inspections <= drawn
    assert "https://w3id.org/cafcass-kg/def/inspection" in drawn  # a property whose range it is


def test_a_concept_scheme_page_draws_the_scheme_with_its_concepts(client, store):
    scheme = "https://w3id.org/cafcass-kg/id/scheme/evaluation-area"
    nodes = _neighbourhood(client, "/id/scheme/evaluation-area")
    concepts = {r["c"].value for r in store.query(
        f"SELECT DISTINCT ?c WHERE {{ ?c <http://www.w3.org/2004/02/skos/core#inScheme> <{scheme}> }}")}
    assert len(concepts) > 10 and concepts | {scheme} <= {n["id"] for n in nodes}


def test_the_document_graphs_view_leaves_the_vocabulary_layer_out(client):
    r = client.get("/export", query_string={"format": "json"})
    nodes = {n["id"]: n for n in r.json["nodes"]}
    assert "https://w3id.org/cafcass-kg/def/Inspection" not in nodes and "https://w3id.org/cafcass-kg/id/scheme/evaluation-area" not in nodes
    assert not any("layer" in n for n in nodes.values()) and not any(e["key"] == "rdf:type" for e in r.json["links"])


# ---- labels and the icon ------------------------------------------------------------------------------

def _title(client, path: str) -> str:
    import re

    page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    return re.search(r"<title>(.*?) · cafcass-kg</title>", page, re.S).group(1).strip()


def test_the_children_act_page_is_titled_with_its_year(client):
    assert _title(client, "/resource?iri=http://www.legislation.gov.uk/id/ukpga/1989/41") == "Children Act 1989"


def test_a_page_is_titled_by_the_preferred_then_the_longest_label():
    skos, rdfs, foaf = "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/2000/01/rdf-schema#", "http://xmlns.com/foaf/0.1/"
    data = f"""
        <https://example.org/scheme> <{rdfs}label> "a label" ; <{skos}prefLabel> "The preferred name"@en ;
            <{skos}altLabel> "A much longer alternative name, never shown" .
        <https://example.org/person> <{foaf}name> "Jo" , "Joanna Pemberton" ; <{skos}altLabel> "Joanna Pemberton-Smythe OBE" .
        <https://example.org/region> <{rdfs}label> "Région du nord"@fr , "North"@en , "Northern region of the country"@fr .
    """
    store = ox.Store()
    store.load(data.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    client = create_app(store, {"TESTING": True, "QUERY_WORKERS": 0}).test_client()
    assert _title(client, "/resource?iri=https://example.org/scheme") == "The preferred name"
    assert _title(client, "/resource?iri=https://example.org/person") == "Joanna Pemberton"
    assert _title(client, "/resource?iri=https://example.org/region") == "North"


def test_the_site_has_an_icon(client):
    from xml.etree import ElementTree

    with client.get("/favicon.ico") as icon:  # a file sent is closed with its response
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
        svg = icon.data
    assert ElementTree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    page = client.get("/id/organisation/cafcass", headers={"Accept": "text/html"}).get_data(as_text=True)
    head = page.split("</head>")[0]
    linked = head.split('<link rel="icon" href="')[1].split('"')[0]
    with client.get(linked) as r:
        assert r.status_code == 200 and r.data == svg
