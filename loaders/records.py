"""What the parsers return: plain records, each with the span of text that states it.

A parser never mints IRIs or triples; ``cafcass_kg.graph.mapping`` does, in one place. Names in records
are the document's own wording, cleaned; resolving them to entities is the mapping's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cafcass_kg.dates import Period
from .text import Span


@dataclass(frozen=True)
class Record:
    evidence: Span


@dataclass(frozen=True)
class DocumentInfo(Record):
    genre: str
    title: str
    issued: Period | None = None
    embargoed_until: dt.datetime | dt.date | None = None
    reference: str | None = None


@dataclass(frozen=True)
class OrganisationName(Record):
    """"The Children and Family Court Advisory and Support Service (Cafcass)"."""

    full_name: str
    abbreviation: str


@dataclass(frozen=True)
class Formation(Record):
    organisation: str
    date: Period
    predecessors: tuple[str, ...]
    jurisdiction: str | None = None


@dataclass(frozen=True)
class Sponsorship(Record):
    organisation: str
    department: str


@dataclass(frozen=True)
class OrganisationType(Record):
    organisation: str
    type_label: str


@dataclass(frozen=True)
class ServiceAreaCount(Record):
    organisation: str
    count: int
    national_office: str | None = None  # the place of a national office named alongside


@dataclass(frozen=True)
class UnitMention(Record):
    """An organisational unit named with a kind ("three national areas (North, South ...)")."""

    name: str
    kind: str  # "service area", "national area", "unit"
    code: str | None = None


@dataclass(frozen=True)
class ServiceAreaCoverage(Record):
    """A service area and what it covers: places (local authorities) and units."""

    code: str | None
    name: str | None
    places: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reorganisation(Record):
    area: str  # "subject" for the document's subject area
    date: Period
    description: str
    units_moved_into: tuple[str, ...] = ()
    places_transferred_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostHolding(Record):
    person: str
    job_title: str
    role: str
    unit: str | None  # None: the organisation itself; "subject": the document's subject unit
    interim: bool = False
    organisation: str | None = None  # another organisation's post (a minister's department, a charity); None: Cafcass
    since: Period | None = None  # "Chief Executive since April 2019": when the holder took the post


@dataclass(frozen=True)
class PostTenure(Record):
    """A post named without its holder ("the Operational Director has been in post since May 2015")."""

    role: str
    unit: str
    since: Period


@dataclass(frozen=True)
class Contact(Record):
    person: str
    telephones: tuple[str, ...]


@dataclass(frozen=True)
class Quotation(Record):
    speaker: str
    text: str


@dataclass(frozen=True)
class CaseType(Record):
    label: str
    branch: str  # "public law" or "private law"


@dataclass(frozen=True)
class LawBranchDefinition(Record):
    branch: str
    definition: str


@dataclass(frozen=True)
class Inspection(Record):
    """An inspection that a document reports or mentions."""

    key: str  # a stable key within the document: the reference number, or the subject's name
    subject: str  # the area or unit inspected, as the document names it
    subject_code: str | None = None
    reference: str | None = None
    published: Period | None = None
    fieldwork_start: Period | None = None
    fieldwork_end: Period | None = None
    fieldwork_text: str | None = None
    is_report_subject: bool = False
    kind: str | None = None  # "inspection", "focused visit", "monitoring visit" (a label of the inspection-kind scheme)
    framework: str | None = None  # the framework inspected under, as a label of the inspection-framework scheme


@dataclass(frozen=True)
class Judgement(Record):
    inspection: str  # Inspection.key
    area: str  # the evaluation area as written
    grade_label: str
    grade_number: int | None
    stated_in: str  # "record-of-main-findings", "section", "unit-section", "press-release"
    group: str | None = None
    unit: str | None = None  # a sub-unit judged on its own


@dataclass(frozen=True)
class AreaForImprovement(Record):
    inspection: str
    text: str
    timescale: str  # "within three months"
    months: int | None


@dataclass(frozen=True)
class Citation(Record):
    act_title: str
    act_year: int
    section: tuple[str, ...]  # ("1", "3") for section 1(3); () for the Act as a whole
    cited_for: str | None = None
    context_heading: str | None = None
    identifier: str | None = None  # "ukpga/2002/38" when the document gives the legislation.gov.uk path


@dataclass(frozen=True)
class Checklist(Record):
    name: str
    items: tuple[tuple[str, Span], ...]
    declared_count: int | None = None
    act_title: str | None = None
    act_year: int | None = None
    section: tuple[str, ...] = ()


@dataclass(frozen=True)
class GradeDefinition(Record):
    number: int
    label: str
    definition: str


@dataclass(frozen=True)
class Figure(Record):
    """One observation: a number with what it counts, its period, place and qualifier."""

    value: float
    surface: str
    unit: str
    measure: str | None = None
    qualifier: str | None = None
    period: Period | None = None
    per: str | None = None  # "P1Y" for "a year"
    area: str | None = None
    subject: str | None = None  # the unit the figure is about, when not the organisation


@dataclass(frozen=True)
class Change(Record):
    """A stated change between two figures ("increased by 36% ... from 131 ... to 178")."""

    percent: float
    direction: str  # "increase" or "decrease"
    before: Figure = field(compare=False)
    after: Figure = field(compare=False)


@dataclass(frozen=True)
class UnitFact(Record):
    """A dated fact about a unit ("operational since December 2010")."""

    unit: str
    operational_since: Period


@dataclass
class ParsedDocument:
    """All records of one document, in reading order."""

    genre: str
    records: list[Record] = field(default_factory=list)

    def of(self, kind: type) -> list:
        return [r for r in self.records if isinstance(r, kind)]
