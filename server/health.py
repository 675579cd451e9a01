"""The health check at /health: an answer that the server is up, for process managers and for
the tests that wait for a server to start."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

blueprint = Blueprint("health", __name__)


@blueprint.get("/health")
def status() -> Response:
    return jsonify(status="ok")
