"""Genre: Ofsted's letter of the findings of a focused visit or a monitoring visit to Cafcass.

Reads the letter's date, the visit (of the organisation or of a service area: its dates and
kind), the framework it followed, the grade an earlier inspection was given when the letter
recalls it (a visit itself makes no graded judgement), the areas for improvement or priority
action, and, through the shared extractors, people, citations and figures.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import judgements, other_document
from . import records as r
from cafcass_kg.dates import DAY, parse_period
from .improvements import areas_for_improvement
from .text import SourceText

GENRE = "ofsted-visit-letter"
LABEL = "Ofsted letter of a focused or monitoring visit to Cafcass"
CLASS = "VisitLetter"  # its class in the ontology
PUBLISHER = "Ofsted"  # publishes the genre, under the Open Government Licence

VISIT = re.compile(r"(?i)\b(?:focused|monitoring)\s+visit\s+to\b")
LETTER = re.compile(r"(?im)^\W*dear\s+\w+")
SIGN_OFF = re.compile(r"(?im)^\W*yours\s+(?:sincerely|faithfully)\b")
INSPECTOR = re.compile(r"(?i)\b(?:her|his)\s+majesty'?s\s+inspector")
PUBLISHED = re.compile(r"(?i)\bpublished\s*:?\s*(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")


def detect(text: str) -> float:
    """How strongly ``text`` looks like a visit letter (0 to 1)."""
    score = 0.0
    if VISIT.search(text[:3000]):
        score += 0.4
    if LETTER.search(text):
        score += 0.2
    if SIGN_OFF.search(text):
        score += 0.2
    if INSPECTOR.search(text):
        score += 0.2
    if re.search(r"(?i)record\s+of\s+main\s+findings|notes\s+(?:to|for)\s+editors", text):
        score -= 0.6
    return max(0.0, min(score, 1.0))


def parse(text: str) -> r.ParsedDocument:
    doc = SourceText.from_text("", text)
    base = other_document.parse(text)
    info = _document_info(base.of(r.DocumentInfo)[0], doc)
    reading = judgements.read(doc, stated_in="section", is_report_subject=True)
    out = r.ParsedDocument(GENRE, [info])
    out.records += reading.records()
    if reading.current is not None:
        out.records += areas_for_improvement(doc, reading.current.key)
    # The fallback reader's own inspections and judgements are this reader's, read with the genre's layout.
    out.records += [rec for rec in base.records if not isinstance(rec, (r.DocumentInfo, r.Inspection, r.Judgement))]
    return out


def _document_info(info: r.DocumentInfo, doc: SourceText) -> r.DocumentInfo:
    """The title is the visit's heading; the date is the letter's (or the page's publication date)."""
    title = next((b for b in doc.blocks[:20] if b.is_heading and VISIT.search(b.text)), None)
    published = PUBLISHED.search(doc.text)
    dated = next((b for b in doc.blocks[:15] if DAY.fullmatch(b.text.strip())), None)
    issued = parse_period(published["date"]) if published else (parse_period(dated.text) if dated else None)
    if title is not None:
        info = replace(info, evidence=title.passage.span(), title=title.text)
    return replace(info, genre=GENRE, issued=issued or info.issued)
