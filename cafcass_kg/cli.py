"""The ``cafcass-kg`` command. Data goes to stdout; progress and messages go to stderr."""

from __future__ import annotations

import functools
import logging
import signal
import sys
from pathlib import Path

import click
import pyoxigraph as ox
from tabulate import tabulate

from cafcass_kg import formats
from cafcass_kg.errors import CafcassKGError, UsageError
from cafcass_kg.limits import Limits
from cafcass_kg.progress import Progress
from cafcass_kg.namespaces import curie

log = logging.getLogger("cafcass_kg")
RESULT_FORMATS = {f.name: f.oxigraph for f in formats.of_kind("results")}
GRAPH_FORMATS = {f.name: f.oxigraph for f in formats.of_kind("graph", "dataset")}
EXIT_SKIPPED = 1


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


def _open_graph(graph_file: Path | None, read, from_build):
    """The graph a command reads: the named file, the default graph file, or a build of the
    bundled corpus in memory when that file does not exist."""
    from cafcass_kg.store import default_graph_path

    if graph_file is not None:
        return read(graph_file)
    path = default_graph_path()
    if path.exists():
        return read(path)
    from cafcass_kg.build import build

    click.echo(f"{path} not found: building the graph from the bundled corpus in memory", err=True)
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


@main.command("build")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the graph: a store folder (default: kg.oxigraph, opened at once by the other "
                   "commands) or a graph file named .trig or .nq.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines, only the summary.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Validate the graph against the SHACL shapes after building it.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that read and map documents. Default: one per CPU.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=Limits.seconds, show_default=True, metavar="SECONDS",
              help="Longest time to read and parse one document; one that takes longer is skipped.")
@click.option("--memory-limit", type=click.IntRange(min=16), default=Limits.memory_bytes >> 20, show_default=True,
              metavar="MB", help="Most memory a worker may add while reading one document; one that needs more is skipped.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=Limits.file_bytes >> 20, show_default=True,
              metavar="MB", help="Largest file read; a larger one is skipped before it is opened.")
@click.option("--max-text", type=click.IntRange(min=1), default=Limits.text_characters // 1_000_000, show_default=True,
              metavar="MILLION-CHARACTERS", help="Longest text parsed; a document whose text is longer is skipped.")
@store_options
def build_command(inputs: tuple[Path, ...], output: Path | None, quiet: bool, validate: bool, workers: int | None,
                  time_limit: float, memory_limit: int, max_file_size: int, max_text: int, remote) -> None:
    """Build the graph from documents (files or folders); default: the bundled corpus.

    Reads PDF (with a text layer), web pages, Word documents and text in any common encoding.
    Exit status 0 when every document loaded (and the graph conforms to the shapes), 1 when some
    were skipped (the rest are in the graph) or the graph has violations, 2 when nothing could be
    built. The graph is written in every case but the last, and only once complete: a build that
    fails or is interrupted leaves the previous graph as it was.

    With --store, the graph goes to a remote SPARQL store: each document's named graph replaced
    whole, the graphs of documents no longer built removed, the merge of the graphs replaced.
    """
    from cafcass_kg.build import build
    from cafcass_kg.store import default_graph_path, is_graph_file, load_store, new_store_directory, write_graph_file

    if remote is not None and output is not None:
        raise UsageError("-o writes an embedded graph and --store loads a remote one: give one of them")
    output = output or default_graph_path()
    progress = Progress(quiet=quiet)
    limits = Limits(file_bytes=max_file_size << 20, text_characters=max_text * 1_000_000, seconds=time_limit,
                    memory_bytes=memory_limit << 20)

    def build_into(store=None):
        result = build(list(inputs) or None, progress=progress, store=store, workers=workers, limits=limits)
        if not result.loaded:
            reasons = "; ".join(str(e) for e in result.skipped) or "no documents found"
            raise CafcassKGError(f"nothing to build: {reasons}. {output} was left as it was.")
        _summary(result, output)
        return result

    if remote is not None:
        result, conforms = _build_into_remote(remote, build_into, progress, validate)
        if result.skipped or not conforms:
            sys.exit(EXIT_SKIPPED)
        return
    if is_graph_file(output):
        result = build_into()
        write_graph_file(result.store, output)
        store = result.store
    else:
        with new_store_directory(output) as store:
            result = build_into(store)
        store = load_store(output)
    click.echo(f"wrote {output}", err=True)
    conforms = _validate_build(store, progress) if validate else True
    if result.skipped or not conforms:
        sys.exit(EXIT_SKIPPED)


