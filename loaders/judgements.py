"""Inspections and graded judgements in any document: reports, letters, releases, articles.

Grade words and the names of evaluation areas come from the vocabularies (ontology/*.ttl), not
from lists here: a new framework, area or wording is a vocabulary entry. A grade word counts as a
judgement only when it is tied to what it grades: an evaluation area of the vocabulary, the
organisation or service being judged ("has been rated good"), or a row of a judgement table. A
grade word that qualifies a noun ("good progress", "an outstanding candidate") is never one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from cafcass_kg.resources import ontology_files

from . import records as r
from cafcass_kg.dates import RELATIVE_WORDS, Period, parse_period, relative
from .patterns import MONTH_NAME, PROPER
from .text import Line, Passage, SourceText, table_cells

SCHEME = "https://w3id.org/cafcass-kg/id/scheme/"
SCHEMA_START = URIRef("https://schema.org/startDate")
SCHEMA_END = URIRef("https://schema.org/endDate")
OVERALL = "overall effectiveness"  # what a grade with no area judges
UNPLACED = (0, 0)  # an earlier inspection no sentence has yet been found to state


# ---- the vocabularies --------------------------------------------------------------------------

@dataclass(frozen=True)
class Framework:
    label: str
    start: dt.date | None
    end: dt.date | None
    issued: dt.date | None
    areas: tuple[str, ...]  # preferred labels of the areas it grades


@dataclass(frozen=True)
class Vocabulary:
    grades: dict[str, int]  # every wording of a grade -> its number on the scale
    areas: dict[str, str | None]  # a normalised wording -> the preferred label to report, None: as written
    kinds: dict[str, str]  # a wording of an inspection kind -> its preferred label
    frameworks: tuple[Framework, ...]

    @property
    def grade_pattern(self) -> str:
        words = sorted(self.grades, key=len, reverse=True)
        return r"(?i:\b(?:" + "|".join(_label_pattern(w) for w in words) + r")\b)"

    @property
    def area_pattern(self) -> str:
        labels = sorted(self.areas, key=len, reverse=True)
        return r"(?i:\b(?:" + "|".join(_label_pattern(a) for a in labels) + r")(?!\w))"


def _label_pattern(label: str) -> str:
    """A label as a pattern: any spacing, an optional leading "the", "Cafcass" with or without its possessive."""
    words = re.findall(r"[\w]+", label.lower())
    if words and words[0] == "the":
        words = words[1:]
    parts = [r"cafcass(?:'s|')?" if w == "cafcass" else re.escape(w) for w in words]
    return r"[\s,]+".join(parts)


def normalise(text: str) -> str:
    """A wording's identity: lower case, words only, no leading article, no possessive on the organisation."""
    words = re.findall(r"[\w]+", text.lower().replace("'s", "").replace("'", ""))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _date(value) -> dt.date | None:
    if isinstance(value, Literal):
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    return None


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The grade, area, kind and framework vocabularies, read once from the ontology files."""
    g = Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    return Vocabulary(_grades(g), _areas(g), _kinds(g), _frameworks(g))


def _in_scheme(g: Graph, scheme: str) -> Iterator[URIRef]:
    yield from g.subjects(SKOS.inScheme, URIRef(SCHEME + scheme))


def _grades(g: Graph) -> dict[str, int]:
    out = {}
    for concept in _in_scheme(g, "grade"):
        number = g.value(concept, SKOS.notation)
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(concept, p):
                out[str(label).lower()] = int(number)
    return out


def _areas(g: Graph) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for concept in _in_scheme(g, "evaluation-area"):
        preferred = str(g.value(concept, SKOS.prefLabel))
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(concept, p):
                out[normalise(str(label))] = None
        for label in g.objects(concept, SKOS.hiddenLabel):
            out.setdefault(normalise(str(label)), preferred)
    return out


def _kinds(g: Graph) -> dict[str, str]:
    out = {}
    for concept in _in_scheme(g, "inspection-kind"):
        preferred = str(g.value(concept, SKOS.prefLabel))
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(concept, p):
                out[str(label).lower()] = preferred
    return out


def _frameworks(g: Graph) -> tuple[Framework, ...]:
    out = []
    for concept in _in_scheme(g, "inspection-framework"):
        areas = tuple(str(g.value(a, SKOS.prefLabel)) for a in g.objects(concept, DCTERMS.hasPart))
        out.append(Framework(str(g.value(concept, SKOS.prefLabel)), _date(g.value(concept, SCHEMA_START)),
                             _date(g.value(concept, SCHEMA_END)), _date(g.value(concept, DCTERMS.issued)), tuple(sorted(areas))))
    return tuple(sorted(out, key=lambda f: f.start or dt.date.min))


# ---- patterns built from the vocabularies ---------------------------------------------------------

@dataclass(frozen=True)
class Patterns:
    grade: re.Pattern
    grade_only: re.Pattern  # a table cell or line that is a grade and nothing else
    area: re.Pattern  # one area mention, its wording in group "label"
    area_only: re.Pattern
    passive: re.Pattern  # areas, a verb, a grade: "X and Y were judged good"
    active: re.Pattern  # a judging verb, areas, a grade: "judged X to be good"
    further: re.Pattern  # ", and Y good" after an active judgement
    as_was: re.Pattern  # ", as was Y" after a passive one
    verb: re.Pattern
    chain: re.Pattern  # after a judging verb: "[the service] [to be] good in X, adequate overall"
    item: re.Pattern
    heading: re.Pattern  # "Area: grade"


# A grade word is predicative (it grades something) when a clause boundary or one of these follows it.
PREDICATIVE = r"(?=\s*(?:$|[.,;:)!?\"'-]|\b(?:in|overall|by|for|following|after|at|and|as|with|when|since|across|from|on|during|but|while|whilst|because|four|three|two|five|six|ten|again|this|last|earlier)\b))"
DETERMINER = r"(?:(?i:the|its|their|our|his|her|this)\s+)?(?:(?:[A-Z][\w-]*|service\s+area|service|organisation|area|team)(?:'s|’s|')\s+)?"
OF_ORGANISATION = r"(?:\s+of\s+(?:the\s+)?(?:Cafcass|service(?:\s+area)?|organisation|area|team))?"
SEPARATOR = r"(?:\s*[,;]\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)"
QUANTIFIER = (r"(?i:(?:all|each|both)(?:\s+of)?(?:\s+(?:the|these|those|them|its))?(?:\s+(?P<count>two|three|four|five|six|\d))?"
              r"(?:\s+(?:(?:judgement|evaluation|key)\s+)?(?:areas|judgements))?)")
JUDGING_VERB = r"(?:judged|rated|graded|found|assessed|considered|deemed)"
BE = r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been|remains|remained)"
# "the Cafcass service in Durham and Tees Valley", "Cafcass' service in North and South of Tyne"
SERVICE_IN = r"(?:the\s+)?(?:Cafcass(?:'s|’s|')?\s+)?service\s+(?:area\s+)?in\s+(?P<service_in>" + PROPER + r")"
ORGANISATION_OBJECT = r"(?:" + SERVICE_IN.replace("?P<service_in>", "?:") + r"|(?:the\s+)?(?:service(?:\s+area)?|organisation|team)|it|them|" + PROPER + r"(?:\s+\([A-Za-z]+\))?)"


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    v = vocabulary()
    grade = v.grade_pattern
    item = DETERMINER + r"(?P<label>" + v.area_pattern + r")" + OF_ORGANISATION
    plain_item = DETERMINER + v.area_pattern + OF_ORGANISATION
    area_list = plain_item + r"(?:" + SEPARATOR + r"(?:in\s+|for\s+)?" + plain_item + r")*"
    areas = r"(?P<areas>" + area_list + r"|" + QUANTIFIER + r")"
    to_be = r"(?:\s+(?:to\s+be|as))?"
    boundary = r"(?:^|(?<=[,;:])\s*|\b(?i:and|that|while|whilst|but|which|although)\s+)"
    grade_item = r"['\"]?(?P<grade>" + grade + r")['\"]?" + PREDICATIVE
    return Patterns(
        grade=re.compile(grade),
        grade_only=re.compile(r"^\s*['\"]?(?P<grade>" + grade + r")['\"]?\s*$"),
        area=re.compile(item),
        area_only=re.compile(r"^\s*(?:the\s+)?(?P<label>" + v.area_pattern + r")\s*$", re.IGNORECASE),
        passive=re.compile(boundary + areas + r",?\s+(?P<verb>(?i:" + BE + r")(?:\s+(?i:also|both|all|each|again|now|still))?"
                           r"(?:\s+(?i:" + JUDGING_VERB + r"))?" + to_be + r")\s+" + grade_item),
        active=re.compile(r"^\s+" + areas + to_be + r"\s+" + grade_item),
        further=re.compile(r"^" + SEPARATOR + areas + to_be + r"\s+" + grade_item),
        as_was=re.compile(r"^,?\s+as\s+(?i:was|were|is|are)\s+" + areas),
        verb=re.compile(r"\b(?i:" + JUDGING_VERB + r")\b"),
        chain=re.compile(r"^(?:\s+(?P<object>" + ORGANISATION_OBJECT + r"))?" + to_be + r"\s+"),
        item=re.compile(grade_item + r"(?:\s+(?P<overall>overall)|(?:\s+by\s+[A-Z]\w*)?\s+(?:in|for)\s+" + areas + r")?"),
        heading=re.compile(r"^\s*(?P<label>.+?)\s*:\s*['\"]?(?P<grade>" + grade + r")['\"]?\s*$"),
    )


# ---- what a document says about inspections --------------------------------------------------

@dataclass(frozen=True)
class Graded:
    """A grade tied to what it grades, before it is tied to an inspection."""

    area: str
    grade: str
    at: int  # where in the sentence its verb is: what precedes it decides which inspection it is of


def area_wording(text: str) -> str | None:
    """The area a label names, as the document words it (or its preferred label, for a paraphrase)."""
    m = patterns().area_only.match(text)
    if not m:
        return None
    reported = vocabulary().areas.get(normalise(m["label"]))
    return reported or " ".join(text.split())


def _areas_in(text: str) -> list[str]:
    out = []
    for m in patterns().area.finditer(text):
        reported = vocabulary().areas.get(normalise(m["label"]))
        out.append(reported or m["label"])
    return out


_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _resolve(m: re.Match, recent: list[str]) -> list[str]:
    """The areas a match names; "all three" names the areas of the last list the document gave."""
    areas = _areas_in(m["areas"]) if m["areas"] else []
    if areas:
        return areas
    count = m.groupdict().get("count")
    wanted = _COUNTS.get(count.lower(), int(count) if count and count.isdigit() else 0) if count else 0
    if recent and (not wanted or wanted == len(recent)):
        return list(recent)
    return []


HYPOTHETICAL = re.compile(r"(?i)\b(?:where|if|unless|whether|once|until)\b[^,;:]*$|\b(?:will|would|could|may|might|should|must|can|to)\s+(?:be|have\s+been)\s*$")


def _hypothetical(before: str) -> bool:
    """A judgement in a condition or a future ("only where Cafcass has been judged inadequate") is no judgement."""
    return HYPOTHETICAL.search(before) is not None


def grades_in(sentence: str, recent: list[str]) -> list[Graded]:
    """Every grade in a sentence that is tied to what it grades."""
    p = patterns()
    found: list[Graded] = []
    taken: list[tuple[int, int]] = []
    for m in p.passive.finditer(sentence):
        if _hypothetical(sentence[:m.start("areas")]):
            continue
        areas = _resolve(m, recent)
        if not areas:
            continue
        found += [Graded(a, m["grade"], m.start("verb")) for a in areas]
        taken.append((m.start(), m.end()))
        more = p.as_was.match(sentence[m.end():])
        if more:
            found += [Graded(a, m["grade"], m.start("verb")) for a in _resolve(more, recent)]
    for v in p.verb.finditer(sentence):
        if any(a <= v.start() < b for a, b in taken) or _hypothetical(sentence[:v.start()]):
            continue
        found += _after_verb(sentence, v, recent)
    return found


def _after_verb(sentence: str, verb: re.Match, recent: list[str]) -> list[Graded]:
    p = patterns()
    rest = sentence[verb.end():]
    passive = re.search(r"(?i)\b(?:was|were|is|are|been|being)(?:,\s*\w+,)?\s+(?:also\s+|both\s+|all\s+)?$", sentence[:verb.start()])
    if not passive:
        m = p.active.match(rest)
        if m and m["areas"] and _areas_in(m["areas"]):
            return _active_judgements(rest, m, verb.start(), recent)
    m = p.chain.match(rest)
    if not m:
        return []
    if not passive and not m["object"]:
        return []
    return _grade_items(rest[m.end():], verb.start(), recent)


def _active_judgements(rest: str, m: re.Match, at: int, recent: list[str]) -> list[Graded]:
    """"judged X to be good, Y to be outstanding and Z adequate"."""
    out = [Graded(a, m["grade"], at) for a in _resolve(m, recent)]
    position = m.end()
    while True:
        more = patterns().further.match(rest[position:])
        if not more:
            return out
        out += [Graded(a, more["grade"], at) for a in _resolve(more, recent)]
        position += more.end()


def _grade_items(rest: str, at: int, recent: list[str]) -> list[Graded]:
    """"adequate overall, good in partnerships and complaints, and inadequate in case planning"."""
    out: list[Graded] = []
    position = 0
    while True:
        m = patterns().item.match(rest, position)
        if not m:
            return out
        areas = _resolve(m, recent) if m["areas"] else []
        if m["areas"] and not areas and not m["areas"].lower().startswith(("its ", "the ", "a ")):
            return out  # "in all four areas" with no list to refer to: nothing certain
        out += [Graded(a, m["grade"], at) for a in areas] if areas else [Graded(OVERALL, m["grade"], at)]
        sep = re.match(SEPARATOR, rest[m.end():])
        if not sep:
            return out
        position = m.end() + sep.end()


# ---- judgement tables ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TableRow:
    area: str
    grade: str
    span: tuple[int, int]


def table_rows(doc: SourceText) -> list[TableRow]:
    """Rows of a judgement table: "Area<tab>Grade", "Area: grade", and rows a PDF dump wraps so that
    the grade sits on a line of its own in the middle of the label."""
    lines = [line for line in doc.lines() if not line.is_blank]
    out = []
    for i, line in enumerate(lines):
        row = _row(lines, i, line)
        if row:
            out.append(row)
    return out


def _row(lines: list[Line], i: int, line: Line) -> TableRow | None:
    p = patterns()
    cells = table_cells(line)
    if not cells:
        return None
    grade = p.grade_only.match(cells[-1].text)
    if grade is None:
        m = p.heading.match(line.passage.text)
        area = area_wording(m["label"]) if m else None
        return TableRow(area, m["grade"], (line.start, line.end)) if area else None
    before = lines[i - 1] if i else None
    after = lines[i + 1] if i + 1 < len(lines) else None
    if len(cells) > 1:
        label = " ".join(c.text for c in cells[:-1])
        area = area_wording(label)
        if area is None and after is not None and not p.grade.search(after.passage.text):
            area = area_wording(f"{label} {after.passage.text}")
            return TableRow(area, grade["grade"], (line.start, after.end)) if area else None
        return TableRow(area, grade["grade"], (line.start, line.end)) if area else None
    # The grade alone on its line: the label is wrapped around it, or ends just above it.
    if before is not None and after is not None:
        area = area_wording(f"{before.passage.text} {after.passage.text}")
        if area:
            return TableRow(area, grade["grade"], (before.start, after.end))
    if before is not None and not p.grade.search(before.passage.text):
        area = area_wording(before.passage.text)
        if area:
            return TableRow(area, grade["grade"], (before.start, line.end))
    return None


# ---- inspections ---------------------------------------------------------------------------------

_DAY = r"(?P<{n}d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?P<{n}m>" + MONTH_NAME + r"))?(?:\s+(?P<{n}y>(?:19|20)\d{{2}}))?"
RANGE = re.compile(_DAY.format(n="a") + r"\s*(?:-|to|and|until)\s*" + _DAY.format(n="b"))
MONTHS_RANGE = re.compile(r"\b(?:in|during)\s+(?P<am>" + MONTH_NAME + r")(?:\s+(?P<ay>\d{4}))?(?:\s+(?:and|to|-)\s+(?P<bm>" + MONTH_NAME + r"))?\s+(?P<by>(?:19|20)\d{2})")
DATES_LINE = re.compile(r"(?i)\binspection\s+dates?\s*:")
FIELDWORK_CUE = re.compile(r"(?i)\b(?:inspect\w*|visit\w*|on\s+site|took\s+place|carried\s+out|fieldwork)\b")
AREA_SUBJECT = [
    re.compile(r"\b(?i:inspection|report|review|visit)\s+(?:from\s+Ofsted\s+)?(?:of|on|into|to)\s+(?:(?:Cafcass(?:'s|')?|its|the|our)\s+)?(?P<name>" + PROPER + r")\s+(?i:service\s+area|region)\b"),
    re.compile(r"\b(?:Cafcass(?:'s|')?|[Ii]ts|[Oo]ur)\s+(?P<name>" + PROPER + r")\s+(?:service|team)\s+(?:has\s+been|was|is)\s+(?:judged|rated|graded)\b"),
    re.compile(r"\b(?:Cafcass(?:'s|’s|')?|[Ii]ts|[Oo]ur)\s+service\s+(?:area\s+)?in\s+(?P<name>" + PROPER + r")\s+(?:has\s+been|was|is)\s+(?:judged|rated|graded)\b"),
    re.compile(r"\b(?i:judged|rated|graded)\s+(?:the\s+)?Cafcass(?:'s|’s|')?\s+service\s+(?:area\s+)?in\s+(?P<name>" + PROPER + r")\s+"),
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


# ---- putting it together ---------------------------------------------------------------------

@dataclass
class Reading:
    """What one document says about inspections: the one it reports, earlier ones it recalls, grades."""

    current: r.Inspection | None
    earlier: dict[str, r.Inspection] = field(default_factory=dict)
    judgements: list[r.Judgement] = field(default_factory=list)

    def records(self) -> list[r.Record]:
        out: list[r.Record] = [self.current] if self.current else []
        return out + [i for i in self.earlier.values() if i.evidence != UNPLACED] + self.judgements


def read(doc: SourceText, *, stated_in: str = "press-release", table_stated_in: str = "record-of-main-findings",
         current: r.Inspection | None = None, kind: str | None = None, is_report_subject: bool = False,
         skip: Iterable[r.Span] = ()) -> Reading:
    """The inspections and judgements a document states. ``current`` is an inspection another reader
    already found (its key is kept); ``skip`` are sentences another reader already read."""
    skipped = [tuple(s) for s in skip]
    start, end, said, span = fieldwork(doc)
    said_start, said_published, said_span = relative_dates(doc) if start is None else (None, None, None)
    subject = current.subject if current else (subject_of(doc) or "Cafcass")
    title = doc.blocks[0].passage.span() if doc.blocks else UNPLACED
    this = current or r.Inspection(span or said_span or title, key=f"subject:{subject}", subject=subject,
                                   is_report_subject=is_report_subject)
    if this.fieldwork_start is None and (start or said_start) is not None:
        this = replace(this, fieldwork_start=start or said_start, fieldwork_end=end, fieldwork_text=said)
    if this.published is None and said_published is not None:
        this = replace(this, published=said_published)
    if this.kind is None:
        this = replace(this, kind=kind or kind_of(doc.text))
    if this.framework is None:
        this = replace(this, framework=framework_for(doc.text, this.fieldwork_start or this.published))
    reading = Reading(this)
    seen: set[tuple[str, str, str]] = set()
    for row in table_rows(doc):
        _add(reading, seen, this, row.area, row.grade, row.span, table_stated_in)
    recent: list[str] = []
    for block in doc.blocks:
        for sentence in block.sentences():
            if any(a <= sentence.span()[0] < b for a, b in skipped):
                continue
            _read_sentence(reading, seen, sentence, stated_in, recent)
    if current is None and not reading.judgements and this.fieldwork_start is None and not is_report_subject:
        reading.current = None  # nothing graded, nothing dated: no inspection is reported
    return reading


def _read_sentence(reading: Reading, seen: set, sentence: Passage, stated_in: str, recent: list[str]) -> None:
    text = sentence.text
    graded = grades_in(text, recent)
    markers = list(EARLIER.finditer(text))
    for g in graded:
        earlier = [m for m in markers if m.start() < g.at]
        inspection = _earlier(reading, earlier[-1]) if earlier else reading.current
        _add(reading, seen, inspection, g.area, g.grade, sentence.span(), stated_in)
    for m in markers:
        if m["when"] or m["when2"]:
            inspection = _earlier(reading, m)
            if inspection.evidence == UNPLACED:
                _give_evidence(reading, inspection, sentence.span())
    mentioned = _areas_in(text)
    if len(mentioned) >= 2 and not graded:
        recent[:] = mentioned


def _earlier(reading: Reading, marker: re.Match) -> r.Inspection:
    """The earlier inspection a marker ("at the previous inspection in 2018") speaks of."""
    current = reading.current
    when_text = marker["when"] or marker["when2"]
    when = parse_period(when_text) if when_text else None
    kind_text = (marker["kind"] or marker["kind2"] or "inspection").lower()
    kind = vocabulary().kinds.get(re.sub(r"\s+", " ", kind_text), "inspection")
    subject = current.subject if current else "Cafcass"
    key = f"other:{subject}:{when.iso if when else 'earlier'}"
    if key not in reading.earlier:
        reading.earlier[key] = r.Inspection(UNPLACED, key=key, subject=subject, subject_code=current.subject_code if current else None,
                                            fieldwork_start=when, fieldwork_text=when_text, kind=kind,
                                            framework=framework_for("", when))
    return reading.earlier[key]


def _add(reading: Reading, seen: set, inspection: r.Inspection | None, area: str, grade: str, span, stated_in: str) -> None:
    if inspection is None:
        return
    label = grade.strip("'\"").lower()
    identity = (inspection.key, stated_in, normalise(area))
    if identity in seen:
        return  # a judgement of the same area stated twice in one way is one judgement
    seen.add(identity)
    if inspection.evidence == UNPLACED:
        _give_evidence(reading, inspection, span)
    reading.judgements.append(r.Judgement(span, inspection.key, area, label, vocabulary().grades.get(label), stated_in))


def _give_evidence(reading: Reading, inspection: r.Inspection, span) -> None:
    """An inspection known only from its judgements is evidenced by the first of them."""
    placed = replace(inspection, evidence=span)
    if reading.current is inspection:
        reading.current = placed
    for key, other in reading.earlier.items():
        if other is inspection:
            reading.earlier[key] = placed


def merge(records: list[r.Record], reading: Reading) -> list[r.Record]:
    """Another reader's records with what ``read`` found: its inspections enriched, no judgement twice."""
    out = list(records)
    current = reading.current
    if current is not None:
        same = [i for i, rec in enumerate(out) if isinstance(rec, r.Inspection) and rec.key == current.key]
        if same:
            for i in same:
                out[i] = _enriched(out[i], current)
        else:
            out.insert(_after_info(out), current)
    known = {(j.inspection, normalise(j.area), j.grade_label.lower()) for j in out if isinstance(j, r.Judgement)}
    areas = {(j.inspection, j.stated_in, normalise(j.area)) for j in out if isinstance(j, r.Judgement)}
    out += [i for i in reading.earlier.values() if i.evidence != UNPLACED]
    for j in reading.judgements:
        if (j.inspection, normalise(j.area), j.grade_label) in known or (j.inspection, j.stated_in, normalise(j.area)) in areas:
            continue
        known.add((j.inspection, normalise(j.area), j.grade_label))
        areas.add((j.inspection, j.stated_in, normalise(j.area)))
        out.append(j)
    return out


def _after_info(records: list[r.Record]) -> int:
    return next((i + 1 for i, rec in enumerate(records) if isinstance(rec, r.DocumentInfo)), 0)


def _enriched(old: r.Inspection, new: r.Inspection) -> r.Inspection:
    if old.fieldwork_start is None and new.fieldwork_start is not None:
        old = replace(old, fieldwork_start=new.fieldwork_start, fieldwork_end=new.fieldwork_end, fieldwork_text=new.fieldwork_text)
    return replace(old, kind=old.kind or new.kind, framework=old.framework or new.framework)

