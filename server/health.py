"""The health check at /health: an answer that the server is up, for process managers and for
the tests that wait for a server to start. And the site's icon at /favicon.ico, which browsers
ask for on their own (the pages link /static/favicon.svg)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, send_from_directory

blueprint = Blueprint("health", __name__)
ICON = "favicon.svg"


@blueprint.get("/health")
def status() -> Response:
    return jsonify(status="ok")


@blueprint.get("/favicon.ico")
def icon() -> Response:
    """The icon itself rather than a redirect to it: one request, for clients that ask by this name."""
    return send_from_directory(current_app.static_folder, ICON, mimetype="image/svg+xml", max_age=86400)