def _build_into_remote(remote, build_into, progress, validate: bool):
    """Build in a store folder of its own (on disk: a large build need not fit in memory), load it
    into the remote store, and validate it there in the folder (the same triples). The folder is
    removed afterwards."""
    import tempfile

    from cafcass_kg.store.remote import RemoteStore, load_build

    with tempfile.TemporaryDirectory(prefix="cafcass-kg-build-") as folder:
        store = ox.Store(folder)
        result = build_into(store)
        click.echo(f"loading into {remote.query}", err=True)
        try:
            report = load_build(RemoteStore(remote), store, progress.say)
        except CafcassKGError as exc:
            raise type(exc)(f"{exc}. The load stopped part way: run the build again once the store is back; "
                            "it replaces every document graph whole.") from None
        click.echo(f"loaded {report.graphs} graphs ({report.triples} triples) and their merge into {remote.query} "
                   f"in {report.seconds:.1f} s, {report.requests} requests"
                   + (f"; removed {len(report.removed)} graphs of documents no longer built" if report.removed else ""),
                   err=True)
        conforms = _validate_build(store, progress) if validate else True
        del store
    return result, conforms


def _validate_build(store, progress: Progress) -> bool:
    """Validate a fresh build and say the outcome on stderr; the full report is 'cafcass-kg validate'."""
    from cafcass_kg.validation.report import headline
    from cafcass_kg.validation import validate_store

    report = validate_store(store, progress=progress.say)
    click.echo(headline(report), err=True)
    for r in report.results[:10]:
        click.echo(f"  {r.severity}: {r.focus_label}: {r.message}", err=True)
    if len(report.results) > 10:
        click.echo(f"  ... and {len(report.results) - 10} more", err=True)
    if report.results:
        click.echo("  (run 'cafcass-kg validate' for each result with its evidence)", err=True)
    return report.conforms


def _summary(result, output: Path) -> None:
    echo = lambda m: click.echo(m, err=True)  # noqa: E731
    echo(f"{len(result.loaded)} documents loaded, {len(result.skipped)} skipped, {result.triples} triples in their graphs")
    for exc in result.skipped:
        echo(f"  skipped {exc}")
    counts = result.entities_by_class()
    rows = sorted(((curie(str(c)), n) for c, n in counts.items()), key=lambda r: (-r[1], r[0]))
    echo(tabulate(rows, headers=["class", "entities"], tablefmt="simple"))


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
        click.echo(f"({len(rows)} rows)", err=True)
    else:
        out.write(results.serialize(format=RESULT_FORMATS[fmt]))


EXIT_VIOLATIONS = 1


@main.command("validate")
@graph_option
@click.option("--shapes", "shape_files", multiple=True, type=click.Path(path_type=Path),
              help="SHACL shapes (Turtle files or folders) to use instead of the bundled ones; repeatable.")
