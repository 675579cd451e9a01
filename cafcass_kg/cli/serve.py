"""``cafcass-kg serve``: the SPARQL endpoint and the pages, served by waitress."""

from __future__ import annotations

import errno
import logging
import signal
import sys
from pathlib import Path

import click

from cafcass_kg.errors import CafcassKGError

from .common import graph_option, graph_path, main, open_store, store_options


class ListenError(CafcassKGError):
    """The server cannot listen where it was asked to (the port in use, an address not of this machine)."""


@main.command("serve")
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(min=1), help="Threads serving requests.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Processes running queries (default 2; 0 runs them in the serving threads, with no time limit).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Seconds a query may run (default 30).")
@click.option("--row-limit", type=click.IntRange(min=0), default=None, help="Rows of one answer at most (default 10000; 0: none).")
@click.option("--allow-service", multiple=True, help="An endpoint that SERVICE may call (repeatable; a prefix ending in /).")
@click.option("--dumps", "dump_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder of the dumps /download/ serves: one `cafcass-kg dump` wrote of this graph is served as "
                   "it is, otherwise they are made there on the first request (default: a temporary folder).")
@store_options
def serve_command(graph_file: Path | None, host: str, port: int, threads: int, workers: int | None, timeout: float | None,
                  row_limit: int | None, allow_service: tuple[str, ...], dump_dir: Path | None, remote) -> None:
    """Serve the graph: a read-only SPARQL 1.1 endpoint at /sparql and a query page at /.

    Limits can also come from the environment: CAFCASS_KG_QUERY_WORKERS, CAFCASS_KG_QUERY_TIMEOUT,
    CAFCASS_KG_ROW_LIMIT, CAFCASS_KG_SERVICE_ALLOW (a JSON list), CAFCASS_KG_MAX_CONTENT_LENGTH.
    Exit status 2 when the graph cannot be read or the server cannot listen (the port in use).
    """
    from cafcass_kg.server import create_app

    served = None if remote is not None else graph_path(graph_file)
    options = {"QUERY_WORKERS": workers, "QUERY_TIMEOUT": timeout, "ROW_LIMIT": row_limit,
               "SERVICE_ALLOW": list(allow_service) or None, "DUMP_DIR": dump_dir}
    store = open_store(graph_file, remote)
    if remote is not None:
        graphs = store.named_graphs()  # a store that cannot be reached is said at once, not at the first query
        click.echo(f"forwarding queries to {remote.query} ({len(graphs)} graphs)", err=True)
    config = {k: v for k, v in options.items() if v is not None}
    # What the server reads its graph from (None: the bundled corpus built in memory, or a remote store)
    config["GRAPH_PATH"] = served.resolve() if served is not None else None
    app = create_app(store, config)
    server = listen(app, host, port, threads)
    logging.getLogger("cafcass_kg.server").setLevel(logging.INFO)  # a line per query on stderr
    # A terminated server exits normally, so that its query workers are stopped with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    click.echo(f"serving on http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql)", err=True)
    server.run()


def listen(app, host: str, port: int, threads: int):
    """A waitress server listening on ``host`` and ``port``; a port in use, or an address that is
    not this machine's, is said in words (waitress would raise it from deep in asyncore)."""
    import waitress

    channels: dict = {}  # waitress's socket map: what a failed start leaves open is closed from it
    try:
        return waitress.create_server(app, map=channels, host=host, port=port, threads=threads)
    except (OSError, ValueError, OverflowError) as exc:
        for channel in list(channels.values()):
            channel.close()
        raise _listen_error(exc, host, port) from None


def _listen_error(exc: Exception, host: str, port: int) -> ListenError:
    if isinstance(exc, OSError):
        if exc.errno == errno.EADDRINUSE:
            return ListenError(f"cannot listen on {host}:{port}: the port is in use (another server is listening "
                               "there); stop it or choose another port with --port")
        if exc.errno == errno.EACCES:
            return ListenError(f"cannot listen on {host}:{port}: permission denied (ports below 1024 need "
                               "privileges); choose another port with --port")
        return ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    return ListenError(f"cannot listen on {host}:{port}: {exc}")  # a port outside 0-65535, a host that is no address
