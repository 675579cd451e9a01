"""Every format the project reads or writes, in one table: its name (on the command line and in
``?format=``), its media types (the first is the one it is served as), its file suffixes, its
Oxigraph or rdflib format, and its W3C format IRI. The command line's choices, the endpoint's
content negotiation, the remote store's client, the graph files and the README's tables all read
this table; a new format is one row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

W3C_FORMATS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    kind: str  # "results" (SELECT, ASK), "graph" (triples), "dataset" (quads), "report", "export"
    media_types: tuple[str, ...] = ()  # the first is the one answers are served as; the rest are accepted
    suffixes: tuple[str, ...] = ()
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat | None = None
    rdflib: str | None = None  # rdflib's parser name, for what runs on rdflib (SHACL validation)
    aliases: tuple[str, ...] = ()  # other names a request may use ("ttl", "json-ld")
    w3c: str | None = None  # the local name of its IRI in http://www.w3.org/ns/formats/

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def iri(self) -> str | None:
        return W3C_FORMATS + self.w3c if self.w3c else None


FORMATS: tuple[Format, ...] = (
    Format("json", "SPARQL results in JSON", "results", ("application/sparql-results+json", "application/json"), (".srj", ".json"),
           ox.QueryResultsFormat.JSON, w3c="SPARQL_Results_JSON"),
    Format("xml", "SPARQL results in XML", "results", ("application/sparql-results+xml",), (".srx",),
           ox.QueryResultsFormat.XML, w3c="SPARQL_Results_XML"),
    Format("csv", "SPARQL results in CSV", "results", ("text/csv",), (".csv",), ox.QueryResultsFormat.CSV, w3c="SPARQL_Results_CSV"),
    Format("tsv", "SPARQL results in TSV", "results", ("text/tab-separated-values",), (".tsv",),
           ox.QueryResultsFormat.TSV, w3c="SPARQL_Results_TSV"),
    Format("turtle", "Turtle", "graph", ("text/turtle",), (".ttl",), ox.RdfFormat.TURTLE, "turtle", ("ttl",), "Turtle"),
    Format("ntriples", "N-Triples", "graph", ("application/n-triples", "text/plain"), (".nt",), ox.RdfFormat.N_TRIPLES, "nt",
           ("nt",), "N-Triples"),
    Format("jsonld", "JSON-LD", "graph", ("application/ld+json",), (".jsonld",), ox.RdfFormat.JSON_LD, "json-ld", ("json-ld",), "JSON-LD"),
    Format("rdfxml", "RDF/XML", "graph", ("application/rdf+xml",), (".rdf", ".owl"), ox.RdfFormat.RDF_XML, "xml", (), "RDF_XML"),
    Format("trig", "TriG", "dataset", ("application/trig",), (".trig",), ox.RdfFormat.TRIG, "trig", (), "TriG"),
    Format("nquads", "N-Quads", "dataset", ("application/n-quads",), (".nq",), ox.RdfFormat.N_QUADS, "nquads", ("nq",), "N-Quads"),
    # A validation report, in a form for people or for programs
    Format("text", "plain text", "report", ("text/plain; charset=utf-8",), (".txt",)),
    Format("turtle", "SHACL validation report in Turtle", "report", ("text/turtle",), (".ttl",)),
    Format("json", "JSON", "report", ("application/json",), (".json",)),
    Format("html", "HTML page", "report", ("text/html; charset=utf-8",), (".html",)),
    # Exports for visualisation tools (through networkx)
    Format("graphml", "GraphML (yEd, Gephi, Cytoscape)", "export", ("application/graphml+xml",), (".graphml",)),
    Format("gexf", "GEXF (Gephi)", "export", ("application/gexf+xml",), (".gexf",)),
    Format("cytoscape", "Cytoscape.js JSON", "export", ("application/json",), (".cyjs", ".json")),
    Format("json", "node-link JSON (d3)", "export", ("application/json",), (".json",)),
    Format("html", "one interactive page", "export", ("text/html; charset=utf-8",), (".html",)),
    Format("dot", "Graphviz DOT", "export", ("text/vnd.graphviz",), (".dot", ".gv")),
    Format("svg", "SVG (Graphviz)", "export", ("image/svg+xml",), (".svg",)),
    Format("png", "PNG (Graphviz)", "export", ("image/png",), (".png",)),
)


def of_kind(*kinds: str) -> tuple[Format, ...]:
    """The formats of these kinds (every format when none is given), in the table's order."""
    return tuple(f for f in FORMATS if f.kind in kinds) if kinds else FORMATS


def names(*kinds: str) -> list[str]:
    """The names of the formats of these kinds (a command's choices)."""
    return [f.name for f in of_kind(*kinds)]


def by_name(name: str, *kinds: str) -> Format | None:
    """The format a name or alias stands for, among these kinds (all when none is given)."""
    wanted = name.lower()
    return next((f for f in of_kind(*kinds) if wanted == f.name or wanted in f.aliases), None)


def by_media_type(media_type: str, *kinds: str) -> Format | None:
    """The format served as, or accepted as, a media type (parameters such as charset aside)."""
    bare = media_type.split(";")[0].strip().lower()
    return next((f for f in of_kind(*kinds) if bare in (m.split(";")[0] for m in f.media_types)), None)


def by_suffix(suffix: str, *kinds: str) -> Format | None:
    """The format a file suffix (".trig") names."""
    return next((f for f in of_kind(*kinds) if suffix.lower() in f.suffixes), None)


def media_types(*kinds: str, served_only: bool = False) -> dict[str, Format]:
    """Media type to format, for content negotiation (``served_only``: each format's first type)."""
    table: dict[str, Format] = {}
    for f in of_kind(*kinds):
        for m in f.media_types[:1] if served_only else f.media_types:
            table.setdefault(m.split(";")[0], f)
    return table
