"""Genre: an Ofsted inspection report of a Cafcass service area.

Reads the reference number, publication date, fieldwork dates, the area and the local
authorities it serves, staffing, every graded judgement (from the Record of main findings
table and, kept apart, from the "Grade N (label)" lines of the sections), sub-unit judgements,
areas for improvement, the legislation cited and what for, definitions and checklists.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import records as r
from cafcass_kg.dates import parse_period
from .figures import figures_in
from .improvements import areas_for_improvement
from .law import checklists, citations
from .organisation import extract_shared
from .patterns import (
    AREA_CODE,
    GRADE,
    NUMBER,
    PROPER,
    split_list,
    strip_article,
    to_number,
)
from .report_grades import GRADE_LINE, parse_prose_grades, parse_record_of_main_findings, parse_section_grades
from .text import Passage, SourceText

GENRE = "ofsted-inspection-report"
LABEL = "Ofsted inspection report of a Cafcass service area"
CLASS = "InspectionReport"  # its class in the ontology
PUBLISHER = "Ofsted"  # publishes the genre, under the Open Government Licence

REFERENCE = re.compile(r"\b(?:Reference\s+no\.?|Ref(?:erence)?\.?|No\.)\s*:?\s*(?P<ref>(?P<code>" + AREA_CODE + r")-\d{1,4})\b")
PUBLISHED = re.compile(r"\bPublished\s*:?\s*(?P<date>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+\d{4})")
TITLE = re.compile(r"inspection\s+of\s+(?:Cafcass|CAFCASS)\s*:?\s*(?P<name>.+?)\s+service\s+area\s*$", re.IGNORECASE)
# A title broken after its colon: "Ofsted's inspection of Cafcass:" then "Sussex and Surrey service area".
TITLE_HEAD = re.compile(r"inspection\s+of\s+(?:Cafcass|CAFCASS)\s*:$", re.IGNORECASE)
TITLE_TAIL = re.compile(r"^(?P<name>[A-Z].*?)\s+service\s+area$")
# A place name that may run to a list: "Avon, Gloucestershire and Wiltshire".
AREA_NAME = r"(?P<name>[A-Z][\w'-]*(?:,?\s+(?:(?:and|of|the|upon|on)\s+)*[A-Z][\w'-]*)*)"
# "Cafcass Norfolk and Suffolk service area provides ...", "The Greater Manchester service area of Cafcass works ..."
AREA_INTRODUCED = re.compile(
    r"^(?:The\s+)?(?:Cafcass\s+|CAFCASS\s+)?" + AREA_NAME + r"\s+service\s+area(?:\s+of\s+(?:Cafcass|CAFCASS))?"
    r"\s+(?:provides|works|serves|covers|is\s+responsible)\b"
)
AREA_INSPECTED = re.compile(r"\b(?:inspected|inspection\s+of)\s+(?:the\s+)?(?:Cafcass\s+)?" + AREA_NAME + r"\s+service\s+area\b")
SERVES = re.compile(
    r"\b(?:The\s+)?(?:Cafcass\s+)?(?P<name>[A-Z][^.]*?)\s+service\s+area\s+provides\s+services\s+to\s+children\s+and\s+families\s+in\s+(?:the\s+)?(?:local\s+authority\s+areas?\s+of\s+)?(?P<places>[^.]+)\."
)
FIELDWORK_WEEK = re.compile(r"\bin\s+the\s+week\s+(?:commencing|beginning|starting)\s+(?P<start>\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})")
FIELDWORK_RANGE = re.compile(
    r"\b(?:between|from)\s+(?P<start>\d{1,2}(?:st|nd|rd|th)?(?:\s+[A-Z][a-z]+)?(?:\s+\d{4})?)\s+(?:and|to|-)\s+(?P<end>\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})"
)
UNIT_JUDGEMENT = re.compile(
    r"\b[Tt]he\s+(?:quality\s+of\s+(?:the\s+)?service\s+provided\s+by|overall\s+effectiveness\s+of)\s+(?:the\s+)?(?P<unit>[A-Z][\w ]*?)\s+is\s+" + GRADE + r"\s*\(\s*grade\s*(?P<n>[1-4])\s*\)",
)
ABBREVIATION = re.compile(r"^(?:The\s+)?(?P<name>[A-Z][\w ]+?)\s+\((?P<abbr>[A-Z]{2,6})\)$")
GRADE_DEFINITION = re.compile(r"^Grade\s*(?P<n>[1-4])\s*[-–:]\s*(?P<label>[A-Za-z]+)\s+(?P<definition>[A-Z].+)$")
LAW_BRANCH = re.compile(r"\b(?P<branch>Private|Public)\s+law\s+is\s+that\s+part\s+of\s+(?:the\s+)?family\s+law\b[^.]*\.")
STAFF_ITEM = re.compile(
    r"(?:^|,\s*|\s+and\s+|\bby\s+)(?P<n>" + NUMBER + r"|an?|one)\s+(?P<role>(?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*(?:ers?|ors?|ists?|ants?|workers?|managers?|officers?|administrators?|staff))\b"
)
REORGANISATION = re.compile(
    r"\bhas\s+existed\s+in\s+its\s+current\s+form\s+since\s+(?P<date>[A-Z][a-z]+\s+\d{4})\s+when,?\s+(?:as\s+part\s+of\s+(?P<why>[^,]+),\s+)?(?P<changes>[^.]+)\."
)
MOVED_INTO = re.compile(r"\brelocated\s+(?:in)?to\s+(?:the\s+)?(?P<unit>" + PROPER + r")")
TRANSFERRED = re.compile(r"\bservices\s+for\s+(?P<places>[A-Z][\w ,]*?)\s+(?:were|was)\s+transferred")
OPERATIONAL_SINCE = re.compile(r"\b(?:has\s+)?(?:only\s+)?been\s+operational\s+since\s+(?P<date>[A-Z][a-z]+\s+\d{4})")
STANDARD_HEADINGS = re.compile(r"^(?:Introduction|Contents|Definitions|Areas for improvement|Record of main findings)$", re.IGNORECASE)


GRADE_LINES = re.compile(GRADE_LINE.pattern, re.IGNORECASE | re.MULTILINE)


def detect(text: str) -> float:
    """How strongly ``text`` looks like an Ofsted inspection report of a service area (0 to 1)."""
    score = 0.0
    if re.search(r"\bOfsted\b", text):
        score += 0.2
    if re.search(r"Record of main findings", text, re.IGNORECASE):
        score += 0.4
    if REFERENCE.search(text):
        score += 0.2
    # An excerpt may lack the title and the table: its "Grade N" lines still mark the layout.
    if re.search(r"inspection of (?:Cafcass|CAFCASS)", text, re.IGNORECASE) or GRADE_LINES.search(text):
        score += 0.2
    return min(score, 1.0)


def parse(text: str) -> r.ParsedDocument:
    doc = SourceText.from_text("", text)
    out = r.ParsedDocument(GENRE)
    info = parse_document_info(doc)
    out.records.append(info)
    inspection = parse_inspection(doc, info)
    out.records.append(inspection)
    key = inspection.key
    out.records += parse_coverage(doc)
    out.records += extract_shared(doc)
    unit_records, unit_blocks = parse_unit_judgements(doc, inspection)
    out.records += parse_staffing_and_figures(doc, skip=unit_blocks)
    out.records += parse_record_of_main_findings(doc, key)
    out.records += parse_section_grades(doc, key)
    out.records += parse_prose_grades(doc, key, stated=out.of(r.Judgement))
    out.records += unit_records
    out.records += areas_for_improvement(doc, key)
    out.records += parse_reorganisation(doc)
    out.records += citations(doc)
    out.records += checklists(doc)
    out.records += parse_definitions(doc)
    return out


def parse_document_info(doc: SourceText) -> r.DocumentInfo:
    title = _title(doc)
    ref = REFERENCE.search(doc.text)
    published = PUBLISHED.search(doc.text)
    return r.DocumentInfo(
        title.span(),
        GENRE,
        title.text,
        issued=parse_period(published["date"]) if published else None,
        reference=ref["ref"] if ref else None,
    )


def _title(doc: SourceText) -> Passage:
    """The report's title, joined when a page layout broke it after the colon; else the first block."""
    for i, block in enumerate(doc.blocks):
        if TITLE.search(block.text):
            return block.passage
        following = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
        if following is not None and TITLE_HEAD.search(block.text) and TITLE_TAIL.match(following.text):
            return _joined(block.passage, following.passage)
    return doc.blocks[0].passage


