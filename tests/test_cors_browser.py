"""A page of another site (another port of this machine) querying the endpoint from a real headless
browser (Debian's chromium driven by Playwright): the browser lets the page read the results when
the server allows the page's origin, and refuses to when the server allows another."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .serving import loopback_browser, running_server

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

QUERY = "SELECT ?inspection WHERE { ?inspection a <https://w3id.org/cafcass-kg/def/Inspection> }"
# Run in the page: a POST of the query itself (its content type makes the browser ask first, with
# a preflight), and a GET; what the page could read of each, or the error the browser gave.
FETCHES = """
async ({endpoint, query}) => {
  const read = async (request) => {
    try {
      const r = await request;
      const data = await r.json();
      return {status: r.status, rows: data.results.bindings.length, etag: r.headers.get("ETag"),
              resultRows: r.headers.get("Result-Rows")};
    } catch (e) {
      return {error: String(e)};
    }
  };
  const accept = {"Accept": "application/sparql-results+json"};
  return {
    post: await read(fetch(endpoint, {method: "POST", body: query,
                                      headers: {...accept, "Content-Type": "application/sparql-query"}})),
    get: await read(fetch(endpoint + "?query=" + encodeURIComponent(query), {headers: accept})),
  };
}
"""


class PageOfAnotherSite(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>Another site</title><p>A page that reads the knowledge graph."
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # quiet: pytest shows stderr of failing tests only
        pass


@pytest.fixture(scope="module")
def other_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PageOfAnotherSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def fetched_from(site: str, endpoint: str) -> dict:
    """What the page at ``site`` could read of the endpoint, in chromium; no request leaves the machine."""
    with loopback_browser(CHROMIUM) as page:
        page.goto(site)
        return page.evaluate(FETCHES, {"endpoint": endpoint, "query": QUERY})


@pytest.mark.parametrize("allowed", ["any", "this site"])
def test_a_page_of_another_site_reads_query_results(corpus_graph_file, tmp_path, other_site, allowed):
    env = {"CAFCASS_KG_CORS_ORIGINS": other_site} if allowed == "this site" else {}
    with running_server(corpus_graph_file, tmp_path / "server.log", env) as base:
        found = fetched_from(other_site, f"{base}/sparql")
    for way in ("post", "get"):
        assert found[way].get("error") is None, found[way]
        assert found[way]["status"] == 200 and found[way]["rows"] == 6
        assert found[way]["resultRows"] == "6"  # a header the server lets the page read
    assert found["get"]["etag"].startswith('W/"')


def test_the_browser_refuses_the_page_when_the_server_allows_another_site(corpus_graph_file, tmp_path, other_site):
    elsewhere = "https://reader.example"
    with running_server(corpus_graph_file, tmp_path / "server.log", {"CAFCASS_KG_CORS_ORIGINS": elsewhere}) as base:
        found = fetched_from(other_site, f"{base}/sparql")
    for way in ("post", "get"):
        assert "rows" not in found[way] and "Failed to fetch" in found[way]["error"], found[way]
