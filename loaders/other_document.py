"""Genre: a document about Cafcass of no family the other genres know (a trade-press article, a
corporate page), or one of theirs too partial for its own reader (an excerpt that names no
inspected area, a release without its headline).

It reads what the shared extractors read in any text: the organisation's names, formation,
sponsor and service areas, case types, people and their posts, citations of legislation and
figures, and the inspections and graded judgements a text reports. It never guesses a publisher or a licence it cannot see.
"""

from __future__ import annotations

import re

from . import judgements
from . import records as r
from cafcass_kg.dates import own_day
from .figures import figures_in
from .improvements import improvements_of_the_first_inspection
from .law import citations
from .people import FURNITURE_LINE
from .organisation import extract_shared
from .text import SourceText

GENRE = "document-about-cafcass"
LABEL = "document about Cafcass"
CLASS = "DocumentAboutCafcass"  # its class in the ontology
PUBLISHER = None  # no publisher known from the genre (so no licence either)

ABOUT_CAFCASS = re.compile(r"\bCafcass\b|Children\s+and\s+Family\s+Court\s+Advisory\s+and\s+Support\s+Service", re.I)
CONTACT_LINE = re.compile(r"\b0\d{3,4}\s?\d{3}")


def detect(text: str) -> float:
    """Never chosen by detection: this genre is what a text about Cafcass falls back to."""
    return 0.0


def is_about_cafcass(text: str) -> bool:
    return ABOUT_CAFCASS.search(text) is not None


def parse(text: str) -> r.ParsedDocument:
    doc = SourceText.from_text("", text)
    out = r.ParsedDocument(GENRE)
    out.records.append(parse_document_info(doc))
    inspections = judgements.read(doc).records()
    out.records += inspections
    out.records += extract_shared(doc)
    out.records += citations(doc)
    out.records += parse_figures(doc)
    out.records += improvements_of_the_first_inspection(doc, inspections)
    return out


def parse_document_info(doc: SourceText) -> r.DocumentInfo:
    """The first heading is the title; a text with none is titled by its first line."""
    first = next((b for b in doc.blocks if b.text), None)
    if first is None:
        raise ValueError("the text has no words")
    title_block = next((b for b in doc.blocks[:8] if b.is_heading), first)
    passage = title_block.lines[0].passage if len(title_block.lines) > 1 else title_block.passage
    if len(passage.text) > 200:
        passage = passage.sub(0, passage.text.rfind(" ", 0, 200))
    return r.DocumentInfo(passage.span(), GENRE, passage.text, issued=own_day(line.passage.text for line in doc.lines()))


def parse_figures(doc: SourceText) -> list[r.Record]:
    out: list[r.Record] = []
    for block in doc.blocks:
        if block.is_heading or FURNITURE_LINE.match(block.lines[0].raw):
            continue  # "Related articles", "Most popular", "Comments": the page's, not the article's
        for sentence in block.sentences():
            if not CONTACT_LINE.search(sentence.text):
                out += figures_in(sentence)
    return out