def _joined(first: Passage, second: Passage) -> Passage:
    return Passage(f"{first.text} {second.text}", first.offsets + (first.offsets[-1] + 1,) + second.offsets)


def _subject_name(doc: SourceText) -> str:
    """The inspected area as the report names it: where it says whom it serves, else its title,
    else the sentence that introduces it or says it was inspected."""
    for block in doc.blocks:
        for sentence in block.sentences():
            m = SERVES.search(sentence.text)
            if m and "local authority" in sentence.text:
                return strip_article(re.sub(r"^Cafcass\s+", "", m["name"]))
    m = TITLE.search(_title(doc).text)
    if m:
        return strip_article(m["name"])
    for pattern in (AREA_INTRODUCED, AREA_INSPECTED):
        for block in doc.blocks:
            for sentence in block.sentences():
                m = pattern.search(sentence.text)
                if m:
                    return strip_article(m["name"])
    raise ValueError("no inspected service area is named")


def parse_inspection(doc: SourceText, info: r.DocumentInfo) -> r.Inspection:
    name = _subject_name(doc)
    code = info.reference.split("-")[0] if info.reference else None
    start = end = None
    fieldwork_text = None
    evidence = info.evidence
    for block in doc.blocks:
        for sentence in block.sentences():
            m = FIELDWORK_WEEK.search(sentence.text) or FIELDWORK_RANGE.search(sentence.text)
            if not m:
                continue
            end_text = m.groupdict().get("end")
            end = parse_period(end_text) if end_text else None
            start_text = m["start"]
            if end and not re.search(r"\d{4}", start_text):
                start_text = f"{start_text} {end_text.split()[-2] if not re.search('[A-Za-z]', start_text) else ''} {end.iso[:4]}"
            start = parse_period(start_text)
            fieldwork_text = m.group(0).strip()
            evidence = sentence.span()
            break
        if fieldwork_text:
            break
    return r.Inspection(
        evidence,
        key=info.reference or name,
        subject=name,
        subject_code=code,
        reference=info.reference,
        published=info.issued,
        fieldwork_start=start,
        fieldwork_end=end,
        fieldwork_text=fieldwork_text,
        is_report_subject=True,
    )


