"""Genre: a Cafcass press release.

Reads the title, the date or embargo date, the inspection the release reports (the area or
unit, when, which grades), and, through the shared extractors, the organisation's names,
formation, sponsor, service areas, case types, people, posts, quotations, contacts and figures.
"""

from __future__ import annotations

import re

from . import judgements
from . import records as r
from cafcass_kg.dates import month_before, own_day, parse_datetime, parse_period
from .figures import figures_in
from .improvements import improvements_of_the_first_inspection
from .law import citations
from .organisation import extract_shared
from .patterns import AREA_CODE, GRADE, MONTH_NAME, PROPER, grade_number, split_list
from .text import SourceText

GENRE = "cafcass-press-release"
LABEL = "Cafcass press release"
CLASS = "PressRelease"  # its class in the ontology
PUBLISHER = "Cafcass"  # publishes the genre, under the Open Government Licence

RELEASE_MARKER = re.compile(r"^(?:Press\s+Release|News\s+Release|Immediate\s+Release|For\s+immediate\s+release|Embargoed.*|-\s*ends\s*-)$", re.I)
EMBARGO = re.compile(r"\bEmbargo(?:ed)?(?:\s+[Rr]elease)?\s*:?\s*(?:until\s+)?(?P<rest>[^\n]+)")
SUBJECT_PATTERNS = [
    re.compile(r"\b(?:inspection|report)\s+(?:from\s+Ofsted\s+)?(?:of|into)\s+(?:Cafcass(?:'s|')?\s+|the\s+)?(?P<name>" + PROPER + r")\s+(?:region|[Ss]ervice\s+area|area)\b"),
    re.compile(r"\b(?:team|service|office|unit)\s+based\s+at\s+(?:Cafcass(?:'s|')?\s+|the\s+)?(?P<name>" + PROPER + r")(?:\s+in\s+[A-Z]\w+)?\s+has\s+been\s+(?:graded|rated|judged)\s+'?" + GRADE),
    re.compile(r"\bin\s+its\s+(?P<name>" + PROPER + r")\s+services?\b[^.]*?\baccording\s+to\s+an?\s+Ofsted\s+(?:report|inspection)"),
]
OVERALL_PATTERNS = [
    re.compile(r"\bOverall,?\s+[^.]*?\b(?:was|were|is)\s+(?:rated|graded|judged)\s+(?:as\s+)?'?" + GRADE),
    re.compile(r"\b(?:judged|rated|graded|found\s+to\s+be)\s+'?" + GRADE + r"'?\s+overall\b"),
]
AREA_GRADES = re.compile(r"\b(?:found|judged|rated)\s+to\s+be\s+'?" + GRADE + r"'?\s+in\s+(?P<list>[^.]+)")
OTHER_INSPECTION = re.compile(
    r"\b(?:the\s+)?(?:(?P<code>" + AREA_CODE + r")\s+)?inspection\s+(?:published|reported)\s+in\s+(?P<month>" + MONTH_NAME + r")(?:\s+(?P<year>\d{4}))?"
    r"\s+found\s+(?:our\s+|the\s+)?service\s+in\s+(?:the\s+)?(?P<name>[A-Z][\w,' -]*?)(?:\s+area)?\s+to\s+be\s+'?" + GRADE
)
FIELDWORK = re.compile(
    r"\btook\s+place\s+(?:in|during|between)\s+(?P<m1>" + MONTH_NAME + r")(?:\s+(?P<y1>\d{4}))?(?:\s+(?:and|to|-)\s+(?P<m2>" + MONTH_NAME + r"))?\s+(?P<y2>\d{4})"
)


def detect(text: str) -> float:
    """How strongly ``text`` looks like a Cafcass press release (0 to 1)."""
    score = 0.0
    if re.search(r"^\W*Notes\s+(?:for|to)\s+Editors", text, re.I | re.M):
        score += 0.3
    if re.search(r"^\W*For\s+further\s+information", text, re.I | re.M):
        score += 0.3
    if re.search(r"^\W*(?:Press\s+Release|News\s+Release|Immediate\s+Release|Embargoed|-\s*ends\s*-)", text, re.I | re.M):
        score += 0.2
    if re.search(r"\bCafcass\b|\bCAFCASS\b", text):
        score += 0.2
    if re.search(r"Record of main findings", text, re.I):
        score -= 0.5
    return max(0.0, min(score, 1.0))


