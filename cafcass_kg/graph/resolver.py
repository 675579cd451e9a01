"""Corpus-wide identity: the names and codes that mean one entity across documents.

The ``Resolver`` is built from every document of a build before any is mapped: which names are one
service area (a name with a code in one document, without it in another), which abbreviations name
which organisation, and which inspections the documents identify or date, so that a press release
can point at the inspection a report identifies. IRIs therefore do not depend on reading order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from cafcass_kg.loaders import LoadedDocument
from cafcass_kg.loaders import records as r
from cafcass_kg.loaders.text import slug
from cafcass_kg.namespaces import ID, LEG

from .identity import DocumentIdentity
from .legislation import provision_path
from .reference import Reference
from .terms import ORG, RDF, RDFS, SKOS

NAME_NOISE = re.compile(r"\b(?:the|and|service|area|areas|cafcass|region|services)\b|[^a-z0-9 ]")


def area_key(name: str) -> frozenset[str]:
    """A name's identity as a set of words: "Kent, Surrey and Sussex" = "Kent,
    Sussex and Surrey service area"."""
    return frozenset(w for w in NAME_NOISE.sub(" ", name.lower()).split() if w)


@dataclass
class Resolver:
    """Corpus-wide identity: which names are one area, which inspection a release speaks of."""

    reference: Reference
    area_codes: dict[frozenset[str], str] = field(default_factory=dict)
    unit_abbreviations: dict[str, str] = field(default_factory=dict)
    org_aliases: dict[str, URIRef] = field(default_factory=dict)
    inspections_by_subject: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    dated_inspections: dict[URIRef, dict[str, URIRef]] = field(default_factory=dict)  # subject -> {ISO date: inspection}

    @classmethod
    def from_documents(cls, documents: Iterable[LoadedDocument], reference: Reference | None = None) -> Resolver:
        """The resolver of a build: names and codes first, then the inspections, from every document."""
        documents = list(documents)
        resolver = cls(reference or Reference.load())
        resolver._learn_names(documents)
        # Second pass: report inspections, so that a release can point at the report's inspection.
        resolver._learn_inspections(documents)
        return resolver

    def _learn_names(self, documents: list[LoadedDocument]) -> None:
        """Organisations' names from the reference data and the documents' abbreviations; service
        areas' codes from the inspections and coverage statements that give them."""
        for s, label in self.reference.graph.subject_objects(RDFS.label | SKOS.altLabel):
            if (s, RDF.type, ORG.FormalOrganization) in self.reference.graph:
                self.org_aliases[str(label).lower()] = s
        for doc in documents:
            for rec in doc.parsed.of(r.Inspection):
                if rec.subject_code and rec.subject:
                    self.area_codes[area_key(rec.subject)] = rec.subject_code
            for rec in doc.parsed.of(r.ServiceAreaCoverage):
                if rec.code and rec.places:
                    self.area_codes.setdefault(area_key(" ".join(rec.places)), rec.code)
            for rec in doc.parsed.of(r.OrganisationName):
                target = self.org_aliases.get(rec.abbreviation.lower())
                if target is not None:
                    self.org_aliases[rec.full_name.lower()] = target

    def _learn_inspections(self, documents: list[LoadedDocument]) -> None:
        """The inspections each subject has: those identified (by a reference, or as part of
        another) and those dated, each by the IRI its own document gives it."""
        for doc in documents:
            identity = DocumentIdentity(doc, self)
            for rec in doc.parsed.of(r.Inspection):
                if rec.reference or "/" in rec.key:
                    subject = identity.unit_or_area(rec.subject, rec.subject_code)
                    self.inspections_by_subject.setdefault(subject, set()).add(identity.inspection_iri(rec))
                elif rec.fieldwork_start or rec.published:
                    subject = identity.unit_or_area(rec.subject, rec.subject_code)
                    when = (rec.fieldwork_start or rec.published).iso
                    self.dated_inspections.setdefault(subject, {}).setdefault(when, identity.inspection_iri(rec))

    def inspection_within(self, subject: URIRef, period: str) -> URIRef | None:
        """The one inspection of ``subject`` dated more precisely inside ``period`` (a year or a month
        that a document gives for an inspection another document dates to the day)."""
        found = {iri for when, iri in self.dated_inspections.get(subject, {}).items()
                 if when.startswith(period) and len(when) > len(period)}
        return found.pop() if len(found) == 1 else None

    def inspection_before(self, subject: URIRef, date: str | None, strictly: bool = False,
                          within_months: int = 12) -> URIRef | None:
        """The inspection of ``subject`` that a document of ``date`` speaks of without dating it: the
        last one that began before the document, within a year of it (news follows an inspection).
        ``strictly`` before ``date``: the inspection before the one a document reports."""
        if not date:
            return None
        earlier = [(when, iri) for when, iri in self.dated_inspections.get(subject, {}).items()
                   if when < date[:len(when)] or (not strictly and when <= date)]
        if not earlier:
            return None
        when, iri = max(earlier)
        return iri if _months_between(when, date) <= within_months else None

    def area(self, name: str | None, code: str | None) -> URIRef:
        """A service area by its code, or by a name that another document gives a code."""
        if not code and name:
            code = self.area_codes.get(area_key(name))
        if code:
            return ID[f"area/{code.lower()}"]
        return ID[f"area/{slug(name or 'unknown')}"]

    def place(self, name: str) -> URIRef:
        """A place: its statistical geography where the reference data knows it."""
        found = self.reference.places.get(name.lower())
        return found if found is not None else ID[f"place/{slug(name)}"]

    def organisation(self, name: str) -> URIRef:
        """An organisation by any of its names or abbreviations."""
        found = self.org_aliases.get(name.lower())
        return found if found is not None else ID[f"organisation/{slug(name)}"]

    def legislation(self, title: str, year: int, section: tuple[str, ...], identifier: str | None = None) -> tuple[URIRef, URIRef]:
        """(the Act, the cited provision): legislation.gov.uk identifiers where the Act is known."""
        if identifier:
            act = LEG[identifier]
        else:
            act = self.reference.acts.get((title.lower(), year)) or ID[f"legislation/{slug(title)}-{year}"]
        provision = URIRef(f"{act}/{provision_path(section)}") if section else act
        return act, provision


def _months_between(earlier: str, later: str) -> int:
    """Whole months from one ISO date (or year-month, or year) to another."""
    def month_number(iso: str) -> int:
        year, month = int(iso[:4]), int(iso[5:7]) if len(iso) >= 7 else 1
        return year * 12 + month
    return month_number(later) - month_number(earlier)
