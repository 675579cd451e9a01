"""Publishing the graph for Linked Data clients and crawlers: the dumps and their checksums, the
VoID and DCAT description, the schema.org Dataset of the overview, the sitemap and robots.txt, and
a resource page's JSON-LD and Link headers, through Flask's test client over the corpus graph."""

from __future__ import annotations

import gzip
import hashlib
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from cafcass_kg.export import dumps
from cafcass_kg.export.dumps import DumpManifest, write_dumps
from cafcass_kg.namespaces import BASE, CKG, DCTERMS, SCHEMA
from cafcass_kg.server import create_app
from cafcass_kg.server.publish import EXTENSION
from cafcass_kg.store import load_store

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")


@pytest.fixture
def app(store, tmp_path):
    return create_app(store, {"TESTING": True, "DUMP_DIR": str(tmp_path / "dumps")})


@pytest.fixture
def client(app):
    return app.test_client()


def local(url: str) -> str:
    """A URL of the test server as the path (and query) the test client asks for."""
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "localhost", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fetched(client, path: str, **headers):
    """A response read whole and closed (a file sent by the server stays open until then)."""
    response = client.get(path, headers=headers)
    response.get_data()
    response.close()
    return response


def named_quads(store) -> list[ox.Quad]:
    return [q for q in store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)]


def default_triples(store) -> list[ox.Quad]:
    return list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


# ---- dumps -----------------------------------------------------------------------------------------

def test_the_dumps_hold_the_whole_graph_and_each_document_graph_with_true_checksums(store, tmp_path):
    manifest = write_dumps(store, tmp_path)
    assert [f.name for f in manifest.whole] == ["cafcass-kg.nq.gz", "cafcass-kg.trig.gz"]
    for f in manifest.files:
        data = (tmp_path / f.name).read_bytes()
        assert len(data) == f.size and hashlib.sha256(data).hexdigest() == f.sha256
    quads = named_quads(store)
    for f, fmt in zip(manifest.whole, (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)):
        read = list(ox.parse(gzip.decompress((tmp_path / f.name).read_bytes()), format=fmt))
        assert len(read) == f.quads == len(quads)
        assert {q for q in read if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)} == \
            {q for q in quads if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
    # Read back by the project's loader, which makes the merge again: the same store, quad for quad.
    copy = tmp_path / "copy.nq"
    copy.write_bytes(gzip.decompress((tmp_path / "cafcass-kg.nq.gz").read_bytes()))
    assert len(load_store(copy)) == len(store)
    # Each named graph in a file of its own, with nothing else.
    graphs = {g.value for g in store.named_graphs()}
    assert {f.graph for f in manifest.per_graph} == graphs and len(graphs) == 6
    for f in manifest.per_graph:
        read = list(ox.parse(gzip.decompress((tmp_path / f.name).read_bytes()), format=ox.RdfFormat.N_QUADS))
        assert {q.graph_name.value for q in read} == {f.graph}
        assert len(read) == f.quads == len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(f.graph))))
    assert DumpManifest.read(tmp_path) == manifest
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_a_dump_that_fails_leaves_the_last_one_whole(store, tmp_path, monkeypatch):
    before = write_dumps(store, tmp_path)
    stale = tmp_path / "graphs" / "document-gone.nq.gz"
    stale.write_bytes(b"")
    real = dumps._graph_quads
    calls = []

    def failing(store_, graph):
        calls.append(graph)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(store_, graph)

    monkeypatch.setattr(dumps, "_graph_quads", failing)
    with pytest.raises(OSError):
        write_dumps(store, tmp_path)
    for f in before.whole:  # the files of the last dump, untouched; no temporary file left
        assert hashlib.sha256((tmp_path / f.name).read_bytes()).hexdigest() == f.sha256
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    monkeypatch.setattr(dumps, "_graph_quads", real)
    again = write_dumps(store, tmp_path)
    assert not stale.exists()  # a graph the store no longer has loses its file
    assert [(f.name, f.quads) for f in again.files] == [(f.name, f.quads) for f in before.files]


