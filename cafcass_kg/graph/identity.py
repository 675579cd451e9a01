"""The IRIs of one document's entities that depend on what the document says of them: the unit or
service area a name means, and which inspection a document speaks of (one it identifies, one that
another document dates more precisely, or the one before the one it reports).

The resolver's second pass asks the same questions of every document before any is mapped
(``Resolver.from_documents``), so that the answers do not depend on the order documents are read in.
"""

from __future__ import annotations

import re
from typing import Protocol

from rdflib import URIRef

from cafcass_kg.loaders import LoadedDocument, document_dates
from cafcass_kg.loaders import records as r
from cafcass_kg.loaders.text import slug
from cafcass_kg.namespaces import ID

CAFCASS = ID["organisation/cafcass"]
OFSTED = ID["organisation/ofsted"]
UNIT_WORDS = re.compile(r"\b(?:Centre|Center|Unit|Office|Team|Board)$")
# How documents name the organisation itself when it is what was inspected (a national inspection).
THE_ORGANISATION = re.compile(r"(?i)^(?:the\s+)?(?:cafcass|children\s+and\s+family\s+court\s+advisory\s+and\s+support\s+service)"
                              r"(?:\s+\(cafcass\))?(?:\s+as\s+a\s+national\s+organisation)?$")


class CorpusIdentities(Protocol):
    """What a document's identities need of the corpus-wide ``Resolver`` (resolver.py): areas by
    name or code, and the inspections every document of the build identifies or dates."""

    inspections_by_subject: dict[URIRef, set[URIRef]]

    def area(self, name: str | None, code: str | None) -> URIRef: ...

    def inspection_within(self, subject: URIRef, period: str) -> URIRef | None: ...

    def inspection_before(self, subject: URIRef, date: str | None, strictly: bool = False,
                          within_months: int = 12) -> URIRef | None: ...


class DocumentIdentity:
    """One document's IRI and the IRIs of the units, areas and inspections it names."""

    def __init__(self, doc: LoadedDocument, resolver: CorpusIdentities):
        self.doc = doc
        self.resolver = resolver
        self.iri = ID[f"document/{doc.sha256[:16]}"]
        self.short = doc.sha256[:8]
        self.subject_iri: URIRef | None = None  # what the document is about (set as its inspections are mapped)
        self.inspection_iris: dict[str, URIRef] = {}
        self.dated_elsewhere: set[str] = set()  # inspections whose coarse dates give way to another document's

    def unit_or_area(self, name: str, code: str | None = None) -> URIRef:
        """Cafcass itself, a named unit (a centre, an office, a team), or a service area."""
        if not code and THE_ORGANISATION.match(name.strip()):
            return CAFCASS
        if not code and UNIT_WORDS.search(name):
            return ID[f"unit/{slug(name)}"]
        return self.resolver.area(name, code)

    def subject_or(self, unit: str | None) -> URIRef:
        """The unit a record names: "subject" is what the document is about, no unit is Cafcass."""
        if unit == "subject":
            return self.subject_iri or CAFCASS
        if unit is None:
            return CAFCASS
        return self.unit_or_area(unit)

    def inspection_iri(self, rec: r.Inspection) -> URIRef:
        """The inspection a record speaks of: by its reference, as part of another, or by its
        subject and dates; the same for every record of the document with the same key."""
        if rec.key in self.inspection_iris:
            return self.inspection_iris[rec.key]
        if rec.reference:
            iri = ID[f"inspection/{slug(rec.reference)}"]
        elif "/" in rec.key and not rec.key.startswith(("subject:", "other:")):
            parent, unit = rec.key.split("/", 1)
            iri = ID[f"inspection/{slug(parent)}/{slug(unit)}"]
        else:
            iri = self._inspection_of_subject(rec)
        self.inspection_iris[rec.key] = iri
        return iri

    def _inspection_of_subject(self, rec: r.Inspection) -> URIRef:
        """An inspection known by what was inspected: the one inspection of it known, the one another
        document dates within this one's period, or one named by its date or by this document."""
        subject = self.unit_or_area(rec.subject, rec.subject_code)
        known = self.resolver.inspections_by_subject.get(subject, set())
        # The inspection's own date first: a report dates it by publication, news by its fieldwork.
        when = rec.fieldwork_start or rec.published
        if len(known) == 1 and when is None:
            return next(iter(known))
        if when is not None:
            iri = self.resolver.inspection_within(subject, when.iso)
            if iri is not None:
                self.dated_elsewhere.add(rec.key)  # another document gives its dates to the day
                return iri
            return ID[f"inspection/{slug(rec.subject_code or rec.subject)}/{when.iso}"]
        if rec.key.endswith(":earlier"):  # "its previous inspection": the one before the one reported
            reported = self.reported_inspection_date()
            return ((self.resolver.inspection_before(subject, reported, strictly=True, within_months=120) if reported else None)
                    or ID[f"inspection/{slug(rec.subject_code or rec.subject)}/earlier-{self.short}"])
        return (self.resolver.inspection_before(subject, self.document_date())
                or ID[f"inspection/{slug(rec.subject_code or rec.subject)}/reported-{self.short}"])

    def reported_inspection_date(self) -> str | None:
        """When the inspection a document reports began (its first dated inspection)."""
        dated = [rec.fieldwork_start or rec.published for rec in self.doc.parsed.of(r.Inspection)
                 if not rec.key.endswith(":earlier") and (rec.fieldwork_start or rec.published)]
        return dated[0].iso if dated else self.document_date()

    def document_date(self) -> str | None:
        """The document's own date (ISO): stated in its text, its embargo, or its file's metadata."""
        return next(iter(document_dates(self.doc.parsed, getattr(self.doc, "extracted", None))), None)