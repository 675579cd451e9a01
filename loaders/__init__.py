"""Loaders: one module per document genre, a shared text layer, and one mapping to RDF.

A genre module has ``GENRE`` (its identifier), ``LABEL``, ``detect(text) -> float`` and a pure
``parse(text) -> ParsedDocument``. Adding a genre is adding a module to ``GENRES``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from cafcass_kg.errors import DocumentError
from cafcass_kg.limits import Limits

from . import (
    ofsted_national_inspection,
    ofsted_report,
    ofsted_visit_letter,
    other_document,
    press_release,
)
from . import judgements
from . import records as r
from cafcass_kg.dates import Period, resolve_relative
from cafcass_kg.ingest import ExtractedText, SourceFile, read_bytes
from .records import ParsedDocument

GENRES = (ofsted_report, ofsted_national_inspection, ofsted_visit_letter, press_release)  # chosen by detection; other_document is the fallback
DETECTION_THRESHOLD = 0.5
MIN_CHARACTERS = 200


@dataclass
class LoadedDocument:
    """A parsed source document: where it came from, its exact text and its records."""

    name: str
    text: str
    sha256: str  # of the text (the document's identity), not of the file
    parsed: ParsedDocument
    source: SourceFile | None = None  # the file as received
    extracted: ExtractedText | None = None  # how the text was read from it (its ``text`` is ``text``)
    warnings: tuple[str, ...] = ()  # what is missing from a partial document, what a reader worked around


def detect_genre(text: str):
    """The genre module that fits ``text`` best, or None when none fits well enough."""
    scored = sorted(((g.detect(text), g.GENRE, g) for g in GENRES), reverse=True)
    score, _, genre = scored[0]
    return genre if score >= DETECTION_THRESHOLD else None


def load_text(name: str, data: bytes, limits: Limits | None = None) -> LoadedDocument:
    """Read (PDF, web page, Word or text), detect and parse one document. A partial document loads
    with warnings naming what it lacks; DocumentError, with the reason, only for what cannot be
    read or is not about Cafcass."""
    limits = limits or Limits()
    _check_size(name, len(data), limits.file_bytes, "file", "bytes", "--max-file-size")
    reading = read_bytes(name, data)
    text = reading.extracted.text
    _check_size(name, len(text), limits.text_characters, "text", "characters", "--max-text")
    if len(text.strip()) < MIN_CHARACTERS:
        raise DocumentError(name, f"the text is too short to state anything ({len(text.strip())} characters; "
                                  f"at least {MIN_CHARACTERS} are needed)")
    try:
        parsed, warnings = parse_text(text)
    except NotAboutCafcass as exc:
        raise DocumentError(name, str(exc)) from None
    parsed, undated = resolve_relative_dates(parsed, document_day(parsed, reading.extracted), text)
    warnings += undated
    return LoadedDocument(name, text, hashlib.sha256(text.encode("utf-8")).hexdigest(), parsed,
                          reading.source, reading.extracted, (*reading.extracted.warnings, *warnings))


def document_dates(parsed: ParsedDocument, extracted: ExtractedText | None = None) -> list[str]:
    """The dates a document gives itself (ISO: a day, a month or a year), most telling first: stated
    in its text, its embargo, its file's metadata."""
    info = next(iter(parsed.of(r.DocumentInfo)), None)
    dates = [info.issued.iso if info is not None and info.issued is not None else None,
             info.embargoed_until.isoformat()[:10] if info is not None and info.embargoed_until is not None else None,
             extracted.published if extracted is not None else None]
    return [d for d in dates if d]


def document_day(parsed: ParsedDocument, extracted: ExtractedText | None = None) -> dt.date | None:
    """The first of the document's own dates that is a day (what "today" is read against)."""
    day = next((d for d in document_dates(parsed, extracted) if re.match(r"\d{4}-\d{2}-\d{2}", d)), None)
    return dt.date.fromisoformat(day[:10]) if day else None


def resolve_relative_dates(parsed: ParsedDocument, day: dt.date | None, text: str) -> tuple[ParsedDocument, list[str]]:
    """Inspections dated against the document's own day ("Ofsted today published its report"), and
    a warning for each such date a document without a day of its own leaves undated."""
    warnings: list[str] = []

    def dated(period: Period | None) -> Period | None:
        if period is None or period.kind != "relative":
            return period
        resolved = resolve_relative(period, day) if day else None
        if resolved is None:
            warnings.append(f"'{period.iso}' left undated: " + ("the document states no day of its own" if day is None
                                                                  else "no identifier names such a period"))
        return resolved

    if not any(isinstance(rec, r.Inspection) and "relative" in (getattr(rec.fieldwork_start, "kind", None),
                                                                  getattr(rec.published, "kind", None))
               for rec in parsed.records):
        return parsed, warnings  # nothing said against the document's date (most documents)
    records = []
    for rec in parsed.records:
        if isinstance(rec, r.Inspection) and "relative" in (getattr(rec.fieldwork_start, "kind", None), getattr(rec.published, "kind", None)):
            rec = replace(rec, fieldwork_start=dated(rec.fieldwork_start), published=dated(rec.published))
            if rec.framework is None:
                rec = replace(rec, framework=judgements.framework_for(text, rec.fieldwork_start or rec.published))
        records.append(rec)
    return ParsedDocument(parsed.genre, records), warnings


def _check_size(name: str, size: int, limit: int, what: str, units: str, option: str) -> None:
    if size > limit:
        raise DocumentError(name, f"the {what} is {size:,} {units}, over the limit of {limit:,} ({option})")


def parse_text(text: str) -> tuple[ParsedDocument, list[str]]:
    """The records of a text and the warnings about what it lacks. A text that its genre's reader
    cannot follow is read as a document about Cafcass; one not about Cafcass at all raises
    NotAboutCafcass."""
    genre = detect_genre(text)
    if genre is not None:
        try:
            parsed = genre.parse(text)
        except (ValueError, StopIteration) as exc:
            reason = str(exc) or "its structure is incomplete"
            return other_document.parse(text), [f"read as a partial {genre.LABEL}: {reason}; only the facts its "
                                                "paragraphs state (organisation, people, figures, citations) were read"]
        return parsed, _missing(parsed)
    if not other_document.is_about_cafcass(text):
        kinds = "; ".join(g.LABEL for g in GENRES)
        raise NotAboutCafcass(f"not about Cafcass: the text never names Cafcass and reads as none of the known kinds ({kinds})")
    return other_document.parse(text), [f"no known layout ({'; '.join(g.LABEL for g in GENRES)}): read as a "
                                        f"{other_document.LABEL}, for the facts its paragraphs state"]


class NotAboutCafcass(ValueError):
    """A text that is no document about Cafcass (a recipe, the minutes of another body)."""


def _missing(parsed: ParsedDocument) -> list[str]:
    """What a partial document lacks that a whole one of its genre has."""
    if parsed.genre != ofsted_report.GENRE:
        return []
    judgements = parsed.of(r.Judgement)
    stated = {j.stated_in for j in judgements}
    if not judgements:
        return ["no graded judgement: neither a Record of main findings nor any 'Grade N' line (an excerpt, "
                "or a report cut short?)"]
    if "record-of-main-findings" not in stated:
        return ["no Record of main findings: section grades only (the report may be cut short)"]
    return []


def load_path(path: Path, limits: Limits | None = None) -> LoadedDocument:
    limits = limits or Limits()
    try:
        size = path.stat().st_size
        _check_size(str(path), size, limits.file_bytes, "file", "bytes", "--max-file-size")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    return load_text(str(path), data, limits)
