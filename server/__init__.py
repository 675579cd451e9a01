"""The web application: a read-only SPARQL 1.1 endpoint, validation, exports, and pages for people.

``create_app(store, config)`` takes the store it serves; nothing is loaded at import time, and
query workers start with the first query. The application is made of blueprints:

- ``sparql``: the endpoint at /sparql (and its service description) and the query page at /
- ``validate``: the SHACL report at /validate
- ``export``: the graph for visualisation tools at /export
- ``pages``: a page for every resource of the graph, and the search
- ``health``: /health
- ``errors``: the one shape of every error answer

What they share (the store, the config, the query workers, what is computed once) is one
``ServerState`` in ``app.extensions["cafcass_kg"]``, which a view reads with ``state.state()``.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from flask import Flask

from . import errors, export, health, overview, pages, sparql, validate
from .state import EXTENSION, ServerState

DEFAULTS = {
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,  # graphs posted to /validate can be large
    "SERVICE_ALLOW": [],  # SERVICE endpoints a query may call (IRIs; one ending in "/" allows what is under it)
    "QUERY_TIMEOUT": 30.0,  # seconds; a query over it is stopped and answered 503
    "ROW_LIMIT": 10_000,  # rows (or triples) of one answer at most; 0 for none
    "QUERY_WORKERS": 2,  # worker processes; 0 runs queries in the server's threads, with no time limit
    "MAX_NESTING": 200,  # brackets and braces inside each other, at most
    "REFERRERS_PAGE": 50,  # resources listed a page under each property of "Referred to by"
}
BLUEPRINTS = (errors.blueprint, health.blueprint, sparql.blueprint, validate.blueprint, export.blueprint, overview.blueprint, pages.blueprint)


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
    return app


__all__ = ["create_app"]
