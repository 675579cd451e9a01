"""What the graph says about itself as a data set, for catalogues and crawlers: VoID (statistics,
the SPARQL endpoint, the dumps, the vocabularies reused, example resources), DCAT (title,
publisher, licence, distributions with size and checksum, the endpoint as a data service, the time
and place covered) and schema.org's Dataset (the same, for search engines).

The statistics are read by SPARQL, so an Oxigraph store and a remote one give the same; the URLs
(where the endpoint, the downloads and this description are served) are given by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from cafcass_kg import formats
from cafcass_kg.namespaces import BASE, GSS, ID, PREFIXES, sparql_prologue

from .dumps import WHOLE_FORMATS, DumpManifest, whole_file_name

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
SPDX = "http://spdx.org/rdf/terms#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
IANA = "https://www.iana.org/assignments/media-types/"
DESCRIPTION_PREFIXES = {"void": VOID, "dcat": DCAT, "dct": DCT, "foaf": FOAF, "spdx": SPDX, "xsd": XSD,
                        "schema": "https://schema.org/", "formats": formats.W3C_FORMATS}

TITLE = "cafcass-kg: a knowledge graph of Cafcass"
DESCRIPTION = ("Cafcass (the Children and Family Court Advisory and Support Service, England), its service areas, "
               "their Ofsted inspections and grades, the people in its posts and the legislation cited, read from "
               "public documents, every fact with the passage of the document that states it.")
KEYWORDS = ("Cafcass", "family justice", "Ofsted inspections", "knowledge graph", "linked data")
# The documents are public sector information under the Open Government Licence; the code is MIT.
DOCUMENTS_LICENCE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
CODE_LICENCE = "https://opensource.org/license/mit"
CODE_RIGHTS = ("The data are public sector information under the Open Government Licence v3.0; the code that "
               "builds and serves the graph is under the MIT licence.")
ENGLAND = str(GSS["E92000001"])  # the ONS code of England, in the statistical geography the graph's places use
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"

# A document's own date: when it was issued, else when it was made available, else its file's date.
DOCUMENT_DATES = """SELECT (MIN(?day) AS ?start) (MAX(?day) AS ?end) WHERE {
  ?document ckg:sourceFile ?file .
  OPTIONAL { ?document dct:issued ?issued } OPTIONAL { ?document dct:available ?available }
  OPTIONAL { ?document dct:source/dct:issued ?filed }
  BIND (SUBSTR(STR(COALESCE(?issued, ?available, ?filed)), 1, 10) AS ?day)
  FILTER (BOUND(?day))
}"""
EXAMPLES = 5  # example resources in the description


@dataclass(frozen=True)
class Statistics:
    """The numbers VoID gives, and what else the description reads from the graph."""

    triples: int
    subjects: int
    properties: int
    classes: int
    vocabularies: tuple[str, ...]
    examples: tuple[str, ...]
    start: str | None  # the earliest document date (a date, year-month or year), None when none is dated
    end: str | None


@dataclass(frozen=True)
class Urls:
    """Where things are served: the description, the endpoint, the home page, the downloads page,
    and a function giving a dump file's URL from its name."""

    description: str
    sparql: str
    home: str
    downloads: str
    dump: Callable[[str], str]

    @property
    def dataset(self) -> str:
        return self.description + "#dataset"


