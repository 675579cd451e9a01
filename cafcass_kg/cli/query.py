"""``cafcass-kg query``: a SPARQL query file run against the graph, its results printed."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pyoxigraph as ox
from tabulate import tabulate

from cafcass_kg.namespaces import curie

from .common import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    counted,
    graph_option,
    main,
    open_store,
    store_options,
)


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


@main.command("query")
@click.argument("query_file", type=click.File("r", encoding="utf-8"))
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", *RESULT_FORMATS, *GRAPH_FORMATS]), default="table",
              help=f"table (default) for people; {', '.join(RESULT_FORMATS)} for SELECT/ASK; {', '.join(GRAPH_FORMATS)} for CONSTRUCT/DESCRIBE.")
@store_options
def query_command(query_file, graph_file: Path | None, fmt: str, remote) -> None:
    """Run a SPARQL query file (or - for stdin) against the graph and print the results. A prefix
    the project knows (ckg:, org:, skos: ...) that the query uses without declaring is declared for it."""
    from cafcass_kg.query_text import with_known_prefixes
    from cafcass_kg.store import run_query

    text, added = with_known_prefixes(query_file.read())
    if added:
        click.echo(f"declared {', '.join(f'{p}:' for p in added)} (used without a PREFIX line)", err=True)
    store = open_store(graph_file, remote)
    results = run_query(store, text)
    try:  # Oxigraph evaluates lazily: a query can still fail while its results are written
        _print_results(results, fmt)
    except (OSError, RuntimeError, ValueError) as exc:
        from cafcass_kg.errors import QueryError

        raise QueryError(f"the query failed: {exc}") from None


def _print_results(results, fmt: str) -> None:
    from cafcass_kg.errors import UsageError
    from cafcass_kg.store import is_graph_result

    out = sys.stdout.buffer
    if is_graph_result(results):
        if fmt in RESULT_FORMATS:
            raise UsageError(f"--format {fmt} is for SELECT and ASK; a CONSTRUCT/DESCRIBE result is a graph (use {', '.join(GRAPH_FORMATS)})")
        out.write(results.serialize(format=GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)))
        return
    if fmt in GRAPH_FORMATS:
        raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; use table, {', '.join(RESULT_FORMATS)}")
    if isinstance(results, ox.QueryBoolean):
        if fmt == "table":
            click.echo("true" if bool(results) else "false")
        else:
            out.write(results.serialize(format=RESULT_FORMATS[fmt]))
        return
    if fmt == "table":
        variables = [v.value for v in results.variables]
        rows = [[_cell(solution[v]) for v in variables] for solution in results]
        click.echo(tabulate(rows, headers=variables, tablefmt="simple", disable_numparse=True))
        click.echo(f"({counted(len(rows), 'row')})", err=True)
    else:
        out.write(results.serialize(format=RESULT_FORMATS[fmt]))
