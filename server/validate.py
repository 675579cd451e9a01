"""Validation over HTTP at /validate: the SHACL report of the served graph (GET) or of a graph a
client sends (POST), in the report format the request asks for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox
from flask import Blueprint, Response, request

from cafcass_kg import formats

from .pages import href
from .protocol import ProtocolError
from .state import state

if TYPE_CHECKING:  # validation (pyshacl, rdflib) is imported by the first request that needs it
    from rdflib import Dataset

    from cafcass_kg.validation import Report

blueprint = Blueprint("validate", __name__)

# When a client accepts several report formats equally (a browser's */*), the first of these wins:
# a page for a person, then the forms for programs.
REPORT_PREFERENCE = ("html", "json", "turtle", "text")
# Media type (without parameters: werkzeug matches parameters exactly) to report format, in that order.
REPORT_TYPES = {media_type: f.name for media_type, f in sorted(formats.media_types("report").items(),
                                                               key=lambda item: REPORT_PREFERENCE.index(item[1].name))}
# Asked for with no Accept header at all, a program is the likely client.
REPORT_DEFAULT = "json"


@blueprint.route("/validate", methods=["GET", "POST"])
def report() -> Response:
    """GET: the served graph's report. POST: the report of the graph in the body (an RDF media
    type) or in a form's 'graph' file field."""
    from cafcass_kg.validation import validate_dataset
    from cafcass_kg.validation.report import FORMATS, render

    fmt = report_format(FORMATS)  # before the graph is read: a format that cannot be made fails fast
    result = served_report() if request.method == "GET" else validate_dataset(posted_graph())
    # The registry's media type carries its charset: mimetype= would append a second one.
    return Response(render(result, fmt, link=lambda iri: href(ox.NamedNode(iri))), content_type=FORMATS[fmt])


def report_format(known: dict[str, str]) -> str:
    """The report format: the 'format' parameter (one of ``known``), else the best of the Accept header."""
    wanted = request.args.get("format")
    if wanted:
        if wanted not in known:
            raise ProtocolError(406, f"unknown report format '{wanted}' (choose from {', '.join(known)})")
        return wanted
    if not request.accept_mimetypes:
        return REPORT_DEFAULT
    best = request.accept_mimetypes.best_match(list(REPORT_TYPES))
    if best is None:
        raise ProtocolError(406, f"none of the accepted types can be produced (choose from {', '.join(REPORT_TYPES)})")
    return REPORT_TYPES[best]


def served_report() -> Report:
    """The served graph's report, computed once: the graph is read-only."""
    from cafcass_kg.validation import validate_store

    shared = state()
    if shared.report is None:
        # In this process (workers=1): forking a server that is serving other requests is not safe.
        shared.report = validate_store(shared.local_store(), workers=1)
    return shared.report


def posted_graph() -> Dataset:
    """The graph a client sent, parsed; its RDF format comes from its media type or file name."""
    from cafcass_kg.validation import MEDIA_TYPES, RDF_SUFFIXES, parse_dataset

    if request.mimetype == "multipart/form-data":
        upload = request.files.get("graph")
        if upload is None or not upload.filename:
            raise ProtocolError(400, "the form has no 'graph' file")
        suffix = "." + upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
        fmt = MEDIA_TYPES.get(upload.mimetype) or RDF_SUFFIXES.get(suffix)
        if fmt is None:
            raise ProtocolError(415, f"{upload.filename}: unknown RDF format (use .ttl, .trig, .nq, .nt, .jsonld or .rdf)")
        return parse_dataset(upload.read(), fmt, upload.filename)
    fmt = MEDIA_TYPES.get(request.mimetype)
    if fmt is None:
        raise ProtocolError(415, f"unsupported content type '{request.mimetype}': send RDF ({', '.join(MEDIA_TYPES)}) or a form with a 'graph' file")
    return parse_dataset(request.get_data(), fmt)