def test_the_dump_command_writes_what_the_server_serves_until_the_graph_is_rebuilt(tmp_path):
    from click.testing import CliRunner

    from cafcass_kg.cli import main

    graph, folder = tmp_path / "kg.oxigraph", tmp_path / "dumps"
    assert CliRunner().invoke(main, ["build", "-q", "--no-validate", "-o", str(graph)]).exit_code == 0
    made = CliRunner().invoke(main, ["dump", "--graph", str(graph), "-o", str(folder)])
    assert made.exit_code == 0, made.output
    manifest = DumpManifest.read(folder)
    assert f"{folder / 'cafcass-kg.nq.gz'}\t{manifest.whole[0].size}\t{manifest.whole[0].sha256}" in made.stdout
    written = (folder / "manifest.json").stat().st_mtime_ns

    def served() -> DumpManifest:
        app = create_app(load_store(graph), {"TESTING": True, "GRAPH_PATH": graph, "DUMP_DIR": str(folder)})
        assert app.test_client().get("/download/").status_code == 200
        return app.extensions[EXTENSION].manifest

    assert served() == manifest and (folder / "manifest.json").stat().st_mtime_ns == written  # served as it is
    assert CliRunner().invoke(main, ["build", "-q", "--no-validate", "-o", str(graph)]).exit_code == 0
    again = served()  # a rebuilt graph is dumped again: the old files would be of the last build
    assert again.source != manifest.source and (folder / "manifest.json").stat().st_mtime_ns != written
    assert [(f.name, f.quads) for f in again.whole] == [(f.name, f.quads) for f in manifest.whole]


