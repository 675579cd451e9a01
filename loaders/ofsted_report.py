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
from .improvements import TIMESCALE_HEADING, areas_for_improvement
from .law import checklists, citations
from .organisation import extract_shared
from .patterns import (
    AREA_CODE,
    GRADE,
    NUMBER,
    PROPER,
    grade_number,
    split_list,
    strip_article,
    to_number,
)
from .text import Block, Passage, SourceText, clean, table_cells

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
GRADE_LINE = re.compile(r"^Grade\s*:?\s*(?P<n>[1-4])\s*(?:\(\s*(?P<label>[A-Za-z]+)\s*\)|[-:]\s*(?P<label2>[A-Za-z]+))?\s*$", re.IGNORECASE)
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


def _heading_of(block: Block) -> str | None:
    if not block.is_heading:
        return None
    text = block.text
    if GRADE_LINE.match(text) or TIMESCALE_HEADING.match(text):
        return None
    return text


def _find_heading(doc: SourceText, pattern: str) -> int | None:
    found = None
    for i, block in enumerate(doc.blocks):
        if block.is_heading and re.fullmatch(pattern, block.text, re.IGNORECASE):
            found = i
    return found


def parse_record_of_main_findings(doc: SourceText, inspection: str) -> list[r.Record]:
    """Rows of the "Record of main findings" table: group rows carry no grade."""
    start = _find_heading(doc, r"Record of main findings")
    if start is None:
        return []
    out: list[r.Record] = []
    group = None
    lines = [line for block in doc.blocks[start + 1:] for line in block.lines]
    for line in lines:
        cells = _row_cells(line)
        if not cells:
            if len(line.raw.strip()) > 120:
                break
            continue
        label, grade = cells
        if grade is None:
            if label.text.lower().startswith("cafcass") or ";" in label.text:
                continue  # the caption row that names the area
            group = label.text
            continue
        number = grade_number(grade.text) if not grade.text.isdigit() else int(grade.text)
        if number is None:
            continue
        top_level = re.fullmatch(r"(?i)overall effectiveness|capacity for improvement", label.text)
        out.append(
            r.Judgement(
                line.passage.span(),
                inspection,
                label.text,
                grade.text,
                number,
                "record-of-main-findings",
                group=None if top_level else group,
            )
        )
    return out


_ROW_GRADE = re.compile(r"(?i)^(?:grade\s*)?(?:[1-4]|outstanding|good|satisfactory|adequate|inadequate)$")


def _row_cells(line) -> tuple[Passage, Passage | None] | None:
    raw = line.raw.strip()
    if not raw:
        return None
    if "|" in raw:
        cells = [c for c in _cells_by(line, r"\|") if c.text and not re.fullmatch(r"[-: ]+", c.text)]
    else:
        cells = table_cells(line)
        if len(cells) == 1:
            m = re.match(r"^(?P<label>.+?)\s*[:.…]{1,}\s*(?P<grade>[A-Za-z]+|[1-4])$", cells[0].text)
            if m and _ROW_GRADE.match(m["grade"]):
                p = cells[0]
                cells = [p.group(m, "label"), p.group(m, "grade")]
    if not cells:
        return None
    if len(cells) >= 2 and _ROW_GRADE.match(cells[-1].text):
        label = cells[0] if len(cells) == 2 else _merge(cells[:-1])
        grade = cells[-1]
        grade_text = re.sub(r"(?i)^grade\s*", "", grade.text)
        if grade_text != grade.text:
            grade = grade.sub(len(grade.text) - len(grade_text))
        return label, grade
    if len(cells) == 1 and len(cells[0].text) <= 80 and not re.search(r"[.!?]$", cells[0].text):
        return cells[0], None
    if len(cells) >= 2:
        return _merge(cells), None
    return None


def _merge(cells: list[Passage]) -> Passage:
    return Passage(" ".join(c.text for c in cells), tuple(o for c in cells for o in c.offsets + (c.offsets[-1] + 1,))[:-1])


def _cells_by(line, sep: str) -> list[Passage]:
    out = []
    pos = 0
    for part in re.split(sep, line.raw):
        cell = clean(line.raw, pos, pos + len(part))
        out.append(Passage(cell.text, tuple(o + line.start for o in cell.offsets)))
        pos += len(part) + 1
    return out


def parse_section_grades(doc: SourceText, inspection: str) -> list[r.Record]:
    """"Grade N (label)" lines under a section heading."""
    out: list[r.Record] = []
    heading = None
    third_grade = _third_grade(doc)
    for block in doc.blocks:
        text = block.text
        m = GRADE_LINE.match(text) if len(block.lines) == 1 else None
        if m and heading:
            label = m["label"] or m["label2"] or _label_of(int(m["n"]), third_grade)
            out.append(r.Judgement(block.passage.span(), inspection, heading, label, int(m["n"]), "section"))
            continue
        h = _heading_of(block)
        if h:
            heading = h
    return out


