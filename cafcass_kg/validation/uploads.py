"""RDF handed over to be validated (a request body, a form's file, a graph file) read into an
rdflib Dataset. The formats, their media types and suffixes are those of the project's format
registry (cafcass_kg.formats); the server borrows MEDIA_TYPES, RDF_SUFFIXES and parse_dataset.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from cafcass_kg import formats
from cafcass_kg.errors import GraphFileError

RDF_FORMATS = formats.of_kind("graph", "dataset")
# Media type to rdflib parser name. Each format's own media type only: the registry also accepts
# text/plain for N-Triples, but an upload sent as text/plain is not taken for RDF.
MEDIA_TYPES: dict[str, str] = {f.media_type: f.rdflib for f in RDF_FORMATS if f.rdflib}
RDF_SUFFIXES: dict[str, str] = {suffix: f.rdflib for f in RDF_FORMATS if f.rdflib for suffix in f.suffixes}
# The parsers that may name graphs, so read into the dataset itself rather than its default graph
# (JSON-LD is a graph format in the registry, but a JSON-LD document may hold named graphs).
QUAD_PARSERS = {f.rdflib for f in RDF_FORMATS if f.kind == "dataset" or f.name == "jsonld"}


def parse_dataset(data: bytes, fmt: str, name: str = "the request body") -> Dataset:
    """RDF in memory as a Dataset; ``fmt`` is an rdflib format name. Bad RDF is a GraphFileError."""
    dataset = Dataset()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GraphFileError(f"{name}: not UTF-8 (byte {exc.start})") from None
    try:
        if fmt in QUAD_PARSERS:
            dataset.parse(data=text, format=fmt)
        else:
            dataset.default_graph.parse(data=text, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many types; all mean "not valid RDF"
        raise GraphFileError(f"{name}: not valid {fmt}: {exc}") from None
    return dataset


def read_dataset(path: Path) -> Dataset:
    """A graph file (TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML) as a Dataset."""
    path = Path(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise GraphFileError(f"{path}: unknown graph format '{path.suffix}' (use .trig, .nq, .ttl, .nt, .jsonld or .rdf)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such graph file") from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return parse_dataset(data, fmt, str(path))