def parse_coverage(doc: SourceText) -> list[r.Record]:
    """The local authorities the inspected area serves."""
    for block in doc.blocks:
        for sentence in block.sentences():
            m = SERVES.search(sentence.text)
            if m and "local authority" in sentence.text:
                places = tuple(strip_article(p) for p in split_list(m["places"]))
                return [r.ServiceAreaCoverage(sentence.span(), None, "subject", places, ())]
    return []


def parse_staffing_and_figures(doc: SourceText, skip: set[int] = frozenset()) -> list[r.Record]:
    out: list[r.Record] = []
    for i, block in enumerate(doc.blocks):
        if i in skip:
            continue  # a unit's own section: its figures are read with the unit
        if block.number is None and not block.bullet:
            continue  # contents, tables and headings carry page numbers, not figures
        for sentence in block.sentences():
            staff = parse_staffing(sentence)
            out += staff or figures_in(sentence)
    return out


def parse_staffing(sentence: Passage) -> list[r.Figure]:
    """"Two managers ..., supported by 12 advisers, three support workers, an office manager ..."."""
    if not re.search(r"\bsupported\s+by\b|\bstaff(?:ing)?\s+(?:comprises|consists)|\bemploys\b", sentence.text):
        return []
    out = []
    for m in STAFF_ITEM.finditer(sentence.text):
        value = 1.0 if m["n"].lower() in ("a", "an") else to_number(m["n"])
        if value is None:
            continue
        out.append(
            r.Figure(sentence.span(m.start("n"), m.end("role")), value, f"{m['n']} {m['role']}", _singular(m["role"]),
                     measure="staff", subject="subject")
        )
    return out if len(out) >= 2 else []


