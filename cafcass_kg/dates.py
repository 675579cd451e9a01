"""Dates and periods as documents write them, and their standard identifiers.

A day is an ``xsd:date``, a month an ``xsd:gYearMonth``, a year an ``xsd:gYear``; a UK
financial year ("2010-11", April to March) is not a calendar year and is identified by the
UK government's interval IRI.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
DAY = re.compile(_WEEKDAY + r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b")
# "Wednesday, April 3, 2024" (a news site's American order: the comma before the year tells it from "April 2024")
US_DAY = re.compile(_WEEKDAY + r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,\s+(?P<year>(?:19|20)\d{2})\b")
# "Date: 22/03/2021" (day first, as in British documents)
NUMERIC_DAY = re.compile(r"\b(?P<day>\d{1,2})/(?P<month_number>\d{1,2})/(?P<year>(?:19|20)\d{2})\b")
MONTH = re.compile(r"\b" + _MONTH + r"\s+(?P<year>(?:19|20)\d{2})\b")
GOVERNMENT_YEAR = re.compile(r"\b(?P<first>(?:19|20)\d{2})\s*[-/–]\s*(?P<second>\d{4}|\d{2})\b")
YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")
TIME_OF_DAY = re.compile(r"\s*at\s+(?P<hh>\d{2}):?(?P<mm>\d{2})\s*(?:hrs|hours)?", re.I)


@dataclass(frozen=True)
class Period:
    kind: str  # "day", "month", "year" or "government-year"
    iso: str
    start: int = 0
    end: int = 0

    @property
    def interval_iri(self) -> str:
        return f"http://reference.data.gov.uk/id/{self.kind}/{self.iso}"

    @property
    def first_day(self) -> dt.date:
        if self.kind == "day":
            return dt.date.fromisoformat(self.iso)
        if self.kind == "month":
            return dt.date.fromisoformat(self.iso + "-01")
        if self.kind == "year":
            return dt.date(int(self.iso), 1, 1)
        return dt.date(int(self.iso[:4]), 4, 1)


def _day(m: re.Match) -> Period | None:
    groups = m.groupdict()
    month = int(groups["month_number"]) if groups.get("month_number") else MONTHS[m["month"].lower()]
    try:
        d = dt.date(int(m["year"]), month, int(m["day"]))
    except ValueError:
        return None
    return Period("day", d.isoformat(), m.start(), m.end())


def find_periods(text: str) -> list[Period]:
    """Every date or period in ``text``, longest reading first, not overlapping."""
    found: list[Period] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for pattern in (DAY, US_DAY, NUMERIC_DAY):
        for m in pattern.finditer(text):
            p = _day(m) if free(m.start(), m.end()) else None
            if p:
                found.append(p)
                taken.append((m.start(), m.end()))
    for m in MONTH.finditer(text):
        if free(m.start(), m.end()):
            found.append(Period("month", f"{m['year']}-{MONTHS[m['month'].lower()]:02d}", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in GOVERNMENT_YEAR.finditer(text):
        first = int(m["first"])
        second = int(m["second"]) if len(m["second"]) == 4 else first // 100 * 100 + int(m["second"])
        if second == first + 1 and free(m.start(), m.end()):
            found.append(Period("government-year", f"{first}-{second}", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in YEAR.finditer(text):
        if free(m.start(), m.end()):
            found.append(Period("year", m["year"], m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)


def parse_period(text: str) -> Period | None:
    """The first date or period in ``text``."""
    periods = find_periods(text)
    return periods[0] if periods else None


def parse_datetime(text: str) -> tuple[dt.datetime | dt.date, int, int] | None:
    """A day, with its time of day when one follows ("22nd May 2008 at 0001hrs")."""
    m = DAY.search(text)
    if not m:
        return None
    p = _day(m)
    if not p:
        return None
    day = dt.date.fromisoformat(p.iso)
    t = TIME_OF_DAY.match(text, m.end())
    if t and int(t["hh"]) < 24 and int(t["mm"]) < 60:
        return dt.datetime(day.year, day.month, day.day, int(t["hh"]), int(t["mm"])), m.start(), t.end()
    return day, m.start(), m.end()


def month_before(month_name: str, reference: dt.date) -> Period | None:
    """The latest month of that name on or before ``reference`` ("published in January", said in February 2009)."""
    number = MONTHS.get(month_name.lower())
    if not number:
        return None
    year = reference.year if number <= reference.month else reference.year - 1
    return Period("month", f"{year}-{number:02d}")


# ---- dates said relative to the document's own ------------------------------------------------
# "Ofsted today published its report", "the inspection in January", "last year's inspection": a
# parser keeps the words as a relative period; ``resolve_relative`` dates it once the document's
# own date is known (from its text or its file's metadata), which a parser of the text alone may not see.
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_WORDS = (r"today|yesterday|tomorrow|this\s+(?:week|month|year)|last\s+(?:week|month|year)|earlier\s+this\s+(?:month|year)"
                  r"|(?:on\s+)?(?:last\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")


def relative(words: str) -> Period:
    """A period said relative to the document's date ("today", "last month", "in January")."""
    return Period("relative", re.sub(r"\s+", " ", words.strip().lower()))


def resolve_relative(period: Period, reference: dt.date) -> Period | None:
    """The period ``period`` names when said on ``reference``; None for words it cannot date."""
    if period.kind != "relative":
        return period
    words = re.sub(r"^(?:on|in|during)\s+", "", period.iso)
    if words in ("today", "yesterday", "tomorrow"):
        return Period("day", (reference + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[words])).isoformat())
    weekday = re.fullmatch(r"(?:last\s+)?(" + "|".join(_WEEKDAYS) + ")", words)
    if weekday:  # the latest such day on or before the document's ("on Tuesday"; "last Tuesday" is before it)
        back = (reference.weekday() - _WEEKDAYS.index(weekday[1])) % 7 or (7 if words.startswith("last") else 0)
        return Period("day", (reference - dt.timedelta(days=back)).isoformat())
    if words in ("this month", "earlier this month"):
        return Period("month", f"{reference.year}-{reference.month:02d}")
    if words == "last month":
        year, month = (reference.year, reference.month - 1) if reference.month > 1 else (reference.year - 1, 12)
        return Period("month", f"{year}-{month:02d}")
    if words in ("this year", "earlier this year"):
        return Period("year", str(reference.year))
    if words == "last year":
        return Period("year", str(reference.year - 1))
    if words in MONTHS:
        return month_before(words, reference)
    return None  # "this week", "last week": no identifier of ours names a week


# "Published 3 April 2024", "Date: 22/03/2021", "For immediate release: Wednesday 15 December 2010",
# or a line that is only a date: the document's own day, near its top.
DATE_LINE = re.compile(r"(?i)^\W*(?:(?:first\s+)?published(?:\s+on)?|date|posted(?:\s+on)?|issued|(?:for\s+)?immediate\s+release)?"
                       r"\s*:?\s*(?P<date>[^:]{6,40}?)\s*$")
DATE_LINE_WITHIN = 15  # lines from the top: a date further down is something the text talks about


def own_day(lines) -> Period | None:
    """The day a document dates itself by: the first line near the top that is a date (after a label)."""
    for i, line in enumerate(lines):
        if i >= DATE_LINE_WITHIN:
            return None
        m = DATE_LINE.match(line)
        if not m:
            continue
        period = parse_period(m["date"])
        if period is not None and period.kind == "day" and period.end - period.start >= len(m["date"]) - 1:
            return period
    return None
