"""One shape for every error the application answers: its status and a line of plain text saying
why; a browser (which asks for HTML before anything else) gets the same message in a page with the
navigation and the search box, so that a mistyped address is not a dead end. The project's exceptions carry their own status (``http_status``); the HTTP errors raised by
Flask and the views (``abort``) carry theirs.

The handlers are registered for the whole application by the ``errors`` blueprint.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Blueprint, Response, render_template, request
from werkzeug.exceptions import HTTPException

from cafcass_kg.errors import CafcassKGError

blueprint = Blueprint("errors", __name__)

# The HTTP errors answered in this shape. Others (405, 500) keep Flask's own page, as they always have.
HTTP_ERRORS = (400, 404, 406, 413)
# Said instead of werkzeug's description, where that would not tell a client what to do.
MESSAGES = {413: "request body too large"}


def error_response(status: int, message: str) -> Response:
    """The answer to a request that failed: ``message`` as plain text, or as a page for a browser."""
    if _wants_a_page():
        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        page = render_template("error.html", status=status, reason=reason, message=message)
        return Response(page, status=status, mimetype="text/html")
    return Response(f"{message}\n", status=status, mimetype="text/plain")


def _wants_a_page() -> bool:
    """A client that names HTML and prefers it to plain text: a browser, not curl's */* nor a SPARQL client."""
    accept = request.accept_mimetypes
    return accept["text/html"] > accept["text/plain"] and "text/html" in (m for m, _ in accept)


@blueprint.app_errorhandler(CafcassKGError)
def project_error(exc: CafcassKGError) -> Response:
    return error_response(exc.http_status, str(exc))


def http_error(exc: HTTPException) -> Response:
    return error_response(exc.code, MESSAGES.get(exc.code, exc.description))


for _code in HTTP_ERRORS:
    blueprint.app_errorhandler(_code)(http_error)
