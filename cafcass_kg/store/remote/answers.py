"""Reading a remote store's answers: the media types the client asks for and reads (taken from the
format registry, ``cafcass_kg.formats``), the answer parsed as Oxigraph would give it, and the
repair of what Virtuoso writes that is not standard (blank node labels, durations as numbers)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import requests

from cafcass_kg import formats
from cafcass_kg.errors import StoreError

# The formats an answer is read in: those the client asks for and those stores answer in anyway.
# CSV results are left out because they cannot be read back (they lose the kind of each term), and
# JSON-LD because the client never asks for it: a store answering so is reported, not guessed at.
READ_RESULTS = ("json", "xml", "tsv")
READ_GRAPHS = ("ntriples", "turtle", "rdfxml")


def _readable(kind: str, names: tuple[str, ...]) -> dict[str, ox.RdfFormat | ox.QueryResultsFormat]:
    """Each media type (served or accepted) of the named formats of a kind, to its Oxigraph format."""
    return {media_type: f.oxigraph for media_type, f in formats.media_types(kind).items() if f.name in names}


def accept_header(kind: str, *names: str) -> str:
    """An Accept header asking for the named formats of a kind, in order of preference."""
    types = [formats.by_name(name, kind).media_type for name in names]
    return ", ".join(t if i == 0 else f"{t};q={1 - i / 10:g}" for i, t in enumerate(types))


RESULT_TYPES = _readable("results", READ_RESULTS)
GRAPH_TYPES = _readable("graph", READ_GRAPHS)
# By the query's form: Virtuoso answers a CONSTRUCT asked for with a results type as a table.
ACCEPT_TABLE = accept_header("results", "json", "xml")
ACCEPT_GRAPH = accept_header("graph", "ntriples", "turtle")

# Virtuoso names blank nodes in results "nodeID://b10003", which is not a blank node label.
BNODE_VALUE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*"|"value"\s*:\s*"(?=[^"]*"\s*,\s*"type"\s*:\s*"bnode"))([^"]*)"')

# Virtuoso 7 keeps an xsd:duration as a number, of months (an integer) or of seconds (a decimal),
# and gives it back so ("12"^^xsd:duration for "P1Y"), which is not a duration. Such a value is
# written back as the canonical duration it stands for; a value that is a duration is left alone.
DURATION = b"http://www.w3.org/2001/XMLSchema#duration"
NUMBER_AS_DURATION_JSON = re.compile(
    rb'("datatype"\s*:\s*"' + re.escape(DURATION) + rb'"\s*,\s*"value"\s*:\s*")(-?[0-9.]+)(")'
    rb'|("value"\s*:\s*")(-?[0-9.]+)("(?=\s*,\s*"datatype"\s*:\s*"' + re.escape(DURATION) + rb'"))')
NUMBER_AS_DURATION_NTRIPLES = re.compile(rb'(")(-?[0-9.]+)("\^\^<' + re.escape(DURATION) + rb'>)')


class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE answered by a remote store (what ox.QueryTriples is
    for the embedded store)."""

    def __init__(self, triples: list):
        self.triples = triples

    def __iter__(self):
        return iter(self.triples)

    def serialize(self, format: ox.RdfFormat) -> bytes:  # "format" as ox.QueryTriples names it
        return ox.serialize(self.triples, format=format)


def parse_answer(response: requests.Response) -> ox.QuerySolutions | ox.QueryBoolean | GraphResult:
    """A store's answer to a query, as Oxigraph gives answers (a GraphResult for triples)."""
    mimetype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    body = _repaired(response.content, json=RESULT_TYPES.get(mimetype) == ox.QueryResultsFormat.JSON)
    try:
        if mimetype in RESULT_TYPES:
            return ox.parse_query_results(body, format=RESULT_TYPES[mimetype])
        if mimetype in GRAPH_TYPES:
            return GraphResult([quad.triple for quad in ox.parse(body, format=GRAPH_TYPES[mimetype])])
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"the store's answer ({mimetype}) does not parse: {exc}") from None
    raise StoreError(f"the store answered in an unexpected format '{mimetype or 'none'}'")


def _repaired(body: bytes, json: bool) -> bytes:
    """An answer with Virtuoso's blank node names and durations made standard (JSON results, or
    triples); the cheap test for each comes first, as most answers need neither."""
    if json and b'"bnode"' in body:
        body = BNODE_VALUE.sub(_bnode_label, body)
    if DURATION in body:
        body = (NUMBER_AS_DURATION_JSON if json else NUMBER_AS_DURATION_NTRIPLES).sub(_repaired_duration, body)
    return body


def _bnode_label(match: re.Match) -> bytes:
    return match.group(1) + re.sub(rb"[^A-Za-z0-9_]", b"_", match.group(2)) + b'"'


def duration_from_number(number: str) -> str:
    """The canonical xsd:duration of a number of months (integer) or seconds (decimal)."""
    sign, number = ("-", number[1:]) if number.startswith("-") else ("", number)
    if "." not in number:
        years, months = divmod(int(number), 12)
        text = (f"{years}Y" if years else "") + (f"{months}M" if months or not years else "")
        return f"{sign}P{text}"
    seconds = float(number)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    time_part = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "") + \
        (f"{seconds:g}S" if seconds else "")
    text = (f"{int(days)}D" if days else "") + (f"T{time_part}" if time_part else "")
    return f"{sign}P{text or 'T0S'}"


def _repaired_duration(match: re.Match) -> bytes:
    start, number, end = next(match.group(i, i + 1, i + 2) for i in (1, 4) if match.group(i) is not None)
    return start + duration_from_number(number.decode()).encode() + end
