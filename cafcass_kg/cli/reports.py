"""The commands that report on the graph or the project: ``validate`` (the SHACL report), ``docs``
(the ontology's documentation) and ``evaluate`` (the loaders scored against gold facts)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cafcass_kg import formats
from cafcass_kg.progress import Progress

from .common import (
    EXIT_VIOLATIONS,
    graph_option,
    log,
    main,
    open_local_store,
    store_options,
)


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
    from cafcass_kg.validation import Shapes, validate_store
    from cafcass_kg.validation.report import headline, render

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
