"""How answers travel: CORS for scripts on other sites, compression by Accept-Encoding, and the
validators (ETag, Last-Modified) that let a client or a cache revalidate and get 304."""

from __future__ import annotations

import gzip
import json
import time
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

import brotli
import pytest
from click.testing import CliRunner
from flask import Response

from cafcass_kg.cli import main
from cafcass_kg.errors import UsageError
from cafcass_kg.server import create_app
from cafcass_kg.server.delivery import build_info, content_coding
from cafcass_kg.store import load_store

CAFCASS = "/id/organisation/cafcass"
ACT = "/resource?iri=http://www.legislation.gov.uk/id/ukpga/1989/41/section/1/3"
EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"
# Every kind of answer a client may revalidate or read from another site.
READ_PATHS = ["/", CAFCASS, ACT, "/def/", f"/sparql?query={EVERYTHING} LIMIT 3", "/export?format=json", "/query",
              "/download/", "/.well-known/void"]


@pytest.fixture(scope="module")
def app(store):
    return create_app(store, {"TESTING": True, "QUERY_WORKERS": 0})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def decoded(data: bytes, coding: str | None) -> bytes:
    """The body as it was before the coding named by Content-Encoding."""
    return {"gzip": gzip.decompress, "br": brotli.decompress}[coding](data) if coding else data


# --- CORS ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [CAFCASS, ACT, "/def/", f"/sparql?query={EVERYTHING} LIMIT 3", "/export?format=json",
                                  "/download/", "/.well-known/void"])
