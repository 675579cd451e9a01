"""Which inspection a document reports, and when: its subject (a service area, a unit or Cafcass
itself), its kind (inspection, focused or monitoring visit), its fieldwork dates, dates said
against the document's own ("inspected in January"), the earlier inspections it recalls, and
the framework it was carried out under."""

from __future__ import annotations

import re

from cafcass_kg.dates import RELATIVE_WORDS, Period, parse_period, relative

from . import records as r
from .inspection_vocabulary import vocabulary
from .patterns import MONTH_NAME, PROPER
from .text import SourceText

# ---- inspections ---------------------------------------------------------------------------------

_DAY = r"(?P<{n}d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?P<{n}m>" + MONTH_NAME + r"))?(?:\s+(?P<{n}y>(?:19|20)\d{{2}}))?"
RANGE = re.compile(_DAY.format(n="a") + r"\s*(?:-|to|and|until)\s*" + _DAY.format(n="b"))
MONTHS_RANGE = re.compile(r"\b(?:in|during)\s+(?P<am>" + MONTH_NAME + r")(?:\s+(?P<ay>\d{4}))?(?:\s+(?:and|to|-)\s+(?P<bm>" + MONTH_NAME + r"))?\s+(?P<by>(?:19|20)\d{2})")
DATES_LINE = re.compile(r"(?i)\binspection\s+dates?\s*:")
FIELDWORK_CUE = re.compile(r"(?i)\b(?:inspect\w*|visit\w*|on\s+site|took\s+place|carried\s+out|fieldwork)\b")
AREA_SUBJECT = [
    re.compile(r"\b(?i:inspection|report|review|visit)\s+(?:from\s+Ofsted\s+)?(?:of|on|into|to)\s+(?:(?:Cafcass(?:'s|')?|its|the|our)\s+)?(?P<name>" + PROPER + r")\s+(?i:service\s+area|region)\b"),
    re.compile(r"\b(?:Cafcass(?:'s|')?|[Ii]ts|[Oo]ur)\s+(?P<name>" + PROPER + r")\s+(?:service|team)\s+(?:has\s+been|was|is)\s+(?:judged|rated|graded)\b"),
    re.compile(r"\b(?:Cafcass(?:'s|’s|')?|[Ii]ts|[Oo]ur)\s+service\s+(?:area\s+)?in\s+(?:the\s+)?(?P<name>" + PROPER + r")\s+(?:has\s+been|was|is)\s+(?:judged|rated|graded)\b"),
    re.compile(r"\b(?i:judged|rated|graded)\s+(?:the\s+)?Cafcass(?:'s|’s|')?\s+service\s+(?:area\s+)?in\s+(?P<name>" + PROPER + r")\s+"),
    # "Ofsted has given the Cafcass service covering Wessex and Mercia an overall rating of ..."
    re.compile(r"\b(?:the\s+)?Cafcass(?:'s|’s|')?\s+service\s+(?:area\s+)?(?:covering|serving|for)\s+(?P<name>" + PROPER + r")"
               r"(?=\s+(?:an?\s+)?(?i:overall|rating|grade|was|has|is|had)\b|\s*[,.])"),
]
NATIONAL = re.compile(r"(?i)\bas\s+a\s+national\s+organisation\b|\bnational\s+(?:inspection|organisation)\b|\bfull\s+inspection\b")
KIND = re.compile(r"(?i)\b(?P<kind>focused\s+visit|monitoring\s+visit)\b")
EARLIER = re.compile(
    r"(?i)\b(?:previous|last|earlier|prior|former)\s+(?:\w+\s+){0,2}?(?P<kind>inspection|focused\s+visit|monitoring\s+visit|visit)\b"
    r"(?:\s+of\s+(?:Cafcass|the\s+(?:service|organisation)))?(?:,?\s+(?:in|of)\s+(?P<when>(?:" + MONTH_NAME + r"\s+)?(?:19|20)\d{2}))?"
    r"|\b(?:followed|after|since)\s+(?:the|its|an?)\s+(?P<kind2>inspection|focused\s+visit|monitoring\s+visit|visit)\b"
    r"(?:\s+(?:in|of)\s+(?P<when2>(?:" + MONTH_NAME + r"\s+)?(?:19|20)\d{2}))?"
    r"|\b(?:years?|months?)\s+(?:after|since)\b")
# Dates said against the document's own: "Ofsted today published its report", "inspected in January".
_WHEN = r"(?P<when>" + RELATIVE_WORDS + r")"
PUBLISHED_RELATIVE = re.compile(r"(?i)\b(?:(?:published|released|issued)\s+(?:(?:its|the|a|our)\s+)?(?:\w+\s+){0,2}?" + _WHEN
                                + r"|" + _WHEN.replace("when", "when2") + r"\s+(?:published|released|issued))\b")
