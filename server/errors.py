"""One shape for every error the application answers: its status and a line of plain text saying
why. The project's exceptions carry their own status (``http_status``); the HTTP errors raised by
Flask and the views (``abort``) carry theirs.

The handlers are registered for the whole application by the ``errors`` blueprint.
"""

from __future__ import annotations

from flask import Blueprint, Response
from werkzeug.exceptions import HTTPException

from cafcass_kg.errors import CafcassKGError

blueprint = Blueprint("errors", __name__)

# The HTTP errors answered in this shape. Others (405, 500) keep Flask's own page, as they always have.
HTTP_ERRORS = (400, 404, 406, 413)
# Said instead of werkzeug's description, where that would not tell a client what to do.
MESSAGES = {413: "request body too large"}


def error_response(status: int, message: str) -> Response:
    """The answer to a request that failed: ``message`` as one line of plain text."""
    return Response(f"{message}\n", status=status, mimetype="text/plain")


@blueprint.app_errorhandler(CafcassKGError)
def project_error(exc: CafcassKGError) -> Response:
    return error_response(exc.http_status, str(exc))


def http_error(exc: HTTPException) -> Response:
    return error_response(exc.code, MESSAGES.get(exc.code, exc.description))


for _code in HTTP_ERRORS:
    blueprint.app_errorhandler(_code)(http_error)
