"""Genre: Ofsted's report of an inspection of Cafcass as a national organisation (2014 on).

Reads the title, the publication date, the inspection (of the organisation itself: its dates,
kind and framework), the judgement table (rows a PDF dump wraps included), the overall judgement
and the graded section headings, the areas for improvement, and, through the shared extractors,
the organisation's names, people, citations and figures.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import judgements, other_document
from . import records as r
from cafcass_kg.dates import parse_period
from .improvements import areas_for_improvement
from .text import SourceText

GENRE = "ofsted-national-inspection-report"
LABEL = "Ofsted inspection of Cafcass as a national organisation"
CLASS = "NationalInspectionReport"  # its class in the ontology
PUBLISHER = "Ofsted"  # publishes the genre, under the Open Government Licence

# The title line ("Inspection of Cafcass as a national organisation 2014"), not a mention in a list or a sentence.
NATIONAL_TITLE = re.compile(r"(?im)^[^\n\-•*]{0,20}\binspection\s+of\s+(?:cafcass\s+as\s+a|the)\s+national\s+organisation\b")
DATES_LINE = re.compile(r"(?im)^\W*inspection\s+dates?\s*:")
PUBLISHED = re.compile(r"(?i)\bpublished\s*:?\s*(?P<date>(?:\d{1,2}\s+)?[A-Z][a-z]+\s+\d{4})")
# What only other genres have: a service area's record of findings, a letter, a release's notes.
OTHER_GENRES = re.compile(r"(?im)record\s+of\s+main\s+findings|^\W*dear\s+\w+|^\W*notes\s+(?:to|for)\s+editors|^\W*yours\s+sincerely")


def detect(text: str) -> float:
    """How strongly ``text`` looks like a national inspection report (0 to 1)."""
    score = 0.0
    if NATIONAL_TITLE.search(text[:2000]):
        score += 0.5
    if DATES_LINE.search(text[:3000]):
        score += 0.3
    # The table is costly to look for; without the title or the dates line the text cannot reach
    # the detection threshold whatever its tables.
    if score and len(judgements.table_rows(SourceText.from_text("", text[:6000]))) >= 2:
        score += 0.3
    if re.search(r"(?i)\blead\s+inspector\b|\bthe\s+overall\s+judgement\s+is\b", text):
        score += 0.1
    if OTHER_GENRES.search(text):
        score -= 0.6
    return max(0.0, min(score, 1.0))


def parse(text: str) -> r.ParsedDocument:
    doc = SourceText.from_text("", text)
    base = other_document.parse(text)
    info = _document_info(base.of(r.DocumentInfo)[0], doc)
    reading = judgements.read(doc, stated_in="section", kind="inspection", is_report_subject=True)
    out = r.ParsedDocument(GENRE, [info])
    out.records += reading.records()
    if reading.current is not None:
        out.records += areas_for_improvement(doc, reading.current.key)
    # The fallback reader's own inspections and judgements are this reader's, read with the genre's layout.
    out.records += [rec for rec in base.records if not isinstance(rec, (r.DocumentInfo, r.Inspection, r.Judgement))]
    return out


def _document_info(info: r.DocumentInfo, doc: SourceText) -> r.DocumentInfo:
    title = next((b for b in doc.blocks[:12] if b.is_heading and NATIONAL_TITLE.search(b.text)), None)
    published = PUBLISHED.search(doc.text)
    issued = parse_period(published["date"]) if published else None
    if title is not None:
        info = replace(info, evidence=title.passage.span(), title=title.text)
    return replace(info, genre=GENRE, issued=issued or info.issued)
