"""The web application: a read-only SPARQL 1.1 endpoint, validation, exports, and pages for people.

``create_app(store, config)`` takes the store it serves; nothing is loaded at import time, and
query workers start with the first query. The application is made of blueprints:

- ``sparql``: the endpoint at /sparql (and its service description) and the query page at /query
- ``overview``: the home page at / and the ontology's documentation at /def/
- ``validate``: the SHACL report at /validate
- ``export``: the graph for visualisation tools at /export
- ``pages``: a page for every resource of the graph, and the search
- ``browse``: a page a class at /browse/, its instances listed with facets that filter them
- ``publish``: the dumps at /download/, VoID and DCAT at /.well-known/void, /sitemap.xml, /robots.txt
- ``health``: /health
- ``errors``: the one shape of every error answer

Every answer then passes ``delivery``: CORS, compression, and the validators (ETag, Last-Modified)
made from the identity of the build served, for 304 Not Modified.

What they share (the store, the config, the query workers, what is computed once) is one
``ServerState`` in ``app.extensions["cafcass_kg"]``, which a view reads with ``state.state()``.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from flask import Flask

from . import browse, delivery, errors, export, health, overview, pages, publish, sparql, validate
from .state import EXTENSION, ServerState

DEFAULTS = {
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,  # graphs posted to /validate can be large
    "SERVICE_ALLOW": [],  # SERVICE endpoints a query may call (IRIs; one ending in "/" allows what is under it)
    "QUERY_TIMEOUT": 30.0,  # seconds; a query over it is stopped and answered 503
    "ROW_LIMIT": 10_000,  # rows (or triples) of one answer at most; 0 for none
    "QUERY_WORKERS": 2,  # worker processes; 0 runs queries in the server's threads, with no time limit
    "MAX_NESTING": 200,  # brackets and braces inside each other, at most
    "REFERRERS_PAGE": 50,  # resources listed a page under each property of "Referred to by"
    "BROWSE_PAGE": 50,  # resources listed a page of a class's list (/browse/<class>)
    # How answers travel (server/delivery.py). Origins whose scripts may read /sparql, the resource
    # descriptions, /export and the dumps: "*" for any, or a list (environment: a JSON list, or
    # origins separated by commas). Updates stay refused whatever the origin.
    "CORS_ORIGINS": "*",
    "CORS_MAX_AGE": 600,  # seconds a browser may reuse the answer to a preflight (OPTIONS)
    "CACHE_CONTROL": "public, max-age=300",  # sent with every GET/HEAD 200 answer; "" for none
    "COMPRESS_ALGORITHM": ["br", "gzip"],  # codings offered, preferred first at equal quality
    "COMPRESS_MIN_SIZE": 500,  # bytes; a smaller answer is sent as it is
    "NEGOTIATED_KEPT": 50_000,  # requests whose answer's media type is remembered, for 304s that run no view
    "GRAPH_PATH": None,  # the store folder or graph file served: its path, inode and mtime identify the build
    "BUILD_IDENTITY": None,  # overrides the build's identity (say, a release name); also enables validators for a remote store
    "BUILD_TIME": None,  # overrides the build's time, the Last-Modified (ISO 8601, or seconds since 1970)
    # Publishing (server/publish.py)
    "DUMP_DIR": None,  # where the dumps are made on the first request for them; None: a temporary folder of the app's
    "SITEMAP_LIMIT": publish.SITEMAP_LIMIT,  # URLs in one sitemap file; past it, /sitemap.xml is an index of /sitemap-N.xml
    "TRUSTED_PROXIES": 0,  # reverse proxies in front that set X-Forwarded-* (absolute URLs use their host and scheme)
}
BLUEPRINTS = (errors.blueprint, health.blueprint, sparql.blueprint, validate.blueprint, export.blueprint, overview.blueprint,
              pages.blueprint, browse.blueprint, publish.blueprint)


def create_app(store: ox.Store, config: dict[str, Any] | None = None) -> Flask:
    """The application serving ``store``: an Oxigraph store, or a RemoteStore whose server answers
    the queries (the limits, formats and pages here are the same)."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("CAFCASS_KG")
    app.config.update(config or {})
    app.extensions[EXTENSION] = ServerState(store, app.config)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    delivery.init_app(app)
    return app


__all__ = ["create_app"]