# The areas of Ofsted's evaluation schedules for Cafcass service areas (2007-2012), so that a
# sentence grading one ("User engagement is inadequate") is told from one grading anything else.
SCHEDULE_AREAS = (
    "overall effectiveness", "capacity for improvement", "capacity to improve", "outcomes for children and young people",
    "quality of provision", "quality of practice", "service responsiveness", "assessment and direct work with children and young people",
    "assessment, intervention and direct work with children", "case planning and review", "case planning and recording",
    "reporting and recommendations to the court", "complaints", "leadership and management", "ambition and prioritisation",
    "performance management", "workforce development", "user engagement", "partnerships", "equality and diversity",
    "value for money", "safeguarding", "evaluation", "meeting the needs of service users",
)
# A grade stated in a sentence of the body, not in a grade line or the Record of main findings: kept
# apart so that the comparison of section grades with the Record (CQ11) reads only grade lines.
PROSE_STATED_IN = "report-text"
CLAUSE_BREAK = re.compile(r"\s*[:;]\s+|,\s+(?:and|but|while|whereas)\s+|\s+but\s+")
PROSE_GRADE = re.compile(
    r"^(?:(?:[Tt]he|[Ii]ts|[Tt]his)\s+)?(?P<area>[A-Za-z][A-Za-z,' -]{1,90}?)\s*(?:is|are)\s*"
    r"(?:judged\s+(?:to\s+be\s+)?|rated\s+(?:as\s+)?)?'?" + GRADE + r"'?(?:\s+overall)?(?:\s*\(grade\s*[1-4]\))?[.!]?$"
)
THE_SERVICE_ITSELF = re.compile(r"(?i)^(?:service(?:\s+area)?|area|service\s+provided)$")
GOOD_SERVICE = re.compile(r"^This\s+is\s+an?\s+" + GRADE + r"\s+service(?:\s+area)?\.?$")
# "the overall effectiveness of the Cheshire service area": the area judged, then whose it is.
WHOSE = re.compile(r"\s+of\s+(?:the|this|its)\s+(?:[\w' -]+\s+)?(?:service\s+area|area|service)$")


def _area_words(area: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", area.lower())) - {"and", "the", "of", "to", "for", "with"}


def _known_area(area: str, known: list[str]) -> str | None:
    """The evaluation area a prose phrase names: one of ``known`` equal to it or starting with it
    ("leadership" for "leadership and management")."""
    words = area.lower()
    for candidate in known:
        c = candidate.lower()
        if words == c or (c.startswith(words + " ") and len(words) > 3):
            return candidate
    return None


def parse_prose_grades(doc: SourceText, inspection: str, stated: list[r.Judgement]) -> list[r.Record]:
    """Grades a sentence states ("Safeguarding is satisfactory"), for the areas that no table row or
    "Grade N" line grades: an excerpt or a summary may grade in prose only."""
    headings = [b.text for b in doc.blocks if b.is_heading and not GRADE_LINE.match(b.text)]
    known = [j.area for j in stated] + headings + list(SCHEDULE_AREAS)
    graded = [_area_words(j.area) for j in stated]
    out: list[r.Record] = []
    for block in doc.blocks:
        if block.is_heading:
            continue
        for sentence in block.sentences():
            for clause in _clauses(sentence):
                judgement = _prose_judgement(clause, inspection, known)
                if judgement is None:
                    continue
                words = _area_words(judgement.area)
                if any(words <= g for g in graded):
                    continue  # already graded, or a shorter name of a graded area
                graded.append(words)
                out.append(judgement)
    return out


def _clauses(sentence: Passage) -> list[Passage]:
    out, start = [], 0
    for m in CLAUSE_BREAK.finditer(sentence.text):
        out.append(sentence.sub(start, m.start()))
        start = m.end()
    out.append(sentence.sub(start))
    return [c for c in out if c.text]


def _prose_judgement(clause: Passage, inspection: str, known: list[str]) -> r.Judgement | None:
    m = GOOD_SERVICE.match(clause.text)
    if m:
        area = "overall effectiveness"
    else:
        m = PROSE_GRADE.match(clause.text)
        if not m:
            return None
        phrase = WHOSE.sub("", m["area"].strip(" ,"))
        area = "overall effectiveness" if THE_SERVICE_ITSELF.match(phrase) else _known_area(phrase, known)
        if area is None:
            return None
    grade = m["grade"].lower()
    return r.Judgement(clause.span(), inspection, area, grade, grade_number(grade), PROSE_STATED_IN)


def _third_grade(doc: SourceText) -> str:
    """The word of grade 3 on the document's scale: "adequate" in 2008, "satisfactory" later."""
    adequate = len(re.findall(r"\badequate\b", doc.text, re.IGNORECASE))
    satisfactory = len(re.findall(r"\bsatisfactory\b", doc.text, re.IGNORECASE))
    return "adequate" if adequate > satisfactory else "satisfactory"


def _label_of(number: int, third_grade: str) -> str:
    """A bare "Grade N" line worded on the document's scale."""
    return {1: "outstanding", 2: "good", 3: third_grade, 4: "inadequate"}[number]


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
