"""Reading a file as published: PDF, web page, Word document or plain text, to the text that facts are
read from.

Each format has a reader module with ``MEDIA_TYPE``, ``looks_like(data) -> bool`` (a sniff of the
bytes, never the file name alone) and ``extract(name, data) -> ExtractedText``; a reader raises
``DocumentError`` naming the file when the bytes cannot be read. The text a reader returns is what
evidence offsets count code points in, and it is stored in the graph with the document.
"""

from __future__ import annotations

import unicodedata

from cafcass_kg.errors import DocumentError

from . import pdf, web_page, word
from .extracted import ExtractedText, Reading, SourceFile, decode_plain_text, distribution_version

__all__ = ["ExtractedText", "Reading", "SourceFile", "decode_plain_text", "distribution_version", "read_bytes", "readers"]


def readers() -> tuple:
    """The format readers, most specific first; plain text is the fallback."""
    return (pdf, word, web_page)


def read_bytes(name: str, data: bytes) -> Reading:
    """The text of a file, by what its bytes are (not its name). Raises DocumentError."""
    if not data.strip():
        raise DocumentError(name, "the file is empty")
    for reader in readers():
        if reader.looks_like(data):
            extracted = reader.extract(name, data)
            break
    else:
        extracted = decode_plain_text(name, data)
    return Reading(SourceFile.of(name, data), _normalised(extracted))


def _normalised(extracted: ExtractedText) -> ExtractedText:
    """Line ends as "\\n" and ligatures folded ("ﬁ" to "fi") so that every reader
    gives parsers the same kind of text; page starts move with the text (each page is folded on
    its own, so a page still starts where its first character went)."""
    text = extracted.text
    if "\r" not in text and text.isascii():
        return extracted
    bounds = [0, *extracted.page_starts[1:], len(text)] if extracted.page_starts else [0, len(text)]
    pages = [_fold_text(text[a:b]) for a, b in zip(bounds, bounds[1:])]
    starts, at = [], 0
    for page in pages:
        starts.append(at)
        at += len(page)
    page_starts = tuple(starts) if extracted.page_starts else ()
    return ExtractedText(**{**extracted.__dict__, "text": "".join(pages), "page_starts": page_starts})


def _fold_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _fold(c) for c in text)


def _fold(ch: str) -> str:
    # Only what a PDF's fonts introduce: ligatures (U+FB00-FB06) and the soft hyphen, which marks
    # where a word may break. Other compatibility characters mean something ("1989²" is a footnote).
    if "\ufb00" <= ch <= "\ufb06":
        return unicodedata.normalize("NFKC", ch)
    if ch == "\u00ad":
        return ""
    return ch