def parse(text: str) -> r.ParsedDocument:
    doc = SourceText.from_text("", text)
    out = r.ParsedDocument(GENRE)
    info = parse_document_info(doc)
    out.records.append(info)
    inspections = read_inspections(doc, info)
    out.records += inspections
    out.records += extract_shared(doc)
    out.records += parse_figures(doc, info)
    out.records += citations(doc)
    out.records += improvements_of_the_first_inspection(doc, inspections)
    return out


def parse_document_info(doc: SourceText) -> r.DocumentInfo:
    # The title: the first heading that is neither a release marker nor the date line.
    title_block = next((b for b in doc.blocks[:8] if b.is_heading and not RELEASE_MARKER.match(b.text)
                        and own_day([b.text]) is None), None)
    if title_block is None:
        raise ValueError("no title: the release has no heading line before its text")
    issued = own_day(line.passage.text for line in doc.lines())  # cleaned: "17<sup>th</sup> February 2009" is a date line
    embargo = None
    m = EMBARGO.search(doc.text)
    if m:
        parsed = parse_datetime(m["rest"])
        embargo = parsed[0] if parsed else None
    return r.DocumentInfo(title_block.passage.span(), GENRE, title_block.text, issued=issued, embargoed_until=embargo)


def _body_sentences(doc: SourceText):
    for block in doc.blocks:
        if block.is_heading:
            continue
        yield from block.sentences()


def read_inspections(doc: SourceText, info: r.DocumentInfo) -> list[r.Record]:
    """The release's own patterns first; then the generic reading, for what they do not cover (its
    sentences already read are not read again, so no judgement is stated twice)."""
    own = parse_inspections(doc, info)
    subject = next((i for i in own if isinstance(i, r.Inspection) and i.key.startswith("subject:")), None)
    read = [rec.evidence for rec in own if isinstance(rec, r.Judgement) or (isinstance(rec, r.Inspection) and rec is not subject)]
    return judgements.merge(own, judgements.read(doc, current=subject, skip=read))


def parse_inspections(doc: SourceText, info: r.DocumentInfo) -> list[r.Record]:
    out: list[r.Record] = []
    subject = None
    for sentence in _body_sentences(doc):
        text = sentence.text
        if subject is None:
            for pattern in SUBJECT_PATTERNS:
                m = pattern.search(text)
                if m:
                    name = re.sub(r"\s+Service$", "", m["name"])
                    subject = r.Inspection(sentence.span(), key=f"subject:{name}", subject=name)
                    out.append(subject)
                    if "grade" in m.groupdict() and m["grade"]:
                        out.append(_judgement(sentence, subject.key, "overall effectiveness", m["grade"]))
                    break
        m = OTHER_INSPECTION.search(text)
        if m:
            published = None
            if m["year"]:
                published = parse_period(f"{m['month']} {m['year']}")
            elif info.issued:
                published = month_before(m["month"], info.issued.first_day)
            other = r.Inspection(sentence.span(), key=f"other:{m['name']}", subject=m["name"], subject_code=m["code"], published=published)
            out.append(other)
            out.append(_judgement(sentence, other.key, "overall effectiveness", m["grade"]))
        if subject is None:
            continue
        if not subject.fieldwork_start:
            f = FIELDWORK.search(text)
            if f:
                start = parse_period(f"{f['m1']} {f['y1'] or f['y2']}")
                end = parse_period(f"{f['m2']} {f['y2']}") if f["m2"] else None
                out.remove(subject)
                subject = r.Inspection(subject.evidence, subject.key, subject.subject, fieldwork_start=start,
                                       fieldwork_end=end, fieldwork_text=f.group(0))
                out.insert(0, subject)
                out.append(r.Inspection(sentence.span(), subject.key, subject.subject, fieldwork_start=start,
                                        fieldwork_end=end, fieldwork_text=f.group(0)))
        for pattern in OVERALL_PATTERNS:
            m = pattern.search(text)
            if m:
                out.append(_judgement(sentence, subject.key, "overall effectiveness", m["grade"]))
        m = AREA_GRADES.search(text)
        if m:
            for area in split_list(m["list"]):
                out.append(_judgement(sentence, subject.key, area, m["grade"]))
    return out


def _judgement(sentence, key: str, area: str, grade: str) -> r.Judgement:
    return r.Judgement(sentence.span(), key, area, grade.lower(), grade_number(grade), "press-release")


def parse_figures(doc: SourceText, info: r.DocumentInfo) -> list[r.Record]:
    out: list[r.Record] = []
    for sentence in _body_sentences(doc):
        if re.search(r"\b0\d{3,4}\s?\d{3}", sentence.text):
            continue  # contact lines
        out += figures_in(sentence)
    return out
