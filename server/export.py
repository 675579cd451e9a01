"""Exports at /export: the graph, or a resource's neighbourhood, in a format for visualisation
tools (GraphML, GEXF, Cytoscape.js, d3, DOT, SVG, PNG) or as one interactive page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response, request

from cafcass_kg import formats

from .protocol import ProtocolError
from .state import state

if TYPE_CHECKING:  # networkx is imported by the first export asked for
    import networkx as nx

blueprint = Blueprint("export", __name__)

# Export format to the media type it is served as, from the format registry. Without parameters:
# Flask adds the charset of a text type itself, and would add a second to one that has it.
EXPORT_TYPES = {f.name: f.media_type.split(";")[0] for f in formats.of_kind("export")}


@blueprint.get("/export")
def graph() -> Response:
    """The view the parameters choose: 'focus' and 'depth' (a neighbourhood, of a resource of the
    documents or of a term of the ontology or a vocabulary, as the pages' frames show), 'include-class'
    and 'exclude-class' (repeatable), in the 'format' asked for (an interactive page by default)."""
    from cafcass_kg.export import FORMATS, View, add_measures, render, select_view

    fmt = request.args.get("format", "html")
    if fmt not in FORMATS:
        raise ProtocolError(400, f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    try:
        depth = int(request.args.get("depth", "1"))
    except ValueError:
        raise ProtocolError(400, "depth is a whole number") from None
    view = View(request.args.get("focus") or None, depth, request.args.getlist("include-class"),
                request.args.getlist("exclude-class"))
    selected = select_view(served_network(), view)
    if selected.number_of_nodes() == 0:
        raise ProtocolError(400, "the view is empty: no resource matches these classes")
    add_measures(selected)
    response = Response(render(selected, fmt), mimetype=EXPORT_TYPES[fmt])
    if fmt != "html":  # the page is shown (in a resource page's frame); the rest are files to keep
        response.headers["Content-Disposition"] = f'attachment; filename="cafcass-kg.{fmt}"'
    return response


def served_network() -> nx.MultiDiGraph:
    """The served graph as a networkx graph, converted once: the store is read-only."""
    from cafcass_kg.export import to_networkx

    shared = state()
    if shared.network is None:
        shared.network = to_networkx(shared.local_store())
    return shared.network
