"""A diagram of the ontology for its documentation: the project's classes as boxes, what each
specialises (an open arrow) and its object properties from domain to range (a labelled arrow), the
classes of the vocabularies reused drawn in grey. Laid out by Graphviz's ``dot`` (a local program:
nothing leaves the machine) as SVG whose boxes link to the terms' pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cafcass_kg.namespaces import expand

DRAW_SECONDS = 30  # dot lays out some 40 boxes in well under a second; a hang is not waited on


@dataclass(frozen=True)
class Diagram:
    svg: str  # inline SVG, empty when it could not be drawn
    dot: str  # the Graphviz source, shown when the SVG could not be drawn
    problem: str = ""  # why there is no SVG


def ontology_diagram(classes: Iterable, properties: Iterable, link: Callable[[str], str]) -> Diagram:
    """The diagram of ``classes`` and the object ``properties`` between them (``Term``s of
    ``ontology_docs``); ``link`` gives the address of a term's page from its prefixed name."""
    source = diagram_source(list(classes), list(properties), link)
    program = shutil.which("dot")
    if program is None:
        return Diagram("", source, "Graphviz's 'dot' is not installed, so the diagram is given as its source")
    try:
        drawn = subprocess.run([program, "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                               timeout=DRAW_SECONDS, check=True)
    except (subprocess.SubprocessError, OSError) as exc:
        return Diagram("", source, f"Graphviz could not draw the diagram ({type(exc).__name__})")
    return Diagram(_inline(drawn.stdout.decode("utf-8")), source)


def diagram_source(classes: list, properties: list, link: Callable[[str], str]) -> str:
    """The diagram in Graphviz's language, one box per class named anywhere in it."""
    own = {t.name: t for t in classes}
    edges: list[str] = []
    named: set[str] = set(own)
    for term in classes:
        for parent in term.parents:
            named.add(parent)
            edges.append(f"{_quoted(term.name)} -> {_quoted(parent)} [arrowhead=onormal, style=dashed];")
    for prop in properties:
        if prop.kind != "object":
            continue
        for domain in _classes_in(prop.domain):
            for range_ in _classes_in(prop.range):
                named.update((domain, range_))
                edges.append(f"{_quoted(domain)} -> {_quoted(range_)} [label={_quoted(prop.name)}, "
                             f"URL={_quoted(link(prop.name))}, fontsize=9];")
    boxes = [_box(name, own.get(name), link) for name in sorted(named)]
    return "\n".join(["digraph ontology {", "  rankdir=LR; nodesep=0.25; ranksep=0.6;",
                      '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11];',
                      '  edge [fontname="sans-serif", color="#555555"];',
                      *("  " + line for line in boxes + edges), "}"])


def _classes_in(shown: list[str]) -> list[str]:
    """The classes of a domain or range as ``ontology_docs`` shows them ("a or b" for a union)."""
    return [name for text in shown for name in text.split(" or ") if ":" in name]


def _box(name: str, term, link: Callable[[str], str]) -> str:
    colour = "#dbe9f6" if term is not None else "#eeeeee"
    tooltip = term.definition if term is not None and term.definition else expand(name)
    return (f"{_quoted(name)} [label={_quoted(name)}, fillcolor={_quoted(colour)}, URL={_quoted(link(name))}, "
            f"tooltip={_quoted(tooltip)}];")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _inline(svg: str) -> str:
    """Graphviz's SVG without its XML prologue and comments, ready to sit inside an HTML page."""
    start = svg.find("<svg")
    svg = re.sub(r"<!--.*?-->", "", svg[start:], flags=re.S)
    return svg.replace("<svg ", '<svg role="img" aria-label="Diagram of the ontology\'s classes and properties" ', 1)