def test_the_downloads_page_lists_the_files_and_serves_them_to_save(client, app):
    page = client.get("/download/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    manifest = app.extensions[EXTENSION].manifest
    text = page.get_data(as_text=True)
    for f in manifest.files:
        assert f'href="/download/{f.name}"' in text and f.sha256 in text and str(f.size) in text
    for f in manifest.whole + manifest.per_graph[:2]:
        r = fetched(client, f"/download/{f.name}")
        assert r.status_code == 200 and r.mimetype == "application/gzip"
        assert r.headers["Content-Disposition"] == f"attachment; filename={f.name.rsplit('/', 1)[-1]}"
        assert hashlib.sha256(r.data).hexdigest() == f.sha256 and len(r.data) == f.size
    listed = fetched(client, "/download/manifest.json").get_json()
    assert [f["sha256"] for f in listed["files"]] == [f.sha256 for f in manifest.files]
    assert client.get("/download/../../etc/passwd").status_code == 404
    assert client.get("/download/graphs/nothing.nq.gz").status_code == 404
    client.get("/download/")
    assert app.extensions[EXTENSION].manifest is manifest  # made once per application


# ---- VoID and DCAT ---------------------------------------------------------------------------------

def description(client, **headers) -> Graph:
    r = client.get("/.well-known/void", headers=headers)
    assert r.status_code == 200
    return Graph().parse(data=r.data, format={"text/turtle": "turtle", "application/ld+json": "json-ld",
                                              "application/n-triples": "nt", "application/rdf+xml": "xml"}[r.mimetype])


def test_void_counts_the_graph_and_points_at_the_endpoint_and_the_dumps(client, store):
    g = description(client)
    dataset = g.value(predicate=RDF.type, object=VOID.Dataset)
    triples = default_triples(store)
    assert int(g.value(dataset, VOID.triples)) == len(triples)
    assert int(g.value(dataset, VOID.distinctSubjects)) == len({q.subject for q in triples})
    assert int(g.value(dataset, VOID.properties)) == len({q.predicate for q in triples})
    assert int(g.value(dataset, VOID.classes)) == len({q.object for q in triples if q.predicate.value == str(RDF.type)})
    assert str(g.value(dataset, VOID.sparqlEndpoint)) == "http://localhost/sparql"
    assert str(g.value(dataset, VOID.uriSpace)) == BASE
    assert {URIRef(str(SCHEMA)), URIRef(str(CKG)), URIRef(str(DCTERMS))} <= set(g.objects(dataset, VOID.vocabulary))
    examples = list(g.objects(dataset, VOID.exampleResource))
    assert URIRef(BASE + "id/organisation/cafcass") in examples
    dumps_ = sorted(str(d) for d in g.objects(dataset, VOID.dataDump))
    assert dumps_ == ["http://localhost/download/cafcass-kg.nq.gz", "http://localhost/download/cafcass-kg.trig.gz"]
    for url in dumps_:
        assert fetched(client, local(url)).status_code == 200
    # The same description in each RDF form, and as a page for a browser.
    for media_type in ("application/ld+json", "application/n-triples", "application/rdf+xml"):
        assert len(description(client, Accept=media_type)) == len(g)
    assert client.get("/.well-known/void", headers={"Accept": "text/html,*/*;q=0.8"}).mimetype == "text/html"
    assert client.get("/.well-known/void?format=jsonld").mimetype == "application/ld+json"
    assert client.get("/.well-known/void?format=csv").status_code == 406
    assert len(Graph().parse(data=client.get("/dcat").data, format="turtle")) == len(g)


def document_dates(store) -> list[str]:
    """Each document's date (issued, else made available, else its file's), read one by one."""
    dates = []
    for row in store.query(f"SELECT ?d WHERE {{ ?d <{CKG.sourceFile}> ?f }}"):
        for path in (f"<{DCTERMS.issued}>", f"<{DCTERMS.available}>", f"<{DCTERMS.source}>/<{DCTERMS.issued}>"):
            found = [r["v"].value for r in store.query(f"SELECT ?v WHERE {{ {row['d']} {path} ?v }}")]
            if found:
                dates += [v[:10] for v in found]
                break
    return dates


def test_dcat_gives_licence_publisher_distributions_and_coverage(client, app, store):
    g = description(client)
    dataset = g.value(predicate=RDF.type, object=DCAT.Dataset)
    assert g.value(dataset, DCTERMS.title) and g.value(dataset, DCTERMS.description)
    assert g.value(dataset, DCTERMS.publisher) is not None and g.value(dataset, DCTERMS.license) == OGL
    assert "MIT" in str(g.value(dataset, DCTERMS.rights))
    assert g.value(dataset, DCTERMS.spatial) == URIRef("http://statistics.data.gov.uk/id/statistical-geography/E92000001")
    manifest = app.extensions[EXTENSION].manifest
    downloads = {}
    for dist in g.objects(dataset, DCAT.distribution):
        if g.value(dist, DCAT.downloadURL) is not None:
            downloads[str(g.value(dist, DCAT.downloadURL))] = dist
    assert len(downloads) == len(manifest.whole) == 2
    for f in manifest.whole:
        dist = downloads[f"http://localhost/download/{f.name}"]
        assert int(g.value(dist, DCAT.byteSize)) == f.size
        assert str(g.value(dist, DCAT.mediaType)).endswith("/" + f.media_type)
        checksum = g.value(dist, SPDX.checksum)
        assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(g.value(checksum, SPDX.checksumValue)) == f.sha256
    service = g.value(predicate=RDF.type, object=DCAT.DataService)
    assert str(g.value(service, DCAT.endpointURL)) == "http://localhost/sparql"
    assert any(g.value(d, DCAT.accessService) == service for d in g.objects(dataset, DCAT.distribution))
    period = g.value(dataset, DCTERMS.temporal)
    dates = document_dates(store)
    assert len(dates) >= 3
    assert (str(g.value(period, DCAT.startDate)), str(g.value(period, DCAT.endDate))) == (min(dates), max(dates))


def test_the_overview_embeds_a_schema_org_dataset(client, store):
    page = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    head = page.split("</head>")[0]
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1)
    g = Graph().parse(data=script, format="json-ld")
    dataset = g.value(predicate=RDF.type, object=SCHEMA.Dataset)
    assert dataset is not None and g.value(dataset, SCHEMA.name) is not None
    assert str(g.value(dataset, SCHEMA.license)) == str(OGL)
    dates = document_dates(store)
    assert str(g.value(dataset, SCHEMA.temporalCoverage)) == f"{min(dates)}/{max(dates)}"
    urls = [str(g.value(d, SCHEMA.contentUrl)) for d in g.objects(dataset, SCHEMA.distribution)]
    assert len(urls) == 2 and all(fetched(client, local(u)).status_code == 200 for u in urls)


