"""What every command shares: the command group, the options that name the graph (a graph file, a
store folder or a remote store), and opening that graph."""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

import click

from cafcass_kg import formats
from cafcass_kg.errors import CafcassKGError, UsageError

log = logging.getLogger("cafcass_kg")
RESULT_FORMATS = {f.name: f.oxigraph for f in formats.of_kind("results")}
GRAPH_FORMATS = {f.name: f.oxigraph for f in formats.of_kind("graph", "dataset")}
EXIT_SKIPPED = 1
EXIT_VIOLATIONS = 1


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the number it takes: "1 document", "5 documents", "0 entities"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _fail(exc: CafcassKGError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)


class Group(click.Group):
    """Turns the project's errors into a message and an exit code, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CafcassKGError as exc:
            _fail(exc)


@click.group(cls=Group)
@click.version_option(package_name="cafcass-kg")
@click.option("-v", "--verbose", is_flag=True, help="Log more detail to stderr.")
def main(verbose: bool) -> None:
    """A knowledge graph of Cafcass, its service areas, Ofsted inspections and the law they cite."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # rdflib logs a traceback for every ill-typed literal ("seven"^^xsd:integer); validation
    # reports each one in words, with its resource and evidence.
    logging.getLogger("rdflib.term").setLevel(logging.DEBUG if verbose else logging.CRITICAL)


def graph_option(f):
    return click.option(
        "--graph", "graph_file", type=click.Path(path_type=Path), default=None,
        help="The graph to read: a store folder written by 'build', or a graph file (TriG, N-Quads, Turtle). "
             "Default: kg.oxigraph, or the bundled corpus built in memory if that is missing.",
    )(f)


def store_options(f):
    """--store, --update, --graph-store and --config: a remote SPARQL store instead of the embedded
    one. The command receives them as one argument, ``remote`` (None for the embedded store)."""
    options = [
        click.option("--store", "store_url", default=None, metavar="URL",
                     help="A remote SPARQL 1.1 query endpoint to use instead of the embedded store "
                          "(or $CAFCASS_KG_STORE, or 'store' in the config file)."),
        click.option("--update", "update_url", default=None, metavar="URL",
                     help="Its SPARQL 1.1 Update endpoint (default: the query URL; or $CAFCASS_KG_STORE_UPDATE)."),
        click.option("--graph-store", "graph_store_url", default=None, metavar="URL",
                     help="Its Graph Store HTTP Protocol endpoint, used to load graphs (or $CAFCASS_KG_GRAPH_STORE; "
                          "without it graphs are loaded with SPARQL Update)."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="A TOML file with a [store] table (default: $CAFCASS_KG_CONFIG, or ./cafcass-kg.toml). "
                          "Credentials go there or in $CAFCASS_KG_STORE_USER and $CAFCASS_KG_STORE_PASSWORD."),
    ]

    @functools.wraps(f)
    def command(*args, store_url, update_url, graph_store_url, config_file, **kwargs):
        from cafcass_kg.store.remote import store_settings

        remote = store_settings(store_url, update_url, graph_store_url, config_file)
        if remote is not None and kwargs.get("graph_file") is not None:
            raise UsageError("--graph names an embedded graph and --store a remote one: give one of them")
        return f(*args, remote=remote, **kwargs)

    for option in reversed(options):
        command = option(command)
    return command


def graph_path(graph_file: Path | None) -> Path | None:
    """The graph file or store folder a command reads: the one named, else the default one when it
    exists; None when the bundled corpus is to be built in memory instead."""
    from cafcass_kg.store import default_graph_path

    if graph_file is not None:
        return graph_file
    path = default_graph_path()
    return path if path.exists() else None


def _open_graph(graph_file: Path | None, read, from_build):
    """The graph a command reads: the named file, the default graph file, or a build of the
    bundled corpus in memory when that file does not exist."""
    from cafcass_kg.store import default_graph_path

    path = graph_path(graph_file)
    if path is not None:
        return read(path)
    from cafcass_kg.build import build

    click.echo(f"{default_graph_path()} not found: building the graph from the bundled corpus in memory", err=True)
    return from_build(build())


def open_store(graph_file: Path | None, remote=None):
    """The graph as an Oxigraph store, for queries; a remote store when its settings are given."""
    from cafcass_kg.store import load_store

    if remote is not None:
        from cafcass_kg.store.remote import RemoteStore

        return RemoteStore(remote)
    return _open_graph(graph_file, load_store, lambda result: result.store)


def open_local_store(graph_file: Path | None, remote=None):
    """The graph as an Oxigraph store with every triple at hand (a remote graph copied into memory)."""
    if remote is not None:
        from cafcass_kg.store.remote import RemoteStore, copy_to_memory

        return copy_to_memory(RemoteStore(remote), progress=lambda m: log.info(m))
    return open_store(graph_file)
