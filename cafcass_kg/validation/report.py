"""A validation report as text, JSON, Turtle (a SHACL validation report) or a self-contained HTML page.

The same functions serve the ``validate`` command and the server's ``/validate``.
"""

from __future__ import annotations

from collections.abc import Callable

import json
import textwrap
from dataclasses import asdict

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SH
from rdflib.util import from_n3
from tabulate import tabulate

from cafcass_kg import formats
from cafcass_kg.errors import UsageError
from cafcass_kg.namespaces import OA, PREFIXES, expand
from cafcass_kg.validation.model import Report, Result

FORMATS = {f.name: f.media_type for f in formats.of_kind("report")}
SEVERITY_IRIS = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}


def render(report: Report, fmt: str, link: Callable[[str], str] | None = None) -> str:
    """The report in one of FORMATS. ``link`` gives the address of a resource's page (the server's
    own pages); without it, an HTML report links to the IRIs themselves."""
    renderers = {"text": to_text, "json": to_json, "turtle": to_turtle}
    if fmt == "html":
        return to_html(report, link)
    if fmt not in renderers:
        raise UsageError(f"unknown report format '{fmt}' (choose from {', '.join([*renderers, 'html'])})")
    return renderers[fmt](report)


def counted(number: int, noun: str) -> str:
    """A count with its noun in the number it takes: "1 warning", "0 warnings", "2 document graphs"."""
    return f"{number} {noun if number == 1 else noun + 's'}"


def headline(report: Report) -> str:
    verdict = "conforms" if report.conforms else "does NOT conform"
    return (f"The graph {verdict}: {counted(report.count('Violation'), 'violation')}, "
            f"{counted(report.count('Warning'), 'warning')}, {counted(report.count('Info'), 'info')} "
            f"({counted(report.documents, 'document graph')}, {counted(report.triples, 'distinct triple')}, "
            f"{report.seconds:.1f} s)")


def to_text(report: Report) -> str:
    lines = [headline(report), ""]
    if report.results:
        lines.append(tabulate(report.by_shape(), headers=["shape", "severity", "results"], tablefmt="simple"))
        lines.append("")
        lines.append(tabulate(report.by_document(), headers=["document", "violations", "warnings", "infos"], tablefmt="simple"))
        lines.append("")
    for number, result in enumerate(report.results, start=1):
        lines += _result_lines(number, result)
    return "\n".join(lines).rstrip() + "\n"


def _result_lines(number: int, r: Result) -> list[str]:
    wrap = lambda text, indent: textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=" " * len(indent))  # noqa: E731
    lines = [f"{number}. {r.severity.upper()}  {r.shape_label} ({r.shape})",
             wrap(f"{r.focus_label} <{r.focus}>", "   resource: ")]
    if r.path:
        lines.append(f"   property: {r.path}" + (f" = {r.value}" if r.value else ""))
    elif r.value and r.value != r.focus:
        lines.append(f"   value:    {r.value}")
    lines.append(wrap(r.message, "   problem:  "))
    if r.expected:
        lines.append(wrap(r.expected, "   expected: "))
    for p in r.passages:
        lines.append(f"   evidence: {p.where()}")
        if p.quote:
            lines.append(wrap(f'"{_one_line(p.quote)}"', "             "))
    lines.append("")
    return lines


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 3] + "..."


def to_json(report: Report) -> str:
    data = {
        "conforms": report.conforms,
        "violations": report.count("Violation"),
        "warnings": report.count("Warning"),
        "infos": report.count("Info"),
        "documents": report.documents,
        "triples": report.triples,
        "seconds": round(report.seconds, 3),
        "shapes": report.shape_files,
        "by_shape": [{"shape": s, "severity": sev, "results": n} for s, sev, n in report.by_shape()],
        "by_document": [{"document": d, "violations": v, "warnings": w, "infos": i} for d, v, w, i in report.by_document()],
        "results": [asdict(r) for r in report.results],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_graph(report: Report) -> Graph:
    """A standard SHACL validation report; each result also links the passages that are its evidence."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("sh", SH)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms)))
    for r in report.results:
        node = BNode()
        g.add((root, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, URIRef(r.focus) if not r.focus.startswith("_:") else BNode(r.focus[2:])))
        g.add((node, SH.resultSeverity, SEVERITY_IRIS[r.severity]))
        g.add((node, SH.resultMessage, Literal(r.message, lang="en")))
        if r.component:
            g.add((node, SH.sourceConstraintComponent, SH[f"{r.component}"]))
        if r.shape.startswith("<") or r.shape.split(":", 1)[0] in PREFIXES:
            g.add((node, SH.sourceShape, URIRef(expand(r.shape))))
        if r.path:
            g.add((node, SH.resultPath, URIRef(expand(r.path))))
        if r.value_n3 is not None:
            g.add((node, SH.value, from_n3(r.value_n3)))
        for p in r.passages:
            if p.start is not None:
                passage = URIRef(f"{p.document}/passage/{p.start}-{p.end}")
                g.add((node, PROV.wasDerivedFrom, passage))
                g.add((passage, OA.hasSource, URIRef(p.document)))
            else:
                g.add((node, DCTERMS.source, URIRef(p.document)))
    return g


def to_turtle(report: Report) -> str:
    return to_graph(report).serialize(format="turtle")


_environment = Environment(loader=PackageLoader("cafcass_kg.server", "templates"), autoescape=select_autoescape(["html"]))


def to_html(report: Report, link: Callable[[str], str] | None = None) -> str:
    """The report as a page: each result's resource and each passage of its evidence linked (a
    passage to its marked place in the document's page, where the server gives one)."""
    link = link or (lambda iri: iri)

    def passage_link(passage) -> str:
        anchor = f"#passage-{passage.start}-{passage.end}" if passage.start is not None and passage.end is not None else ""
        return link(passage.document) + anchor

    return _environment.get_template("validation.html").render(report=report, headline=headline(report), one_line=_one_line,
                                                               link=link, passage_link=passage_link)