# ---- sitemap and robots.txt -----------------------------------------------------------------------

def page_url(iri: str) -> str:
    for space in ("id/", "def/"):
        if iri.startswith(BASE + space):
            return "http://localhost/" + iri[len(BASE):]
    return "http://localhost/resource?iri=" + quote(iri, safe="")


def local_subjects(store) -> set[str]:
    return {q.subject.value for q in default_triples(store) if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(BASE)}


def urls_in(client, path: str, root: str) -> list[str]:
    r = client.get(path)
    assert r.status_code == 200 and r.mimetype == "application/xml"
    tree = ET.fromstring(r.data)
    assert tree.tag == SITEMAP + root
    return [loc.text for loc in tree.iter(SITEMAP + "loc")]


def test_the_sitemap_lists_the_page_of_every_local_subject(client, store):
    urls = urls_in(client, "/sitemap.xml", "urlset")
    expected = {page_url(iri) for iri in local_subjects(store)}
    assert len(urls) == len(set(urls)) == len(expected) > 1000
    assert {u.replace("%7E", "~") for u in urls} == {u.replace("%7E", "~") for u in expected}
    for url in sorted(urls)[::150]:
        assert client.get(local(url), headers={"Accept": "text/html"}).status_code == 200, url


def test_past_the_limit_the_sitemap_is_an_index_of_files(store, tmp_path):
    client = create_app(store, {"TESTING": True, "SITEMAP_LIMIT": 100, "DUMP_DIR": str(tmp_path)}).test_client()
    files = urls_in(client, "/sitemap.xml", "sitemapindex")
    count = len(local_subjects(store))
    assert len(files) == -(-count // 100)
    assert files[0] == "http://localhost/sitemap-1.xml"
    listed = [urls_in(client, local(f), "urlset") for f in files]
    assert all(len(part) == 100 for part in listed[:-1]) and 1 <= len(listed[-1]) <= 100
    assert sorted(u for part in listed for u in part) == sorted(urls_in(create_app(store, {"TESTING": True}).test_client(),
                                                                     "/sitemap.xml", "urlset"))
    assert client.get(f"/sitemap-{len(files) + 1}.xml").status_code == 404
    with pytest.raises(ValueError, match="SITEMAP_LIMIT"):
        create_app(store, {"SITEMAP_LIMIT": 50_001})


def test_robots_txt_keeps_crawlers_off_the_query_urls_and_points_at_the_sitemap(client, store):
    r = client.get("/robots.txt")
    assert r.status_code == 200 and r.mimetype == "text/plain"
    lines = r.get_data(as_text=True).splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert {"Disallow: /sparql", "Disallow: /query", "Disallow: /export", "Disallow: /validate"} <= set(lines)
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    # Behind a proxy the operator trusts, the URLs are those the proxy is reached by.
    proxied = create_app(store, {"TESTING": True, "TRUSTED_PROXIES": 1}).test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kg.example.org"}
    assert "Sitemap: https://kg.example.org/sitemap.xml" in proxied.get("/robots.txt", headers=forwarded).get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt", headers=forwarded).get_data(as_text=True)


# ---- resource pages ----------------------------------------------------------------------------------

def embedded_json_ld(client, path: str) -> Graph:
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200
    head = page.get_data(as_text=True).split("</head>")[0]
    return Graph().parse(data=re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1),
                         format="json-ld")


