"""One document's graph as the mapping writes it: its triples, each once, in the order written, and
the N-Quads writer that hands them to the store."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class DocumentGraph:
    """The triples of one document's graph, in the order written, each once.

    The mapper only adds triples and asks whether one is there; rdflib's Graph.add costs about
    15 microseconds a triple (events, context bookkeeping), which was half the time of a build."""

    def __init__(self, identifier: URIRef):
        self.identifier = identifier
        self._triples: dict[tuple, None] = {}
        self._first_object: dict[tuple, object] = {}

    def add(self, triple: tuple) -> None:
        if triple not in self._triples:
            self._triples[triple] = None
            self._first_object.setdefault(triple[:2], triple[2])

    def value(self, subject, predicate):
        """The first object written for ``subject`` and ``predicate``, or None."""
        return self._first_object.get((subject, predicate))

    def __contains__(self, triple: tuple) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def n_quads(self) -> bytes:
        """The triples as N-Quads in this graph, then the same triples in the default graph (the
        merge that queries read: see cafcass_kg/store.py). Written directly: converting each term to
        an Oxigraph term to serialise it was a third of the time of mapping a document."""
        term = _NTriplesTerms()
        lines = [f"{term(s)} {term(p)} {term(o)}" for s, p, o in self._triples]
        name = f" <{self.identifier}> .\n"
        return (name.join(lines) + name + " .\n".join(lines) + " .\n").encode("utf-8") if lines else b""


class _NTriplesTerms:
    """rdflib terms written as N-Triples terms (RDF 1.1 N-Triples, section 2); an IRI met again is
    written once. An IRI with a character N-Triples forbids is a fault of the mapping, not of a document."""

    def __init__(self):
        self.iris: dict[str, str] = {}

    def __call__(self, term) -> str:
        if isinstance(term, URIRef):
            written = self.iris.get(term)
            if written is None:
                if _NOT_IN_IRI.search(term):
                    raise ValueError(f"not a valid IRI: {str(term)!r}")
                written = self.iris[term] = f"<{term}>"
            return written
        if isinstance(term, Literal):
            value = '"' + str(term).translate(_ESCAPES) + '"'
            if term.language:
                return f"{value}@{term.language}"
            if term.datatype is not None and str(term.datatype) != XSD_STRING:
                return f"{value}^^{self(term.datatype)}"
            return value
        return f"_:{term}"  # a blank node