def test_a_script_on_any_site_may_read_the_data_and_the_headers_it_needs(client, path):
    r = client.get(path, headers={"Origin": "https://elsewhere.example", "Accept": "text/turtle, application/sparql-results+json"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip() for h in r.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Link", "Content-Disposition", "Result-Rows"} <= exposed


def test_a_preflight_for_a_posted_query_names_the_methods_and_headers_allowed(client):
    r = client.options("/sparql", headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "Content-Type, Accept"})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
    assert {"GET", "HEAD", "POST"} <= {m.strip() for m in r.headers["Access-Control-Allow-Methods"].split(",")}
    assert {h.strip().lower() for h in r.headers["Access-Control-Allow-Headers"].split(",")} == {"content-type", "accept"}
    assert r.headers["Access-Control-Max-Age"] == "600"


def test_a_resource_description_is_read_only_across_sites(client):
    r = client.options(CAFCASS, headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"})
    assert {m.strip() for m in r.headers["Access-Control-Allow-Methods"].split(",")} == {"GET", "HEAD", "OPTIONS"}
    put = client.options(CAFCASS, headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "PUT"})
    assert "Access-Control-Allow-Methods" not in put.headers


def test_an_update_from_another_site_is_still_refused_and_the_script_may_read_why(client):
    r = client.post("/sparql", data="INSERT DATA { <a:b> <a:c> <a:d> }", content_type="application/sparql-update",
                    headers={"Origin": "https://elsewhere.example"})
    assert r.status_code == 403 and b"read-only" in r.data
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_a_dump_keeps_its_own_validators_and_ranges_and_is_not_compressed_again(client):
    import re

    listing = client.get("/download/").get_data(as_text=True)
    dump = next(p for p in re.findall(r'href="(/download/[^"]+)"', listing) if p.endswith(".gz"))
    # a file's answer is closed once read (the test client leaves that to the caller)
    with client.get(dump, headers={"Origin": "https://elsewhere.example", "Accept-Encoding": "gzip, br"}) as r:
        assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
        assert "Content-Encoding" not in r.headers  # gzip already: a second coding would gain nothing
        whole = r.get_data()
    assert gzip.decompress(whole)
    with client.get(dump, headers={"If-None-Match": r.headers["ETag"]}) as again:
        assert again.status_code == 304
    with client.get(dump, headers={"Range": "bytes=0-9", "Accept-Encoding": "br"}) as part:
        assert part.status_code == 206 and part.get_data() == whole[:10] and "Content-Encoding" not in part.headers


def test_what_is_not_data_is_not_shared_with_other_sites(client):
    for path in ("/health", "/query", "/"):
        assert "Access-Control-Allow-Origin" not in client.get(path, headers={"Origin": "https://elsewhere.example"}).headers


def test_the_origins_allowed_are_a_setting(store):
    client = create_app(store, {"CORS_ORIGINS": ["https://allowed.example"], "QUERY_WORKERS": 0}).test_client()
    allowed = client.get(CAFCASS, headers={"Origin": "https://allowed.example", "Accept": "text/turtle"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://allowed.example"
    assert "Origin" in allowed.headers["Vary"]  # a cache must not give one site's answer to another
    refused = client.get(CAFCASS, headers={"Origin": "https://other.example", "Accept": "text/turtle"})
    assert refused.status_code == 200 and "Access-Control-Allow-Origin" not in refused.headers


@pytest.mark.parametrize("value", ['["https://a.example", "https://b.example"]', "https://a.example, https://b.example"])
def test_the_origins_come_from_the_environment_too(store, monkeypatch, value):
    monkeypatch.setenv("CAFCASS_KG_CORS_ORIGINS", value)
    client = create_app(store, {"QUERY_WORKERS": 0}).test_client()
    for origin in ("https://a.example", "https://b.example"):
        assert client.get(CAFCASS, headers={"Origin": origin}).headers["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Origin" not in client.get(CAFCASS, headers={"Origin": "https://c.example"}).headers


# --- compression ---------------------------------------------------------------------------------

@pytest.mark.parametrize("coding", ["gzip", "br"])
@pytest.mark.parametrize("path, accept", [("/", "text/html"), (CAFCASS, "text/turtle"), (CAFCASS, "application/ld+json"),
                                          (f"/sparql?query={EVERYTHING}", "application/sparql-results+json"),
                                          (f"/sparql?query={EVERYTHING}", "text/csv")])
def test_pages_results_and_rdf_are_compressed_for_a_client_that_takes_it(client, coding, path, accept):
    plain = client.get(path, headers={"Accept": accept})
    packed = client.get(path, headers={"Accept": accept, "Accept-Encoding": f"{coding}, identity;q=0.5"})
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == coding
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert "Content-Encoding" not in plain.headers
    assert decoded(packed.get_data(), coding) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    assert int(packed.headers["Content-Length"]) == len(packed.get_data())


def test_a_small_answer_is_left_as_it_is(client):
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers={"Accept-Encoding": "gzip, br"})
    assert r.status_code == 200 and len(r.get_data()) < 500
    assert "Content-Encoding" not in r.headers and "Accept-Encoding" in r.headers["Vary"]


@pytest.mark.parametrize("header, coding", [
    ("gzip, br", "br"), ("gzip", "gzip"), ("br;q=0.5, gzip", "gzip"), ("*", "br"),
    ("gzip;q=0", None),  # refused: the library alone would send gzip
    ("*;q=0.5, gzip;q=0", "br"), ("br;q=0, gzip;q=0", None), ("*;q=0", None), ("identity;q=0", None),
    ("gzip;q=0.5, identity", None), ("gzip;q=abc", None), ("deflate, compress", None), ("", None), (None, None),
    ("GZIP ; q=0.8", "gzip"), (",,;q=,", None), ("br;q=2", None),
])
def test_the_coding_is_chosen_by_rfc_9110(header, coding):
    assert content_coding(header, ["br", "gzip"]) == coding


@pytest.mark.parametrize("header", ["*;q=0", "gzip;q=0", "identity;q=0", "gzip;q=abc"])
def test_when_no_coding_is_acceptable_the_answer_comes_without_one(client, header):
    # RFC 9110 section 12.5.3: answer without a coding rather than 406 (a client that refuses even
    # identity gets the one form there is).
    r = client.get("/", headers={"Accept-Encoding": header})
    assert r.status_code == 200 and "Content-Encoding" not in r.headers and b"<html" in r.data


def streamed_app(store, chunks: int = 200):
    """The application with one more view answering a large body as a stream (as a dump would)."""
    app = create_app(store, {"QUERY_WORKERS": 0})

    @app.get("/streamed")
    def streamed() -> Response:
        def lines():
            for n in range(chunks):
                yield "".join(f"<https://example.org/s{n}-{i}> <https://example.org/p> \"{n * i}\" .\n" for i in range(200))
        return Response(lines(), mimetype="application/n-triples")

    return app


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_streamed_answer_is_compressed_as_a_stream(store, coding):
    client = streamed_app(store).test_client()
    plain = client.get("/streamed")
    r = client.get("/streamed", headers={"Accept-Encoding": coding}, buffered=False)
    assert r.is_streamed and "Content-Length" not in r.headers and r.headers["Content-Encoding"] == coding
    pieces = list(r.response)
    r.close()
    assert len(pieces) > 1  # sent as it is made, not gathered first
    assert decoded(b"".join(pieces), coding) == plain.get_data()
    assert r.headers["ETag"].startswith('W/"')


# --- validators and 304 --------------------------------------------------------------------------

@pytest.mark.parametrize("path", READ_PATHS)
def test_every_read_has_validators_and_a_cache_policy(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["ETag"].startswith('W/"')
    assert parsedate_to_datetime(r.headers["Last-Modified"]) <= datetime.now(UTC)
    assert r.headers["Cache-Control"] == "public, max-age=300"
    assert "Accept" in {v.strip() for v in r.headers["Vary"].split(",")}
    again = client.get(path, headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == r.headers["ETag"]
    assert client.get(path, headers={"If-Modified-Since": r.headers["Last-Modified"]}).status_code == 304


def test_if_none_match_uses_weak_comparison_lists_and_star(client):
    tag = client.get(CAFCASS).headers["ETag"]
    opaque = tag[2:]  # the same tag written strong
    for header in (tag, opaque, f'"other", {tag}', f'W/"other" , {opaque}', "*"):
        assert client.get(CAFCASS, headers={"If-None-Match": header}).status_code == 304, header
    for header in ('"other"', 'W/"other", "another"'):
        assert client.get(CAFCASS, headers={"If-None-Match": header}).status_code == 200, header


def test_if_modified_since_before_the_build_gets_the_answer(client):
    modified = parsedate_to_datetime(client.get(CAFCASS).headers["Last-Modified"])
    earlier = format_datetime(datetime.fromtimestamp(modified.timestamp() - 1, UTC), usegmt=True)
    later = format_datetime(datetime.fromtimestamp(modified.timestamp() + 3600, UTC), usegmt=True)
    assert client.get(CAFCASS, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(CAFCASS, headers={"If-Modified-Since": later}).status_code == 304
    # If-None-Match decides when both are sent (RFC 9110 section 13.2.2)
    assert client.get(CAFCASS, headers={"If-Modified-Since": later, "If-None-Match": '"other"'}).status_code == 200


def test_the_tag_follows_the_negotiated_type_and_the_request(client):
    tags = {accept: client.get(CAFCASS, headers={"Accept": accept}).headers["ETag"]
            for accept in ("text/html", "text/turtle", "application/ld+json")}
    assert len(set(tags.values())) == 3
    # an Accept negotiating the same type gets the same tag; the Turtle tag does not revalidate HTML
    assert client.get(CAFCASS, headers={"Accept": "text/turtle;q=0.9, text/plain;q=0.1"}).headers["ETag"] == tags["text/turtle"]
    assert client.get(CAFCASS, headers={"Accept": "text/html", "If-None-Match": tags["text/turtle"]}).status_code == 200
    query = {"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"}
    as_json = client.get("/sparql", query_string=query).headers["ETag"]
    as_xml = client.get("/sparql", query_string=query, headers={"Accept": "application/sparql-results+xml"}).headers["ETag"]
    other = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 6"}).headers["ETag"]
    assert len({as_json, as_xml, other}) == 3
    # compression does not change the tag: the codings of one representation mean the same
    assert client.get(CAFCASS, headers={"Accept": "text/turtle", "Accept-Encoding": "br"}).headers["ETag"] == tags["text/turtle"]


def test_a_conditional_repeat_is_answered_304_without_running_the_view(store):
    app = create_app(store, {"TESTING": True, "QUERY_WORKERS": 0})
    runs: list[str] = []
    page = app.view_functions["pages.local"]
    app.view_functions["pages.local"] = lambda **kw: (runs.append(kw["rest"]), page(**kw))[1]
    client = app.test_client()
    first = client.get("/id/organisation/cafcass", headers={"Accept": "text/html"})
    assert first.status_code == 200 and runs == ["organisation/cafcass"]
    again = client.get("/id/organisation/cafcass", headers={"Accept": "text/html", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"] and runs == ["organisation/cafcass"]
    # another type asked for with the same tag: the view runs, and the answer is the other type's
    turtle = client.get("/id/organisation/cafcass", headers={"Accept": "text/turtle", "If-None-Match": first.headers["ETag"]})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle" and len(runs) == 2
    # a tag the client holds of no answer of this build: the view runs and answers in full
    stale = client.get("/id/organisation/cafcass", headers={"Accept": "text/html", "If-None-Match": 'W/"0123"'})
    assert stale.status_code == 200 and len(runs) == 3


def test_head_has_the_validators_of_get(client):
    get, head = client.get(CAFCASS), client.head(CAFCASS)
    assert head.status_code == 200 and head.headers["ETag"] == get.headers["ETag"]
    assert client.head(CAFCASS, headers={"If-None-Match": get.headers["ETag"]}).status_code == 304


def test_errors_posts_and_the_health_check_get_no_validators(client):
    answers = [client.get("/id/organisation/nobody"), client.get("/sparql", query_string={"query": "SELEC"}),
               client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}), client.get("/health"),
               client.get("/resource?iri=not%20an%20iri")]
    for r in answers:
        assert "ETag" not in r.headers and "Last-Modified" not in r.headers and "Cache-Control" not in r.headers
    post = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers={"If-None-Match": "*"})
    assert post.status_code == 200 and post.is_json


def test_the_cache_policy_is_a_setting(store):
    client = create_app(store, {"CACHE_CONTROL": "no-cache", "QUERY_WORKERS": 0}).test_client()
    r = client.get(CAFCASS)
    assert r.headers["Cache-Control"] == "no-cache" and r.headers["ETag"]


def test_a_graph_built_in_memory_is_identified_by_its_application(store):
    first, second = (create_app(store, {"QUERY_WORKERS": 0}).test_client() for _ in range(2))
    tag = first.get(CAFCASS).headers["ETag"]
    assert second.get(CAFCASS).headers["ETag"] != tag
    assert second.get(CAFCASS, headers={"If-None-Match": tag}).status_code == 200


def test_the_build_can_be_named_by_the_operator(store):
    settings = {"BUILD_IDENTITY": "release-7", "BUILD_TIME": "2024-05-01T12:00:00Z", "QUERY_WORKERS": 0}
    first, second = (create_app(store, settings).test_client() for _ in range(2))
    r = first.get(CAFCASS)
    assert r.headers["ETag"] == second.get(CAFCASS).headers["ETag"]
    assert r.headers["Last-Modified"] == "Wed, 01 May 2024 12:00:00 GMT"
    # a setting that changes what answers say changes the tags
    fewer = create_app(store, {**settings, "ROW_LIMIT": 5}).test_client()
    assert fewer.get(CAFCASS).headers["ETag"] != r.headers["ETag"]
    with pytest.raises(UsageError, match="BUILD_TIME 'yesterday' is not a date"):
        create_app(store, {"BUILD_TIME": "yesterday"})


def test_answers_that_may_change_under_the_server_get_no_validators(store):
    from cafcass_kg.store.remote import RemoteStore, StoreSettings

    # a remote store may be reloaded while the server runs: validators only once its build is named
    remote = RemoteStore(StoreSettings("http://127.0.0.1:9/sparql"))
    assert "ETag" not in create_app(remote).test_client().get("/query").headers
    assert create_app(remote, {"BUILD_IDENTITY": "load-3"}).test_client().get("/query").headers["ETag"]
    # results of a query may come from a SERVICE the operator allows, whose data is not this build's
    client = create_app(store, {"SERVICE_ALLOW": ["https://query.example/"], "QUERY_WORKERS": 0}).test_client()
    assert "ETag" not in client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).headers
    assert client.get(CAFCASS).headers["ETag"]


def test_a_rebuilt_store_folder_has_new_tags_and_a_later_date(tmp_path):
    folder = tmp_path / "kg.oxigraph"

    def built_and_served() -> tuple[str, str, str]:
        result = CliRunner().invoke(main, ["build", "-q", "--no-validate", "-o", str(folder)])
        assert result.exit_code == 0, result.output
        served = [create_app(load_store(folder), {"GRAPH_PATH": folder, "QUERY_WORKERS": 0}).test_client() for _ in range(2)]
        tags = {c.get(CAFCASS).headers["ETag"] for c in served}
        assert len(tags) == 1  # served again (a restart), the same build keeps its tags
        return tags.pop(), served[0].get(CAFCASS).headers["Last-Modified"], build_info(served[0].application).identity

    tag, modified, identity = built_and_served()
    time.sleep(1.1)  # Last-Modified counts whole seconds
    new_tag, new_modified, new_identity = built_and_served()
    assert new_tag != tag and new_identity != identity
    assert parsedate_to_datetime(new_modified) > parsedate_to_datetime(modified)
    client = create_app(load_store(folder), {"GRAPH_PATH": str(folder), "QUERY_WORKERS": 0}).test_client()
    assert client.get(CAFCASS, headers={"If-None-Match": tag}).status_code == 200
    assert client.get(CAFCASS, headers={"If-None-Match": new_tag}).status_code == 304


# --- odd requests --------------------------------------------------------------------------------

ODD_HEADERS = [
    {"If-None-Match": "garbage"}, {"If-None-Match": 'W/"unclosed'}, {"If-None-Match": ",,,"}, {"If-None-Match": "W/"},
    {"If-Modified-Since": "garbage"}, {"If-Modified-Since": "Thu, 99 Foo 20000 99:99:99 GMT"},
    {"If-Match": "garbage"}, {"If-Unmodified-Since": "garbage"}, {"If-Range": "garbage", "Range": "bytes=0-10"},
    {"Accept-Encoding": "*;q=0"}, {"Accept-Encoding": "gzip;q=abc"}, {"Accept-Encoding": ";;;=="},
    {"Range": "bytes=0-10"}, {"Range": "bytes=abc"}, {"Range": "lines=1-2"}, {"Range": "bytes=99999999-"},
    {"Origin": "null"}, {"Origin": "null", "Access-Control-Request-Method": "POST"}, {"Origin": ""},
    {"Accept": "*/*;q=abc"},
]


@pytest.mark.parametrize("headers", ODD_HEADERS, ids=lambda h: "|".join(f"{k}:{v}" for k, v in h.items()))
def test_odd_headers_never_cause_a_server_error(client, headers):
    for path in [*READ_PATHS, "/health", "/static/yasgui/yasgui.min.css"]:
        with client.get(path, headers=headers) as r:
            assert r.status_code < 500, (path, r.status_code, r.get_data()[:200])
            if path != "/static/yasgui/yasgui.min.css":  # a file may honour a range; the views ignore it
                assert r.status_code in (200, 304, 412) and "Content-Range" not in r.headers
    r = client.options("/sparql", headers=headers)
    assert r.status_code < 500


def test_a_range_is_ignored_and_the_whole_answer_sent(client):
    whole = client.get(CAFCASS, headers={"Accept": "text/turtle"}).get_data()
    r = client.get(CAFCASS, headers={"Accept": "text/turtle", "Range": "bytes=0-10"})
    assert r.status_code == 200 and r.get_data() == whole


def test_an_origin_of_null_reads_public_data(client):
    r = client.get(f"/sparql?query={EVERYTHING} LIMIT 1", headers={"Origin": "null"})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
    assert json.loads(r.data)["results"]["bindings"]


# --- over a real server --------------------------------------------------------------------------

# A server process with one more view: a large answer made as a stream, which stops half way until
# the client has said (by creating a file) that bytes have reached it.
STREAMING_SERVER = """
import pathlib, sys, time
from flask import Response
from waitress import serve
from cafcass_kg.server import create_app
from cafcass_kg.store import load_store

graph, port, gate = sys.argv[1:]
app = create_app(load_store(graph), {"QUERY_WORKERS": 0})


@app.get("/streamed")
def streamed():
    def lines():
        for n in range(400):
            if n == 200:
                deadline = time.monotonic() + 30
                while not pathlib.Path(gate).exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
            yield "".join(f"<https://example.org/s{n}-{i}> <https://example.org/p> \\"{n * i}\\" ." + chr(10) for i in range(200))
    return Response(lines(), mimetype="application/n-triples")


serve(app, host="127.0.0.1", port=int(port), threads=2)
"""


@pytest.fixture
def streaming_server(corpus_graph_file, tmp_path):
    import subprocess
    import sys
    import urllib.request

    from .serving import free_port

    port, gate = free_port(), tmp_path / "gate"
    with open(tmp_path / "server.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "-c", STREAMING_SERVER, str(corpus_graph_file), str(port), str(gate)],
                                  stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.2)
        yield port, gate
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_a_stream_arrives_compressed_and_chunked_while_it_is_being_made(streaming_server, coding):
    import http.client

    port, gate = streaming_server
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("GET", "/streamed", headers={"Accept-Encoding": coding})
        r = connection.getresponse()
        assert r.status == 200 and r.getheader("Content-Encoding") == coding
        assert r.getheader("Transfer-Encoding") == "chunked" and r.getheader("Content-Length") is None
        first = r.read(4096)  # times out if the server gathers the answer before sending it: the view waits for the gate
        gate.touch()
        body = first + r.read()
    finally:
        connection.close()
    text = decoded(body, coding).decode()
    assert text.count("\n") == 400 * 200 and text.endswith(f'"{399 * 199}" .\n')


def test_a_large_query_result_over_a_real_server_arrives_compressed(corpus_graph_file, tmp_path):
    import urllib.request

    from .serving import running_server

    with running_server(corpus_graph_file, tmp_path / "server.log") as base:
        url = f"{base}/sparql?query=SELECT%20*%20WHERE%20%7B%20?s%20?p%20?o%20%7D"
        sizes = {}
        for coding in ("identity", "gzip", "br"):
            request = urllib.request.Request(url, headers={"Accept-Encoding": coding, "Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request, timeout=30) as r:
                body, headers = r.read(), r.headers
            sizes[coding] = len(body)
            data = json.loads(decoded(body, headers.get("Content-Encoding")))
            assert len(data["results"]["bindings"]) == int(headers["Result-Rows"]) > 5000
            assert headers.get("Content-Encoding") == (None if coding == "identity" else coding)
            assert headers["ETag"].startswith('W/"')
        assert sizes["br"] < sizes["identity"] / 5 and sizes["gzip"] < sizes["identity"] / 5


def test_the_same_build_served_again_keeps_its_tags_and_a_rebuild_changes_them(tmp_path):
    import urllib.request

    from .serving import running_server

    folder = tmp_path / "kg.oxigraph"

    def build() -> None:
        result = CliRunner().invoke(main, ["build", "-q", "--no-validate", "-o", str(folder)])
        assert result.exit_code == 0, result.output

    def validators() -> tuple[str, str]:
        with running_server(folder, tmp_path / "server.log") as base, urllib.request.urlopen(f"{base}{CAFCASS}", timeout=30) as r:
            return r.headers["ETag"], r.headers["Last-Modified"]

    build()
    first = validators()
    assert validators() == first
    time.sleep(1.1)
    build()
    rebuilt = validators()
    assert rebuilt[0] != first[0] and parsedate_to_datetime(rebuilt[1]) > parsedate_to_datetime(first[1])