def test_a_resource_page_embeds_its_description_as_json_ld(client, store):
    cafcass = URIRef(BASE + "id/organisation/cafcass")
    g = embedded_json_ld(client, "/id/organisation/cafcass")
    assert (cafcass, RDF.type, SCHEMA.Organization) in g and (cafcass, SCHEMA.name, Literal("Cafcass")) in g
    for q in store.quads_for_pattern(ox.NamedNode(str(cafcass)), None, None, ox.DefaultGraph()):
        predicate = URIRef(q.predicate.value)
        if isinstance(q.object, ox.NamedNode):
            assert (cafcass, predicate, URIRef(q.object.value)) in g
        else:
            assert q.object.value in {str(o) for o in g.objects(cafcass, predicate)}
    document = next(iter(store.query(f"SELECT ?d WHERE {{ ?d a <{CKG.InspectionReport}> ; <{DCTERMS.issued}> ?i }}")))["d"].value
    g = embedded_json_ld(client, document.replace("https://w3id.org/cafcass-kg", ""))
    assert (URIRef(document), RDF.type, SCHEMA.Report) in g
    assert g.value(URIRef(document), SCHEMA.datePublished) is not None
    assert g.value(URIRef(document), SCHEMA.text) is None  # the whole text is on the page, not twice


def alternates(response) -> dict[str, str]:
    links = re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', response.headers.get("Link", ""))
    return {media_type: url for url, media_type in links}


@pytest.mark.parametrize("path", ["/id/organisation/cafcass", "/resource?iri=" + quote("http://www.legislation.gov.uk/id/ukpga/1989/41", safe="")])
def test_every_resource_answer_links_to_each_rdf_form_it_comes_in(client, path):
    page = client.get(path, headers={"Accept": "text/html"})
    rdf = client.get(path, headers={"Accept": "text/turtle"})
    assert page.status_code == rdf.status_code == 200 and "Accept" in page.headers["Vary"]
    links = alternates(page)
    assert alternates(rdf) == links
    assert {"text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "application/trig",
            "application/n-quads"} == set(links)
    sizes = set()
    for media_type, url in links.items():
        r = client.get(local(url))
        assert r.status_code == 200 and r.mimetype == media_type, url
        fmt = {"application/ld+json": "json-ld", "application/rdf+xml": "xml", "application/n-triples": "nt",
               "application/n-quads": "nquads", "application/trig": "trig", "text/turtle": "turtle"}[media_type]
        sizes.add(len(Graph().parse(data=r.data, format=fmt)) if fmt not in ("nquads", "trig") else len(r.data) > 0)
    assert len(sizes - {True}) == 1  # each graph form holds the same triples


def test_a_remote_store_that_caps_its_answers_still_gives_the_whole_sitemap(store, monkeypatch):
    from cafcass_kg.server import publish

    class CappedStore:
        """A store whose server answers at most three rows, as Virtuoso's ResultSetMaxRows does."""

        def __init__(self, inner):
            self.inner = inner

        def query(self, text, **kwargs):
            return list(self.inner.query(text, **kwargs))[:3]

        def __getattr__(self, name):
            return getattr(self.inner, name)

    monkeypatch.setattr(publish, "is_remote", lambda s: isinstance(s, CappedStore))
    monkeypatch.setattr(publish, "REMOTE_PAGE", 2)
    expected = {r["s"].value for r in store.query(publish.LOCAL_SUBJECTS)}
    app = create_app(CappedStore(store), {"TESTING": True, "QUERY_WORKERS": 0})
    with app.test_request_context("/sitemap.xml"):
        listed = publish.sitemap()
    assert listed.count == len(expected) > 10


def test_each_sitemap_entry_was_last_modified_when_the_graph_was_built(store, tmp_path):
    from email.utils import parsedate_to_datetime

    client = create_app(store, {"TESTING": True, "SITEMAP_LIMIT": 100, "BUILD_TIME": "2026-11-30T09:15:00Z"}).test_client()
    for path, tag in (("/sitemap.xml", "sitemap"), ("/sitemap-1.xml", "url")):
        tree = ET.fromstring(client.get(path).data)
        stamps = {e.findtext(SITEMAP + "lastmod") for e in tree.iter(SITEMAP + tag)}
        assert stamps == {"2026-11-30T09:15:00Z"}
    page = client.get("/id/organisation/cafcass")
    assert parsedate_to_datetime(page.headers["Last-Modified"]).strftime("%Y-%m-%dT%H:%M:%SZ") == "2026-11-30T09:15:00Z"