def dataset_statistics(store) -> Statistics:
    """Count the graph (its default graph, the merge of the documents' graphs) by SPARQL."""
    def number(query: str) -> int:
        return int(next(iter(store.query(query)))["n"].value)

    start, end = temporal_coverage(store)
    return Statistics(
        triples=number("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        subjects=number("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        properties=number("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
        classes=number("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"),
        vocabularies=vocabularies(store), examples=example_resources(store), start=start, end=end)


def temporal_coverage(store) -> tuple[str | None, str | None]:
    """The earliest and the latest of the documents' dates."""
    row = next(iter(store.query(sparql_prologue() + DOCUMENT_DATES)), None)
    if row is None or row["start"] is None:
        return None, None
    return row["start"].value, row["end"].value


def vocabularies(store) -> tuple[str, ...]:
    """The namespaces of the properties and classes the graph uses, the project's own included."""
    terms = {row["t"].value for row in store.query("SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }")}
    known = sorted((str(ns) for ns in PREFIXES.values()), key=len, reverse=True)
    spaces = set()
    for term in terms:
        space = next((ns for ns in known if term.startswith(ns) and len(term) > len(ns)), None)
        if space is None:
            cut = max(term.rfind("#"), term.rfind("/"))
            space = term[:cut + 1] if cut > term.find("//") + 1 else None
        if space and not space.startswith(str(ID)):
            spaces.add(space)
    return tuple(sorted(spaces))


def example_resources(store) -> tuple[str, ...]:
    """The project's resources that most others refer to (Cafcass itself, its inspections, areas
    and grades), leaving out the references of evidence to its document."""
    # Ordered outside the grouping: Virtuoso refuses ORDER BY on an aggregate's name.
    rows = store.query(f"""SELECT ?o ?n {{ {{ SELECT ?o (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o
        FILTER (isIRI(?o) && STRSTARTS(STR(?o), "{ID}") && ?p != <http://www.w3.org/ns/oa#hasSource>) }} GROUP BY ?o }} }}
        ORDER BY DESC(?n) ?o LIMIT {EXAMPLES}""")
    return tuple(row["o"].value for row in rows)


def _date_literal(day: str) -> ox.Literal:
    """A document date as the XML Schema type its length says (2011-12-05, 2011-12, 2011)."""
    kind = {10: "date", 7: "gYearMonth", 4: "gYear"}.get(len(day), "string")
    return ox.Literal(day, datatype=ox.NamedNode(XSD + kind))


def _number(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def describe_dataset(stats: Statistics, urls: Urls, manifest: DumpManifest) -> list[ox.Triple]:
    """The data set in VoID and DCAT: one resource that is both a void:Dataset and a dcat:Dataset."""
    t = _Triples(urls.dataset)
    d = t.subject
    t.add(ox.NamedNode(urls.description), RDF_TYPE, ox.NamedNode(VOID + "DatasetDescription"))
    t.add(ox.NamedNode(urls.description), ox.NamedNode(FOAF + "primaryTopic"), d)
    t.about(d, "a", VOID + "Dataset", DCAT + "Dataset")
    t.about(d, DCT + "title", ox.Literal(TITLE, language="en"))
    t.about(d, DCT + "description", ox.Literal(DESCRIPTION, language="en"))
    for keyword in KEYWORDS:
        t.about(d, DCAT + "keyword", ox.Literal(keyword, language="en"))
    t.about(d, DCT + "license", DOCUMENTS_LICENCE)
    t.about(d, DCT + "rights", ox.Literal(CODE_RIGHTS, language="en"))
    t.about(d, FOAF + "homepage", urls.home)
    t.about(d, DCAT + "landingPage", urls.home)
    publisher = ox.NamedNode(urls.home + "#publisher")
    t.about(d, DCT + "publisher", publisher)
    t.about(publisher, "a", FOAF + "Agent")
    t.about(publisher, FOAF + "name", ox.Literal("the cafcass-kg project"))
    t.about(d, DCT + "spatial", ENGLAND)
    if stats.start:
        period = ox.NamedNode(urls.description + "#period")
        t.about(d, DCT + "temporal", period)
        t.about(period, "a", DCT + "PeriodOfTime")
        t.about(period, DCAT + "startDate", _date_literal(stats.start))
        t.about(period, DCAT + "endDate", _date_literal(stats.end))
    _void_statistics(t, stats, urls, manifest)
    _distributions(t, urls, manifest)
    return t.triples


def _void_statistics(t: _Triples, stats: Statistics, urls: Urls, manifest: DumpManifest) -> None:
    d = t.subject
    for name, value in (("triples", stats.triples), ("distinctSubjects", stats.subjects),
                        ("properties", stats.properties), ("classes", stats.classes)):
        t.about(d, VOID + name, _number(value))
    t.about(d, VOID + "sparqlEndpoint", urls.sparql)
    t.about(d, VOID + "uriSpace", ox.Literal(BASE))
    for dump in manifest.whole:
        t.about(d, VOID + "dataDump", urls.dump(dump.name))
        t.about(d, VOID + "feature", dump.format_iri)
    for vocabulary in stats.vocabularies:
        t.about(d, VOID + "vocabulary", vocabulary)
    for example in stats.examples:
        t.about(d, VOID + "exampleResource", example)


def _distributions(t: _Triples, urls: Urls, manifest: DumpManifest) -> None:
    """Each whole-graph dump, the per-graph files, and the SPARQL endpoint as a data service."""
    d = t.subject
    for dump in manifest.whole:
        dist = ox.NamedNode(f"{urls.description}#dump-{dump.format}")
        t.about(d, DCAT + "distribution", dist)
        t.about(dist, "a", DCAT + "Distribution")
        label = formats.by_name(dump.format, "dataset").label
        t.about(dist, DCT + "title", ox.Literal(f"The whole graph as gzipped {label}", language="en"))
        t.about(dist, DCAT + "downloadURL", urls.dump(dump.name))
        t.about(dist, DCAT + "accessURL", urls.downloads)
        t.about(dist, DCAT + "mediaType", IANA + dump.media_type)
        t.about(dist, DCAT + "compressFormat", IANA + "application/gzip")
        t.about(dist, DCT + "format", dump.format_iri)
        t.about(dist, DCAT + "byteSize", ox.Literal(str(dump.size), datatype=ox.NamedNode(XSD + "nonNegativeInteger")))
        t.about(dist, DCT + "license", DOCUMENTS_LICENCE)
        t.about(dist, DCT + "issued", ox.Literal(manifest.created, datatype=ox.NamedNode(XSD + "dateTime")))
        checksum = ox.NamedNode(f"{urls.description}#dump-{dump.format}-checksum")
        t.about(dist, SPDX + "checksum", checksum)
        t.about(checksum, "a", SPDX + "Checksum")
        t.about(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        t.about(checksum, SPDX + "checksumValue", ox.Literal(dump.sha256, datatype=ox.NamedNode(XSD + "hexBinary")))
    per_graph = ox.NamedNode(urls.description + "#dump-per-graph")
    t.about(d, DCAT + "distribution", per_graph)
    t.about(per_graph, "a", DCAT + "Distribution")
    t.about(per_graph, DCT + "title", ox.Literal("Each document's graph as a gzipped N-Quads file of its own", language="en"))
    t.about(per_graph, DCT + "description", ox.Literal(
        f"{len(manifest.per_graph)} files, listed with their sizes and SHA-256 checksums on the downloads page", language="en"))
    t.about(per_graph, DCAT + "accessURL", urls.downloads)
    t.about(per_graph, DCAT + "mediaType", IANA + formats.by_name("nquads").media_type)
    t.about(per_graph, DCAT + "compressFormat", IANA + "application/gzip")
    t.about(per_graph, DCT + "license", DOCUMENTS_LICENCE)
    service, endpoint = ox.NamedNode(urls.sparql), ox.NamedNode(urls.description + "#sparql")
    t.about(service, "a", DCAT + "DataService")
    t.about(service, DCT + "title", ox.Literal("The SPARQL 1.1 endpoint of the graph (read-only)", language="en"))
    t.about(service, DCAT + "endpointURL", urls.sparql)
    t.about(service, DCAT + "endpointDescription", urls.sparql)  # the endpoint answers its service description
    t.about(service, DCT + "conformsTo", SPARQL_PROTOCOL)
    t.about(service, DCAT + "servesDataset", d)
    t.about(service, DCT + "license", CODE_LICENCE)
    t.about(d, DCAT + "distribution", endpoint)
    t.about(endpoint, "a", DCAT + "Distribution")
    t.about(endpoint, DCT + "title", ox.Literal("Queries by the SPARQL 1.1 Protocol", language="en"))
    t.about(endpoint, DCAT + "accessURL", urls.sparql)
    t.about(endpoint, DCAT + "accessService", service)


class _Triples:
    """Triples about the data set, written with IRIs as strings."""

    def __init__(self, subject: str):
        self.subject = ox.NamedNode(subject)
        self.triples: list[ox.Triple] = []

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o) -> None:
        self.triples.append(ox.Triple(s, p, o))

    def about(self, s: ox.NamedNode, p: str, *objects) -> None:
        predicate = RDF_TYPE if p == "a" else ox.NamedNode(p)
        for o in objects:
            self.add(s, predicate, ox.NamedNode(o) if isinstance(o, str) else o)


def schema_org_dataset(urls: Urls, start: str | None, end: str | None) -> dict:
    """The data set as schema.org's Dataset in JSON-LD (its context inline, so that no reader has to
    fetch one), with links to the dumps but not their sizes, and the time covered (``start``, ``end``:
    see temporal_coverage) but no counts: the page that embeds it waits neither for a dump nor for
    the graph to be counted."""
    data = {
        "@context": {"@vocab": "https://schema.org/"}, "@type": "Dataset", "@id": urls.dataset,
        "name": TITLE, "description": DESCRIPTION, "url": urls.home, "keywords": list(KEYWORDS),
        "license": DOCUMENTS_LICENCE, "isAccessibleForFree": True,
        "publisher": {"@type": "Organization", "@id": urls.home + "#publisher", "name": "the cafcass-kg project"},
        "spatialCoverage": {"@type": "Place", "name": "England", "sameAs": ENGLAND},
        "distribution": [{"@type": "DataDownload", "contentUrl": urls.dump(whole_file_name(name)),
                          "encodingFormat": formats.by_name(name, "dataset").media_type,
                          "name": f"The whole graph as gzipped {formats.by_name(name, 'dataset').label}"}
                         for name in WHOLE_FORMATS],
    }
    if start and end:
        data["temporalCoverage"] = f"{start}/{end}"
    return data


__all__ = ["DESCRIPTION_PREFIXES", "Statistics", "Urls", "dataset_statistics", "describe_dataset", "schema_org_dataset",
           "temporal_coverage"]
