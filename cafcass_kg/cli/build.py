"""``cafcass-kg build``: documents to a graph, written to a store folder, a graph file or a remote store."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pyoxigraph as ox
from tabulate import tabulate

from cafcass_kg import formats
from cafcass_kg.errors import CafcassKGError, UsageError
from cafcass_kg.limits import Limits
from cafcass_kg.namespaces import curie
from cafcass_kg.progress import Progress

from .common import EXIT_SKIPPED, counted, main, store_options

STORE_FOLDER_SUFFIX = ".oxigraph"


def output_is_graph_file(output: Path) -> bool:
    """Whether ``output`` names a graph file (True) or a store folder (False), from its suffix alone,
    so that a name the build cannot write is refused before a document is read: a dataset format
    (.trig, .nq) is a file; no suffix, or .oxigraph, a store folder; anything else is refused."""
    dataset_suffixes = [s for f in formats.of_kind("dataset") for s in f.suffixes]
    suffix = output.suffix.lower()
    if suffix in dataset_suffixes:
        return True
    if suffix in ("", STORE_FOLDER_SUFFIX):
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output}: exists and is not a store folder (for a graph file use a name ending in "
                             f"{' or '.join(dataset_suffixes)})")
        return False
    triples_only = formats.by_suffix(suffix, "graph")
    why = (f" ({triples_only.label} holds one graph, not the named graph of each document)" if triples_only
           else "")
    raise UsageError(f"{output}: the build cannot write a '{suffix}' file{why}. Accepted: a store folder (a name "
                     f"with no suffix, or ending in {STORE_FOLDER_SUFFIX}) or a graph file ending in "
                     f"{' or '.join(dataset_suffixes)}")


@main.command("build")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the graph: a store folder (default: kg.oxigraph, opened at once by the other "
                   "commands; a name with no suffix or ending in .oxigraph) or a graph file named .trig or .nq.")
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
    from cafcass_kg.store import (
        default_graph_path,
        load_store,
        new_store_directory,
        write_graph_file,
    )

    if remote is not None and output is not None:
        raise UsageError("-o writes an embedded graph and --store loads a remote one: give one of them")
    output = output or default_graph_path()
    to_file = output_is_graph_file(output) if remote is None else False
    progress = Progress(quiet=quiet)
    limits = Limits(file_bytes=max_file_size << 20, text_characters=max_text * 1_000_000, seconds=time_limit,
                    memory_bytes=memory_limit << 20)

    def build_into(store=None):
        result = build(list(inputs) or None, progress=progress, store=store, workers=workers, limits=limits)
        if not result.loaded:
            reasons = "; ".join(str(e) for e in result.skipped) or "no documents found"
            raise CafcassKGError(f"nothing to build: {reasons}. {output} was left as it was.")
        _summary(result)
        return result

    if remote is not None:
        result, conforms = _build_into_remote(remote, build_into, progress, validate)
        if result.skipped or not conforms:
            sys.exit(EXIT_SKIPPED)
        return
    if to_file:
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
        removed = f"; removed {counted(len(report.removed), 'graph')} of documents no longer built" if report.removed else ""
        click.echo(f"loaded {counted(report.graphs, 'graph')} ({counted(report.triples, 'triple')}) and their merge "
                   f"into {remote.query} in {report.seconds:.1f} s, {counted(report.requests, 'request')}{removed}", err=True)
        conforms = _validate_build(store, progress) if validate else True
        del store
    return result, conforms


def _validate_build(store, progress: Progress) -> bool:
    """Validate a fresh build and say the outcome on stderr; the full report is 'cafcass-kg validate'."""
    from cafcass_kg.validation import validate_store
    from cafcass_kg.validation.report import headline

    report = validate_store(store, progress=progress.say)
    click.echo(headline(report), err=True)
    for r in report.results[:10]:
        click.echo(f"  {r.severity}: {r.focus_label}: {r.message}", err=True)
    if len(report.results) > 10:
        click.echo(f"  ... and {len(report.results) - 10} more", err=True)
    if report.results:
        click.echo("  (run 'cafcass-kg validate' for each result with its evidence)", err=True)
    return report.conforms


def _summary(result) -> None:

    echo = lambda m: click.echo(m, err=True)  # noqa: E731
    echo(f"{counted(len(result.loaded), 'document')} loaded, {len(result.skipped)} skipped, "
         f"{counted(result.triples, 'triple')} in their graphs")
    for exc in result.skipped:
        echo(f"  skipped {exc}")
    counts = result.entities_by_class()
    rows = sorted(((curie(str(c)), n) for c, n in counts.items()), key=lambda r: (-r[1], r[0]))
    echo(tabulate(rows, headers=["class", "entities"], tablefmt="simple"))
