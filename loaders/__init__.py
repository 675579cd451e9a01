"""Loaders: one module per document genre, a shared text layer, and one mapping to RDF.

A genre module has ``GENRE`` (its identifier), ``LABEL``, ``detect(text) -> float`` and a pure
``parse(text) -> ParsedDocument``. Adding a genre is adding a module to ``GENRES``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cafcass_kg.errors import DocumentError

from . import ofsted_report, press_release
from .records import ParsedDocument
from .text import decode

GENRES = (ofsted_report, press_release)
DETECTION_THRESHOLD = 0.5
MIN_CHARACTERS = 200


@dataclass
class LoadedDocument:
    """A parsed source document: where it came from, its exact text and its records."""

    name: str
    text: str
    sha256: str
    parsed: ParsedDocument


def detect_genre(text: str):
    """The genre module that fits ``text`` best, or None when none fits well enough."""
    scored = sorted(((g.detect(text), g.GENRE, g) for g in GENRES), reverse=True)
    score, _, genre = scored[0]
    return genre if score >= DETECTION_THRESHOLD else None


def load_text(name: str, data: bytes) -> LoadedDocument:
    """Decode, detect and parse one document. Raises DocumentError with the reason."""
    text = decode(name, data)
    if len(text.strip()) < MIN_CHARACTERS:
        raise DocumentError(name, f"the text is too short to be a report or a press release ({len(text.strip())} characters)")
    genre = detect_genre(text)
    if genre is None:
        kinds = "; ".join(g.LABEL for g in GENRES)
        raise DocumentError(name, f"unknown genre: the text reads as none of the known kinds ({kinds})")
    try:
        parsed = genre.parse(text)
    except (ValueError, StopIteration) as exc:
        reason = str(exc) or "its structure is incomplete"
        raise DocumentError(name, f"cannot be read as a {genre.LABEL}: {reason} (is it truncated?)") from None
    problem = _incomplete(parsed)
    if problem:
        raise DocumentError(name, f"cannot be read as a {genre.LABEL}: {problem} (is it truncated?)")
    return LoadedDocument(name, text, hashlib.sha256(text.encode("utf-8")).hexdigest(), parsed)


def _incomplete(parsed: ParsedDocument) -> str | None:
    from . import records as r

    if parsed.genre == ofsted_report.GENRE:
        if not parsed.of(r.Judgement):
            return "it has no graded judgement, neither a Record of main findings nor any 'Grade N' line"
    return None


def load_path(path: Path) -> LoadedDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    return load_text(str(path), data)
