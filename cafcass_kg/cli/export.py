"""``cafcass-kg export``: the graph, or a view of it, for visualisation tools; ``cafcass-kg dump``: the
graph as files to download."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cafcass_kg import formats
from cafcass_kg.errors import UsageError

from .common import counted, graph_option, main, open_local_store, open_store, store_options


@main.command("export")
@graph_option
@click.option("--format", "fmt", type=click.Choice(formats.names("export")),
              default="graphml", show_default=True, help="graphml (yEd, Gephi, Cytoscape), gexf (Gephi), cytoscape "
              "(Cytoscape.js JSON), json (node-link, d3), html (one interactive page that works offline), dot (Graphviz; "
              "svg and png need Graphviz installed).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the export. Default: stdout.")
@click.option("--focus", default=None, help="Only this resource (an IRI, a prefixed name or a label) and its neighbourhood; "
              "a term of the ontology or of a vocabulary shows what is typed by it or linked to it.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0), help="How many links around --focus.")
@click.option("--include-class", multiple=True, help="Only resources of this class (repeatable; ckg:Inspection or an IRI).")
@click.option("--exclude-class", multiple=True, help="Leave out resources of this class (repeatable).")
@click.option("--with-evidence", is_flag=True, help="Keep evidence nodes (annotations, passages, stated facts).")
@click.option("--query", "query_file", type=click.File("r", encoding="utf-8"), default=None,
              help="A SPARQL file that defines the view: a CONSTRUCT's triples, or the resources a SELECT returns.")
@click.option("--stats", "show_stats", is_flag=True, help="Print graph measures (degree, betweenness, components) to stderr.")
@click.option("--layout", type=click.Choice(["neato", "sfdp", "fdp", "dot", "circo", "twopi"]), default="neato", show_default=True,
              help="The Graphviz program that draws svg and png.")
@store_options
def export_command(graph_file: Path | None, fmt: str, output: Path | None, focus: str | None, depth: int,
                   include_class: tuple[str, ...], exclude_class: tuple[str, ...], with_evidence: bool, query_file,
                   show_stats: bool, layout: str, remote) -> None:
    """Export the graph for visualisation tools, through networkx.

    Resources become nodes (label, class, a few attributes), links between them edges labelled by
    their property; literals are attributes. Degree, betweenness and component are added to every
    node. Exit status 2 for an unknown format or a focus that matches nothing.
    """
    from cafcass_kg.export import (
        View,
        add_measures,
        render,
        select_view,
        stats,
        to_networkx,
        view_from_query,
    )

    store = open_local_store(graph_file, remote)
    view = View(focus, depth, list(include_class), list(exclude_class), with_evidence)
    graph = to_networkx(store, with_evidence)
    if query_file is not None:
        graph = view_from_query(store, query_file.read(), graph)
    graph = select_view(graph, view)
    if graph.number_of_nodes() == 0:
        raise UsageError("the view is empty: no resource matches these classes")
    add_measures(graph)
    data = render(graph, fmt, layout)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        from cafcass_kg.files import write_bytes_atomically

        write_bytes_atomically(data, output)
    click.echo(f"exported {counted(graph.number_of_nodes(), 'node')} and {counted(graph.number_of_edges(), 'edge')} as {fmt}"
               + (f" to {output}" if output else ""), err=True)
    if show_stats:
        click.echo(stats(graph), err=True)


@main.command("dump")
@graph_option
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder to write the dump into (made if missing; a dump already there is replaced).")
@store_options
def dump_command(graph_file: Path | None, output: Path, remote) -> None:
    """Write the graph as files to download: the whole graph as gzipped N-Quads and TriG, each named
    graph (a document's, the vocabulary's) as gzipped N-Quads, and manifest.json listing every file
    with its size, SHA-256 and quad count. The server's /download/ serves the same files, and
    reuses this folder as they are when `serve --dumps` names it and the graph has not been rebuilt."""
    from cafcass_kg.export.dumps import write_dumps
    from cafcass_kg.store import graph_identity

    from .common import graph_path

    source = None if remote is not None else graph_path(graph_file)
    store = open_store(graph_file, remote)
    manifest = write_dumps(store, output, graph_identity(source) if source is not None else None)
    for f in manifest.whole:
        click.echo(f"{output / f.name}\t{f.size}\t{f.sha256}", err=False)
    click.echo(f"wrote {counted(len(manifest.files), 'file')} to {output} ({counted(len(manifest.per_graph), 'named graph')}, "
               f"{counted(manifest.whole[0].quads if manifest.whole else 0, 'quad')})", err=True)
