"""Publishing the graph the way Linked Data clients and crawlers look for it:

- ``/download/``: the dumps (the whole graph as gzipped N-Quads and TriG, each document's graph
  on its own), listed with sizes and SHA-256; made once per application, on the first request that
  needs them, into ``DUMP_DIR`` (a temporary folder of the application's own when not set);
- ``/.well-known/void`` (and ``/dcat``): the data set in VoID and DCAT, as Turtle, JSON-LD,
  N-Triples or RDF/XML by ``Accept`` or ``?format=``, and as a page for a browser;
- ``/sitemap.xml``: every page of a resource of the project, split into ``/sitemap-N.xml`` files
  under a sitemap index past ``SITEMAP_LIMIT`` URLs; ``/robots.txt`` pointing at it;
- ``dataset_json_ld()`` for templates: the schema.org Dataset the overview page embeds.

Every URL these documents give is absolute, made from the request's host: behind a reverse proxy,
set ``TRUSTED_PROXIES`` to the number of proxies that set ``X-Forwarded-*`` (werkzeug's ProxyFix).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, current_app, render_template, request, send_from_directory, stream_with_context, url_for
from markupsafe import Markup

from cafcass_kg import formats
from cafcass_kg.errors import GraphFileError
from cafcass_kg.namespaces import BASE
from cafcass_kg.store import graph_identity, is_remote

from .delivery import build_info
from .pages import href
from .protocol import ProtocolError
from .state import state

blueprint = Blueprint("publish", __name__)
EXTENSION = "cafcass_kg_publish"
SITEMAP_LIMIT = 50_000  # URLs in one sitemap file at most (the sitemaps protocol's limit)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
DESCRIPTION_FORMATS = formats.of_kind("graph")  # Turtle first: what a client that names no type gets
# Paths crawlers are asked to leave alone: answers to queries, not pages (each has endless URLs).
NOT_FOR_CRAWLERS = ("sparql.endpoint", "sparql.query_page", "export.graph", "validate.report", "pages.search")
LOCAL_SUBJECTS = f"""SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{BASE}")) }} ORDER BY ?s"""


@dataclass
class Sitemap:
    """Every page's path, one a line, in a file; where each sitemap file's lines start in it."""

    path: Path
    starts: list[int]
    count: int


@dataclass
class Published:
    """What this blueprint makes once per application (the store is read-only)."""

    # One lock each: a request for the sitemap does not wait for the dumps to be made.
    dump_lock: threading.Lock = field(default_factory=threading.Lock)
    description_lock: threading.Lock = field(default_factory=threading.Lock)
    sitemap_lock: threading.Lock = field(default_factory=threading.Lock)
    manifest: object | None = None  # the DumpManifest
    statistics: object | None = None  # the dataset_description.Statistics
    coverage: tuple[str | None, str | None] | None = None
    sitemap: Sitemap | None = None
    scratch: Path | None = None  # this application's own temporary folder

    def scratch_folder(self) -> Path:
        """A temporary folder of this application's, removed with it (or at exit)."""
        if self.scratch is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="cafcass-kg-publish-"))
            weakref.finalize(self, shutil.rmtree, str(self.scratch), True)
        return self.scratch


@blueprint.record_once
def _set_up(setup) -> None:
    app = setup.app
    app.extensions[EXTENSION] = Published()
    limit = app.config.get("SITEMAP_LIMIT", SITEMAP_LIMIT)
    if not isinstance(limit, int) or not 1 <= limit <= SITEMAP_LIMIT:
        raise ValueError(f"SITEMAP_LIMIT is {limit!r}: a number of URLs from 1 to {SITEMAP_LIMIT}")
    proxies = int(app.config.get("TRUSTED_PROXIES", 0) or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies, x_prefix=proxies)


def published() -> Published:
    return current_app.extensions[EXTENSION]


# ---- dumps -----------------------------------------------------------------------------------------

def dump_manifest():
    """The dumps of the served graph, made by the first request that needs them."""
    from cafcass_kg.export.dumps import reusable_dump, write_dumps

    shared = published()
    with shared.dump_lock:
        if shared.manifest is None:
            folder = current_app.config.get("DUMP_DIR") or shared.scratch_folder() / "dumps"
            # A dump `cafcass-kg dump` (or an earlier run) made of this very build is served as it is.
            source = graph_identity(Path(current_app.config["GRAPH_PATH"])) if current_app.config.get("GRAPH_PATH") else None
            try:
                shared.manifest = reusable_dump(Path(folder), source) or write_dumps(state().store, Path(folder), source)
            except (GraphFileError, OSError) as exc:
                raise ProtocolError(503, f"the dumps cannot be written to {folder}: {exc}") from None
        return shared.manifest


