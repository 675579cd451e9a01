"""The text of SPARQL requests: reading a query's words (to tell its form and what dataset it
needs) and writing the updates that add N-Triples to a graph."""

from __future__ import annotations

import re

from cafcass_kg.query_text import TOKENS, keywords  # noqa: F401  (re-exported: the client reads a query's words)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

# Triples that Virtuoso 7 refuses in INSERT DATA (blank nodes; xsd:duration, which it cannot
# convert there) but takes in an INSERT template, where it keeps a duration as written.
TEMPLATE_ONLY = re.compile(r"^_:|\s_:\S+\s*\.\s*$|\^\^<http://www\.w3\.org/2001/XMLSchema#duration>\s*\.\s*$")


def query_form(words: list[str]) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them in a query (subqueries come after)."""
    return next((w for w in words if w in QUERY_FORMS), "SELECT")


def insert_update(graph: str, ntriples: bytes) -> str:
    """An update that adds N-Triples to a graph: INSERT DATA, and an INSERT with an empty WHERE for
    the few triples some stores take only there (both standard; a long template is refused)."""
    plain, template = [], []
    for line in ntriples.decode("utf-8").splitlines(keepends=True):
        (template if TEMPLATE_ONLY.search(line) else plain).append(line)
    parts = [f"INSERT DATA {{ GRAPH <{graph}> {{\n{''.join(plain)}}} }}"] if plain else []
    if template:
        parts.append(f"INSERT {{ GRAPH <{graph}> {{\n{''.join(template)}}} }} WHERE {{}}")
    return " ;\n".join(parts)


def drop_graphs_update(graphs: list[str]) -> str:
    """An update that removes these graphs, those absent included."""
    return " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
