"""Inspections and graded judgements in any document: reports, letters, releases, articles.

Grade words and the names of evaluation areas come from the vocabularies (ontology/*.ttl), not
from lists here: a new framework, area or wording is a vocabulary entry. A grade word counts as a
judgement only when it is tied to what it grades: an evaluation area of the vocabulary, the
organisation or service being judged ("has been rated good"), or a row of a judgement table. A
grade word that qualifies a noun ("good progress", "an outstanding candidate") is never one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from cafcass_kg.dates import parse_period

from . import records as r
from .inspection_vocabulary import (  # noqa: F401  (re-exported: the readers' one entry point)
    OVERALL,
    QUANTIFIER,
    SEPARATOR,
    UNPLACED,
    Framework,
    Patterns,
    Vocabulary,
    normalise,
    patterns,
    vocabulary,
)
from .inspections import (  # noqa: F401  (re-exported)
    EARLIER,
    fieldwork,
    framework_for,
    kind_of,
    relative_dates,
    subject_of,
)
from .text import Line, Passage, SourceText, table_cells

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


# "In all three areas, practice and leadership were judged to be outstanding": the grade is of the
# areas the document has just listed, whatever else the sentence names
IN_ALL_AREAS = re.compile(r"^\s*(?i:in|across|for)\s+(?P<areas>" + QUANTIFIER + r")\s*,")


def grades_in(sentence: str, recent: list[str]) -> list[Graded]:
    """Every grade in a sentence that is tied to what it grades."""
    p = patterns()
    lead = IN_ALL_AREAS.match(sentence)
    if lead and recent and (areas := _resolve(lead, recent)):
        verb = p.verb.search(sentence, lead.end())
        grade = p.grade.search(sentence, verb.end()) if verb else None
        if grade is not None and not _hypothetical(sentence[:verb.start()]):
            return [Graded(a, grade.group(0), verb.start()) for a in areas]
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
    found += [Graded(OVERALL, m["grade"], m.start()) for m in p.overall_noun.finditer(sentence)
              if not _hypothetical(sentence[:m.start()])]
    for m in p.quoted_before.finditer(sentence):
        if not any(a <= m.start() < b for a, b in taken) and not _hypothetical(sentence[:m.start()]):
            found += [Graded(a, m["grade"], m.start()) for a in _resolve(m, recent)]
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
        # "found satisfactory performance in X and Y": the areas named, never an overall grade
        return [g for g in _grade_items(rest[m.end():], verb.start(), recent) if g.area != OVERALL]
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
        # most lines name no grade at all: the cheap search spares them the "Area: grade" pattern
        m = p.heading.match(line.passage.text) if p.grade.search(line.passage.text) else None
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
        before = len(reading.judgements)
        for sentence in block.sentences():
            if any(a <= sentence.span()[0] < b for a, b in skipped):
                continue
            _read_sentence(reading, seen, sentence, stated_in, recent)
        # a bulleted list of areas, an item a line, is a list a later "in all three areas" refers to
        listed = [a for item in (block.items() if block.bullet else ()) for a in _areas_in(item.text)]
        if len(listed) >= 2 and len(reading.judgements) == before:
            recent[:] = listed
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

