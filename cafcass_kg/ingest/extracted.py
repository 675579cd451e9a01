"""What reading a file gives: the text with how it was obtained, the file as received, and plain
text decoded in any common encoding. The readers of the other formats build on these."""

from __future__ import annotations

import bisect
import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from cafcass_kg.errors import DocumentError

PLAIN_TEXT = "text/plain"


@dataclass(frozen=True)
class ExtractedText:
    """The text of a document and how it was obtained."""

    text: str  # newlines normalised to "\n"; evidence offsets count code points in it
    media_type: str
    extractor: str  # the distribution that read it ("pypdfium2", "charset-normalizer")
    extractor_version: str
    encoding: str | None = None  # for text: the character encoding detected or declared
    page_starts: tuple[int, ...] = ()  # for paged formats: where page 1, 2, ... begin in ``text``
    title: str | None = None  # from the file's own metadata (HTML <title>, PDF /Title), where present
    published: str | None = None  # an ISO 8601 date from the file's metadata, where present
    warnings: tuple[str, ...] = ()  # what the reader noticed but could work around

    def page_of(self, offset: int) -> int | None:
        """The page (from 1) that ``offset`` falls on, or None for a format without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass(frozen=True)
class SourceFile:
    """The file as received: its name, size and checksum (of the bytes, not of the text)."""

    name: str
    byte_size: int
    sha256: str

    @classmethod
    def of(cls, name: str, data: bytes) -> "SourceFile":
        return cls(name, len(data), hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class Reading:
    """A file and the text read from it."""

    source: SourceFile
    extracted: ExtractedText


@functools.cache  # reading a distribution's metadata costs milliseconds: as much as parsing a short text
def distribution_version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def decode_plain_text(name: str, data: bytes) -> ExtractedText:
    """Text in any common encoding: UTF-8 (with or without a BOM), UTF-16 with a BOM, Windows-1252
    and Latin-1. UTF-8 is tried first (most files are, and detection can mistake short UTF-8 for
    something else); otherwise charset-normalizer decides, and a file it cannot place is binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _plain(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentError(name, f"the file starts with a UTF-16 byte order mark but is not UTF-16: {exc.reason} at byte {exc.start}") from None
    if b"\x00" in data[:4096]:
        raise DocumentError(name, "the file is binary (it contains NUL bytes), not text, PDF, a web page or a Word document")
    try:
        return _plain(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        failure = exc
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "utf_16", "iso8859_15"]).best()
    if best is None or not _mostly_text(str(best)):
        line = data.count(b"\n", 0, failure.start) + 1
        raise DocumentError(name, f"the file is not text in a known encoding (UTF-8, UTF-16, Windows-1252, Latin-1): "
                                  f"byte 0x{data[failure.start]:02x} at line {line} (byte offset {failure.start}) is not UTF-8 "
                                  "and no other encoding reads the file as text")
    return _plain(str(best), best.encoding)


def _plain(text: str, encoding: str) -> ExtractedText:
    return ExtractedText(text=text, media_type=PLAIN_TEXT, extractor="charset-normalizer",
                         extractor_version=distribution_version("charset-normalizer"), encoding=encoding)


def _mostly_text(text: str) -> bool:
    """Binary data decoded as Latin-1 is still a string; real text is mostly letters and spaces."""
    if not text:
        return False
    sample = text[:20000]
    control = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\n\r\t\f")
    return control / len(sample) < 0.01
