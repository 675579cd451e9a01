"""How an Ofsted report of a service area grades: the "Record of main findings" table (group
rows carry no grade; a row a PDF wraps is joined), the "Grade N (label)" lines closing each
section (kept apart, so that a section and the table can be compared), and grades stated in the
report's prose. The third grade is "adequate" in the 2008 reports and "satisfactory" later."""

from __future__ import annotations

import re

from . import records as r
from .improvements import TIMESCALE_HEADING
from .patterns import GRADE, grade_number
from .text import Block, Passage, SourceText, clean, table_cells

GRADE_LINE = re.compile(r"^Grade\s*:?\s*(?P<n>[1-4])\s*(?:\(\s*(?P<label>[A-Za-z]+)\s*\)|[-:]\s*(?P<label2>[A-Za-z]+))?\s*$", re.IGNORECASE)

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
# "the overall effectiveness of the Wessex service area": the area judged, then whose it is.
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