def _singular(phrase: str) -> str:
    words = phrase.split()
    last = words[-1]
    if last.endswith("s") and not last.endswith("ss"):
        words[-1] = last[:-1]
    return " ".join(words)


def _abbreviations(doc: SourceText) -> dict[str, str]:
    found = {}
    for block in doc.blocks:
        if block.is_heading:
            m = ABBREVIATION.match(block.text)
            if m:
                found[m["abbr"]] = m["name"]
    return found


def parse_unit_judgements(doc: SourceText, inspection: r.Inspection) -> tuple[list[r.Record], set[int]]:
    """"The quality of the service provided by the XYZ is outstanding (grade 1)": a part inspection of a unit.

    Returns the records and the indices of the blocks of the unit's section, whose figures and
    dates are about the unit."""
    abbreviations = _abbreviations(doc)
    out: list[r.Record] = []
    section: set[int] = set()
    for i, block in enumerate(doc.blocks):
        m = UNIT_JUDGEMENT.search(block.text)
        if not m:
            continue
        unit = abbreviations.get(m["unit"], strip_article(m["unit"]))
        key = f"{inspection.key}/{unit}"
        out.append(r.Inspection(block.passage.match_span(m), key, unit, reference=None, published=inspection.published,
                                fieldwork_start=inspection.fieldwork_start, fieldwork_end=inspection.fieldwork_end,
                                fieldwork_text=inspection.fieldwork_text))
        out.append(r.Judgement(block.passage.match_span(m), key, "overall effectiveness", m["grade"], int(m["n"]), "unit-section", unit=unit))
        # Facts stated in the unit's own section are about the unit.
        for j in range(i + 1, len(doc.blocks)):
            later = doc.blocks[j]
            if later.is_heading and not later.number:
                break
            section.add(j)
            for sentence in later.sentences():
                op = OPERATIONAL_SINCE.search(sentence.text)
                since = parse_period(op["date"]) if op else None
                if since:
                    out.append(r.UnitFact(sentence.span(), unit, since))
                out += [replace(f, subject=unit) if isinstance(f, r.Figure) else f for f in figures_in(sentence)]
    return out, section


def parse_reorganisation(doc: SourceText) -> list[r.Record]:
    out: list[r.Record] = []
    for block in doc.blocks:
        for sentence in block.sentences():
            m = REORGANISATION.search(sentence.text)
            if not m:
                continue
            date = parse_period(m["date"])
            if not date:
                continue
            moved = tuple(x["unit"].strip() for x in MOVED_INTO.finditer(m["changes"]))
            transferred = tuple(p for x in TRANSFERRED.finditer(m["changes"]) for p in split_list(x["places"]))
            out.append(r.Reorganisation(sentence.span(), "subject", date, m["changes"].strip(), moved, transferred))
    return out


def parse_definitions(doc: SourceText) -> list[r.Record]:
    out: list[r.Record] = []
    for block in doc.blocks:
        for line in block.lines:
            p = line.passage
            m = GRADE_DEFINITION.match(p.text)
            if m:
                out.append(r.GradeDefinition(p.span(), int(m["n"]), m["label"], m["definition"]))
        for sentence in block.sentences():
            m = LAW_BRANCH.search(sentence.text)
            if m:
                out.append(r.LawBranchDefinition(sentence.span(), f"{m['branch'].lower()} law", sentence.text))
    return out