@blueprint.get("/download/")
def downloads() -> str:
    manifest = dump_manifest()
    graph_pages = {f.graph: href(f.graph) for f in manifest.per_graph}
    return render_template("downloads.html", manifest=manifest, graph_pages=graph_pages)


@blueprint.get("/download/<path:name>")
def download_file(name: str) -> Response:
    """A dump file, as the gzip file it is (what its checksum is of), to be saved."""
    from cafcass_kg.export.dumps import MANIFEST

    manifest = dump_manifest()
    if name == MANIFEST:
        return send_from_directory(manifest.folder, MANIFEST, mimetype="application/json")
    dump = manifest.get(name)
    if dump is None:
        abort(404, f"no file '{name}' in the downloads (see {url_for('publish.downloads')})")
    response = send_from_directory(manifest.folder, name, mimetype="application/gzip", as_attachment=True,
                                   download_name=name.rsplit("/", 1)[-1])
    response.headers["Repr-Digest"] = f"sha-256=:{_base64(dump.sha256)}:"
    return response


def _base64(hex_digest: str) -> str:
    import base64

    return base64.b64encode(bytes.fromhex(hex_digest)).decode("ascii")


# ---- the data set's description ---------------------------------------------------------------------

def _urls():
    from cafcass_kg.export.dataset_description import Urls

    return Urls(description=url_for("publish.void", _external=True), sparql=url_for("sparql.endpoint", _external=True),
                home=url_for("overview.overview", _external=True), downloads=url_for("publish.downloads", _external=True),
                dump=lambda name: url_for("publish.download_file", name=name, _external=True))


def statistics():
    from cafcass_kg.export.dataset_description import dataset_statistics

    shared = published()
    with shared.description_lock:
        if shared.statistics is None:
            shared.statistics = dataset_statistics(state().store)
        return shared.statistics


@blueprint.get("/dcat")
def dcat() -> Response:
    """The same description (one graph is both the VoID and the DCAT record) under a name people look for."""
    return void()


@blueprint.get("/.well-known/void")
def void() -> Response:
    """The data set in VoID and DCAT: Turtle unless another RDF form (or a page) is asked for."""
    import pyoxigraph as ox

    from cafcass_kg.export.dataset_description import DESCRIPTION_PREFIXES, describe_dataset

    wanted = _description_format()
    urls = _urls()
    triples = describe_dataset(statistics(), urls, dump_manifest())
    if wanted is None:
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=DESCRIPTION_PREFIXES).decode("utf-8")
        page = render_template("dataset.html", stats=statistics(), manifest=dump_manifest(), urls=urls, turtle=turtle,
                               formats=DESCRIPTION_FORMATS)
        response = Response(page, mimetype="text/html")
    else:
        response = Response(ox.serialize(triples, format=wanted.oxigraph, prefixes=DESCRIPTION_PREFIXES), mimetype=wanted.media_type)
    response.vary.add("Accept")
    return response


def _description_format():
    """The RDF format asked for by ?format= or Accept; None for a page."""
    name = request.args.get("format")
    if name:
        if name == "html":
            return None
        found = formats.by_name(name, "graph")
        if found is None:
            raise ProtocolError(406, f"format '{name}' is not one this description comes in "
                                     f"(choose from html, {', '.join(f.name for f in DESCRIPTION_FORMATS)})")
        return found
    if not request.accept_mimetypes:
        return DESCRIPTION_FORMATS[0]
    types = [f.media_type for f in DESCRIPTION_FORMATS]
    best = request.accept_mimetypes.best_match([*types, "text/html"])
    if best is None:
        raise ProtocolError(406, f"none of the accepted types is one this description comes in (choose from text/html, "
                                 f"{', '.join(types)})")
    return None if best == "text/html" else formats.by_media_type(best, "graph")


@blueprint.app_context_processor
def _dataset_json_ld() -> dict:
    return {"dataset_json_ld": dataset_json_ld}