REPORT_WORDS = re.compile(r"(?i)\b(?:report|findings|letter|judgements?|outcome)\b")
FIELDWORK_RELATIVE = re.compile(
    r"(?i)\b(?:inspected|visited|inspection|visit)\s+(?:(?:of|by|to)\s+\S+\s+(?:\S+\s+){0,4}?)?(?:in|during)\s+(?P<month>" + MONTH_NAME + r")\b(?!\s*,?\s*(?:19|20)\d{2})"
    r"|\b(?:inspected|visited)\s+(?P<when>last\s+(?:month|year)|earlier\s+this\s+(?:month|year)|this\s+(?:month|year))\b"
    r"|\b(?P<when2>last\s+(?:month|year))'s\s+(?:inspection|visit)\b")
FRAMEWORK_DATE = re.compile(r"(?i)\bframework\s+(?:introduced|published|issued)\s+in\s+(?P<when>" + MONTH_NAME + r"\s+\d{4})")


def fieldwork(doc: SourceText) -> tuple[Period | None, Period | None, str | None, r.Span | None]:
    """When the inspection took place: an "Inspection dates:" line, or the first dated sentence about inspecting or visiting."""
    for block in doc.blocks:
        for sentence in block.sentences():
            text = sentence.text
            if not (DATES_LINE.search(text) or FIELDWORK_CUE.search(text)) or EARLIER.search(text):
                continue
            found = _date_range(text)
            if found:
                start, end, said = found
                return start, end, said, sentence.span()
    return None, None, None, None


def relative_dates(doc: SourceText) -> tuple[Period | None, Period | None, r.Span | None]:
    """When a document says an inspection took place or was published only against its own date
    ("inspected in January", "Ofsted today published its report"): relative periods, which the
    loader dates once it knows the document's date; and the sentence that says when it took place."""
    fieldwork = published = span = None
    for block in doc.blocks:
        for sentence in block.sentences():
            text = sentence.text
            if EARLIER.search(text):
                continue
            if fieldwork is None and (m := FIELDWORK_RELATIVE.search(text)):
                fieldwork, span = relative(m["month"] or m["when"] or m["when2"]), sentence.span()
            if published is None and REPORT_WORDS.search(text) and (m := PUBLISHED_RELATIVE.search(text)):
                published = relative(m["when"] or m["when2"])
    return fieldwork, published, span


def _date_range(text: str) -> tuple[Period, Period | None, str] | None:
    for m in RANGE.finditer(text):
        year_b = m["by"] or m["ay"]
        month_b = m["bm"]
        if not (year_b and month_b):
            continue
        start = parse_period(f"{m['ad']} {m['am'] or month_b} {m['ay'] or year_b}")
        end = parse_period(f"{m['bd']} {month_b} {year_b}")
        if start and end and start.kind == "day" and start.first_day <= end.first_day:
            return start, end, m.group(0)
    m = MONTHS_RANGE.search(text)
    if m and re.search(r"(?i)took\s+place|visited|inspected|on\s+site", text):
        start = parse_period(f"{m['am']} {m['ay'] or m['by']}")
        end = parse_period(f"{m['bm']} {m['by']}") if m["bm"] else None
        return (start, end, m.group(0)) if start else None
    return None


def framework_for(text: str, when: Period | None) -> str | None:
    """The framework an inspection followed: the one the text dates, or the one in force when it took place."""
    frameworks = vocabulary().frameworks
    if when is not None and when.kind == "relative":
        when = None  # dated once the document's own date is known (loaders.resolve_relative_dates)
    m = FRAMEWORK_DATE.search(text)
    if m:
        said = parse_period(m["when"])
        for f in frameworks:
            for day in (f.issued, f.start):
                if said and day and (day.year, day.month) == (said.first_day.year, said.first_day.month):
                    return f.label
    if when is None:
        return None
    day = when.first_day
    for f in frameworks:
        if (f.start is None or f.start <= day) and (f.end is None or day <= f.end):
            return f.label
    return None


def subject_of(doc: SourceText) -> str | None:
    """The service area or unit a document reports an inspection of, as it names it."""
    for block in doc.blocks:
        for m in (p.search(block.text) for p in AREA_SUBJECT):
            if m:
                return re.sub(r"^(?:Cafcass|CAFCASS)\s+", "", m["name"])
    return None


def kind_of(text: str) -> str:
    m = KIND.search(text[:3000])  # the heading or first paragraphs say what kind of visit a letter reports
    return vocabulary().kinds.get(re.sub(r"\s+", " ", m["kind"].lower()), m["kind"].lower()) if m else "inspection"