@click.option("--format", "fmt", type=click.Choice(formats.names("report")), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of stdout.")
@click.option("--batch-size", default=None, type=click.IntRange(min=1),
              help="Documents checked together by the document shapes (default: 1,000; 200 on pySHACL).")
@click.option("--engine", type=click.Choice(["auto", "fast", "oxigraph", "pyshacl"]), default="auto", show_default=True,
              help="fast: core constraints on the shacl package, SPARQL constraints on Oxigraph; pyshacl: the "
                   "reference, everything on pySHACL; oxigraph: document shapes on pySHACL, cross-checks on Oxigraph; "
                   "auto: fast where the shapes allow it.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that check batches of documents. Default: one per CPU.")
@store_options
def validate_command(graph_file: Path | None, shape_files: tuple[Path, ...], fmt: str, output: Path | None,
                     batch_size: int | None, engine: str, workers: int | None, remote) -> None:
    """Validate the graph against the SHACL shapes and explain every result.

    Exit status 0 when the graph conforms (warnings allowed), 1 when it has violations, 2 when
    validation could not run (unreadable graph, invalid shapes).
    """
    from cafcass_kg.validation.report import headline, render
    from cafcass_kg.validation import Shapes, validate_store

    shapes = Shapes.from_files(shape_files) if shape_files else Shapes.bundled()
    store = open_local_store(graph_file, remote)
    report = validate_store(store, shapes, batch_size=batch_size, progress=Progress().say, engine=engine,
                            workers=workers)
    text = render(report, fmt)
    if output is not None:
        from cafcass_kg.files import write_bytes_atomically

        write_bytes_atomically(text.encode("utf-8"), output)
        click.echo(f"{headline(report)}; report written to {output}", err=True)
    else:
        click.echo(text, nl=False)
        if fmt != "text":
            click.echo(headline(report), err=True)
    if not report.conforms:
        sys.exit(EXIT_VIOLATIONS)


@main.command("export")
@graph_option
@click.option("--format", "fmt", type=click.Choice(formats.names("export")),
              default="graphml", show_default=True, help="graphml (yEd, Gephi, Cytoscape), gexf (Gephi), cytoscape "
              "(Cytoscape.js JSON), json (node-link, d3), html (one interactive page that works offline), dot (Graphviz; "
              "svg and png need Graphviz installed).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the export. Default: stdout.")
@click.option("--focus", default=None, help="Only this resource (an IRI, a prefixed name or a label) and its neighbourhood.")
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
    from cafcass_kg.export import View, add_measures, render, select_view, stats, to_networkx, view_from_query

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
    click.echo(f"exported {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges as {fmt}"
               + (f" to {output}" if output else ""), err=True)
    if show_stats:
        click.echo(stats(graph), err=True)


@main.command("docs")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the page to this file instead of stdout.")
def docs_command(output: Path | None) -> None:
    """Write the ontology's documentation (classes, properties with domain and range, vocabularies,
    the vocabularies reused) as one static HTML page, the one the server shows at /def/."""
    from cafcass_kg.files import write_bytes_atomically
    from cafcass_kg.ontology_docs import render_static

    page = render_static().encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(page)
        return
    write_bytes_atomically(page, output)
    click.echo(f"wrote {output}", err=True)


@main.command("evaluate")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option("--missed", "show_missed", is_flag=True, help="List the gold facts that were not found, too.")
@click.option("--min-precision", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 when the overall precision is below this.")
@click.option("--min-recall", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 when the recall of any family is below this.")
def evaluate_command(gold_dir: Path, show_missed: bool, min_precision: float | None, min_recall: float | None) -> None:
    """Score the loaders on documents with gold facts (DOCUMENT beside DOCUMENT.gold.json).

    Prints precision, recall and F1 per family and per kind of fact, and every invented fact (an
    extracted fact no gold fact matches). The gold format: tests/devset/README.md.
    """
    from cafcass_kg.evaluation import evaluate, report, totals

    scores = evaluate(gold_dir, progress=lambda m: log.info(m))
    click.echo(report(scores, show_missed), nl=False)
    tallies = totals(scores)
    failed = []
    overall = tallies[("all", "all")].precision
    if min_precision is not None and overall is not None and overall < min_precision:
        failed.append(f"precision {overall:.2f} is below {min_precision:.2f}")
    if min_recall is not None:
        for (family, kind), tally in sorted(tallies.items()):
            if family != "all" and kind == "all" and tally.recall is not None and tally.recall < min_recall:
                failed.append(f"{family}: recall {tally.recall:.2f} is below {min_recall:.2f}")
    for message in failed:
        click.echo(f"below target: {message}", err=True)
    if failed:
        sys.exit(1)


@main.command("serve")
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(min=1), help="Threads serving requests.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Processes running queries (default 2; 0 runs them in the serving threads, with no time limit).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Seconds a query may run (default 30).")
@click.option("--row-limit", type=click.IntRange(min=0), default=None, help="Rows of one answer at most (default 10000; 0: none).")
@click.option("--allow-service", multiple=True, help="An endpoint that SERVICE may call (repeatable; a prefix ending in /).")
@store_options
def serve_command(graph_file: Path | None, host: str, port: int, threads: int, workers: int | None, timeout: float | None,
                  row_limit: int | None, allow_service: tuple[str, ...], remote) -> None:
    """Serve the graph: a read-only SPARQL 1.1 endpoint at /sparql and a query page at /.

    Limits can also come from the environment: CAFCASS_KG_QUERY_WORKERS, CAFCASS_KG_QUERY_TIMEOUT,
    CAFCASS_KG_ROW_LIMIT, CAFCASS_KG_SERVICE_ALLOW (a JSON list), CAFCASS_KG_MAX_CONTENT_LENGTH.
    """
    from waitress import serve

    from cafcass_kg.server import create_app

    options = {"QUERY_WORKERS": workers, "QUERY_TIMEOUT": timeout, "ROW_LIMIT": row_limit,
               "SERVICE_ALLOW": list(allow_service) or None}
    store = open_store(graph_file, remote)
    if remote is not None:
        graphs = store.named_graphs()  # a store that cannot be reached is said at once, not at the first query
        click.echo(f"forwarding queries to {remote.query} ({len(graphs)} graphs)", err=True)
    app = create_app(store, {k: v for k, v in options.items() if v is not None})
    logging.getLogger("cafcass_kg.server").setLevel(logging.INFO)  # a line per query on stderr
    # A terminated server exits normally, so that its query workers are stopped with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    click.echo(f"serving on http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql)", err=True)
    serve(app, host=host, port=port, threads=threads)


if __name__ == "__main__":  # pragma: no cover
    main()