def dataset_json_ld() -> Markup:
    """The schema.org Dataset, ready for a ``<script type="application/ld+json">``."""
    from cafcass_kg.export.dataset_description import schema_org_dataset, temporal_coverage

    shared = published()
    with shared.description_lock:
        if shared.coverage is None:
            shared.coverage = temporal_coverage(state().store)
    text = json.dumps(schema_org_dataset(_urls(), *shared.coverage), ensure_ascii=False, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# ---- sitemap and robots.txt -------------------------------------------------------------------------

def sitemap() -> Sitemap:
    """The page of every subject of the graph under the project's base, listed once per application
    into a file (a large graph has millions: they are not kept in memory)."""
    shared = published()
    with shared.sitemap_lock:
        if shared.sitemap is None:
            limit = _sitemap_limit()
            path = shared.scratch_folder() / "sitemap-paths.txt"
            starts, count, at = [], 0, 0
            try:
                with path.open("wb") as out:
                    for row in _local_subjects(state().store):
                        if count % limit == 0:
                            starts.append(at)
                        line = (href(row["s"]) + "\n").encode("utf-8")
                        out.write(line)
                        at += len(line)
                        count += 1
            except OSError as exc:
                raise ProtocolError(503, f"the sitemap cannot be written: {exc}") from None
            shared.sitemap = Sitemap(path, starts or [0], count)
        return shared.sitemap


REMOTE_PAGE = 10_000  # subjects asked of a remote store at once


def _local_subjects(store):
    """The rows of LOCAL_SUBJECTS. A remote store is asked a page at a time, until a page comes back
    empty: a server that caps its answers (Virtuoso's ResultSetMaxRows) cuts a page short, never the list."""
    if not is_remote(store):
        yield from store.query(LOCAL_SUBJECTS)
        return
    offset = 0
    while True:
        rows = list(store.query(f"{LOCAL_SUBJECTS} LIMIT {REMOTE_PAGE} OFFSET {offset}"))
        if not rows:
            return
        yield from rows
        offset += len(rows)


def _last_modified() -> str:
    """A page changes only with a new build: its time is every page's <lastmod> (W3C datetime)."""
    return f"<lastmod>{build_info(current_app).time.strftime('%Y-%m-%dT%H:%M:%SZ')}</lastmod>"


def _sitemap_limit() -> int:
    return int(current_app.config.get("SITEMAP_LIMIT", SITEMAP_LIMIT))


@blueprint.get("/sitemap.xml")
def sitemap_index() -> Response:
    """The pages themselves when they fit in one file, else an index of the sitemap files."""
    listed = sitemap()
    if len(listed.starts) == 1:
        return _urlset(listed, 0)
    changed = _last_modified()
    entries = "".join(f"<sitemap><loc>{escape(url_for('publish.sitemap_file', number=n, _external=True))}</loc>{changed}</sitemap>\n"
                      for n in range(1, len(listed.starts) + 1))
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n{entries}</sitemapindex>\n'
    return Response(body, mimetype="application/xml")


@blueprint.get("/sitemap-<int:number>.xml")
def sitemap_file(number: int) -> Response:
    listed = sitemap()
    if not 1 <= number <= len(listed.starts):
        abort(404, f"there are {len(listed.starts)} sitemap files: /sitemap-1.xml to /sitemap-{len(listed.starts)}.xml")
    return _urlset(listed, number - 1)


def _urlset(listed: Sitemap, index: int) -> Response:
    """One sitemap file, streamed from the list of paths; each path made absolute on this host."""
    limit, host, changed = _sitemap_limit(), request.host_url.rstrip("/"), _last_modified()

    def lines():
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n'
        with listed.path.open("rb") as paths:
            paths.seek(listed.starts[index])
            for _, path in zip(range(limit), paths):
                yield f"<url><loc>{escape(host + path.decode('utf-8').rstrip())}</loc>{changed}</url>\n"
        yield "</urlset>\n"

    return Response(stream_with_context(lines()), mimetype="application/xml")


@blueprint.get("/robots.txt")
def robots() -> Response:
    """Pages and downloads are open to crawlers; the query answers are not. Points at the sitemap."""
    lines = ["User-agent: *", "Allow: /"] + [f"Disallow: {url_for(view)}" for view in NOT_FOR_CRAWLERS]
    lines += ["", f"Sitemap: {url_for('publish.sitemap_index', _external=True)}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


__all__ = ["SITEMAP_LIMIT", "blueprint", "dataset_json_ld", "dump_manifest"]
