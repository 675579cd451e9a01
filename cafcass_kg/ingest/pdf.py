"""PDF reader: the text layer of a PDF, laid out as the project's plain-text documents are.

PDFium (through pypdfium2) gives each character with its box and font size; this module rebuilds
the page from them rather than trusting the order in which the file draws its text: lines are the
characters that share a baseline, a wide gap within a line is a table cell boundary (written as a
tab), two columns of prose are read left column first, a gap wider than the body's line spacing is
a paragraph break (a blank line), and lines that recur at the top or bottom of most pages (running
headers, footers, page numbers) are dropped. A word hyphenated at a line end is re-joined, and a
paragraph that runs over a page break carries on without a blank line.
"""

from __future__ import annotations

import re
from collections import Counter

from cafcass_kg.errors import DocumentError

from .extracted import ExtractedText, distribution_version
from .pdf_layout import (
    _PAGE_NUMBER,
    EDGE_LINES,
    FRAGMENT_GAP,
    FURNITURE_GAP,
    RAISED,
    SAME_LINE,
    SMALLER,
    Fragment,
    Line,
    Page,
    Paragraph,
    line_text,
    paragraphs,
    rejoin_hyphenated,
)

MEDIA_TYPE = "application/pdf"
DISTRIBUTION = "pypdfium2"

# Gaps and spacings in units of the font size (em).
def looks_like(data: bytes) -> bool:
    # The specification allows bytes before the header; 1 KB is what readers accept.
    return b"%PDF-" in data[:1024]


def extract(name: str, data: bytes) -> ExtractedText:
    """The text of a PDF, one line per printed line and a blank line between paragraphs.
    Raises DocumentError for an encrypted, damaged or image-only PDF."""
    import pypdfium2 as pdfium

    document = _open(name, data, pdfium)
    try:
        pages = [_read_page(name, document, i) for i in range(len(document))]
        title = (document.get_metadata_value("Title") or "").strip() or None
    finally:
        document.close()
    if not any(page.lines for page in pages):
        raise DocumentError(name, "no text layer: run OCR first (the PDF's pages are images or blank)")
    _drop_page_furniture(pages)
    laid_out = paragraphs(pages)
    rejoin_hyphenated(laid_out)
    text, page_starts = _serialise(laid_out, len(pages))
    warnings = tuple(f"page {p.number} has no text layer: run OCR for its text" for p in pages if p.has_image and not p.lines)
    if not _is_whole(data):
        # PDFium rebuilds what it can of a cut-off file: the pages it found are read, and said to be partial.
        warnings += (f"the PDF is cut short (no end-of-file marker): pages after page {len(pages)} may be missing",)
    return ExtractedText(text=text, media_type=MEDIA_TYPE, extractor=DISTRIBUTION,
                         extractor_version=distribution_version(DISTRIBUTION), page_starts=page_starts,
                         title=title, warnings=warnings)


def _open(name: str, data: bytes, pdfium):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = _open_failure(exc)
        if not _is_whole(data):
            reason = "the PDF is damaged: it is cut short (no end-of-file marker) and what remains cannot be opened"
        raise DocumentError(name, reason) from None


def _is_whole(data: bytes) -> bool:
    return data.rfind(b"%%EOF", max(0, len(data) - 2048)) != -1


def _open_failure(exc) -> str:
    from pypdfium2 import raw

    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return "the PDF is encrypted: it cannot be opened without its password (save an unprotected copy)"
    if code == raw.FPDF_ERR_SECURITY:
        return "the PDF is encrypted with a security handler that is not supported"
    if code == raw.FPDF_ERR_FORMAT:
        return "the PDF is damaged: it is not in PDF format or its structure is corrupted"
    return f"the PDF cannot be opened: {exc}"


# --- One page: characters to fragments to lines ------------------------------------------------


def _read_page(name: str, document, index: int) -> Page:
    import pypdfium2 as pdfium

    try:
        page = document[index]
        textpage = page.get_textpage()
    except pdfium.PdfiumError as exc:
        raise DocumentError(name, f"the PDF is damaged: page {index + 1} cannot be read ({exc})") from None
    try:
        height = page.get_height()
        fragments = _fragments(textpage, height)
        has_image = not fragments and _has_image(page)
    finally:
        textpage.close()
        page.close()
    return Page(index + 1, _lines(fragments), has_image)


def _has_image(page) -> bool:
    from pypdfium2 import raw

    return any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


def _fragments(textpage, page_height: float) -> list[Fragment]:
    """Runs of characters that the file draws one after another on one line, without a wide gap."""
    import ctypes

    from pypdfium2 import raw

    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP: read them one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    out: list[Fragment] = []
    current: list[str] = []
    x0 = x1 = baseline = size = 0.0
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i, ch in enumerate(text):
        if ch in "\r\n" or (ch == " " and not current):
            continue
        if ch.isspace():
            current.append(" ")
            continue
        left, _, right, _ = textpage.get_charbox(i, loose=True)
        raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        char_size = raw.FPDFText_GetFontSize(textpage, i) or size or 10.0
        char_base = page_height - oy.value
        same_line = current and abs(char_base - baseline) <= SAME_LINE * max(size, char_size)
        if same_line and (left < x1 - 0.5 * char_size or left - x1 > FRAGMENT_GAP * max(size, char_size)):
            same_line = False  # drawn back to the left, or after a wide gap: another column or cell
        if not same_line:
            if current:
                out.append(Fragment("".join(current).strip(), x0, x1, baseline, size))
            current, x0, baseline, size = [], left, char_base, char_size
        elif char_size > size and abs(char_base - baseline) < 0.1 * char_size:
            size = char_size  # a superscript is smaller and raised: the line's size is its text's
        current.append(ch)
        x1 = max(x1, right) if current[:-1] else right
    if current:
        out.append(Fragment("".join(current).strip(), x0, x1, baseline, size))
    return [f for f in out if f.text]


def _lines(fragments: list[Fragment]) -> list[Line]:
    """Fragments that share a baseline, top to bottom, each line's fragments left to right."""
    lines: list[Line] = []
    for fragment in sorted(fragments, key=lambda f: (f.baseline, f.x0)):
        if lines and abs(fragment.baseline - lines[-1].baseline) <= SAME_LINE * fragment.size:
            lines[-1].fragments.append(fragment)
        else:
            lines.append(Line([fragment]))
    lines = _with_superscripts_attached(lines)
    for line in lines:
        line.fragments.sort(key=lambda f: f.x0)
    return lines


def _with_superscripts_attached(lines: list[Line]) -> list[Line]:
    """A line of small raised text ("th" in "17th") belongs to the line below it."""
    out: list[Line] = []
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else None
        if below is not None and _is_superscript_of(line, below):
            below.fragments.extend(line.fragments)
            continue
        out.append(line)
    return out


def _is_superscript_of(line: Line, below: Line) -> bool:
    size = max(f.size for f in below.fragments)
    return (all(f.size <= SMALLER * size for f in line.fragments)
            and 0 < below.baseline - line.baseline <= RAISED * size)


# --- Page furniture ----------------------------------------------------------------------------


def _furniture_key(text: str) -> str:
    """A line's text with its numbers aside: "Page 3 of 12" and "Page 4 of 12" are one key."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", _joined(text).lower())).strip()


def _joined(text: str) -> str:
    return text.replace("\t", " ")


def _edge_lines(page: Page) -> list[Line]:
    lines = page.lines
    return lines[:EDGE_LINES] + lines[max(EDGE_LINES, len(lines) - EDGE_LINES):]


def _drop_page_furniture(pages: list[Page]) -> None:
    """Remove running headers, footers and page numbers: lines at a page's top or bottom whose text,
    numbers aside, recurs there on most pages, or that are a page number alone."""
    for page in pages:
        for line in page.lines:
            line.text = line_text(line)
    with_text = [p for p in pages if p.lines]
    seen = Counter(k for p in with_text for k in {_furniture_key(line.text) for line in _edge_lines(p)})
    needed = max(2, (len(with_text) + 1) // 2)
    recurring = {k for k, n in seen.items() if n >= needed}
    for page in with_text:
        furniture = {id(line) for line in _edge_lines(page)
                     if (_furniture_key(line.text) in recurring and _set_apart(line, page.lines, recurring))
                     or _PAGE_NUMBER.match(_furniture_key(line.text))}
        page.lines = [line for line in page.lines if id(line) not in furniture]


def _set_apart(line: Line, lines: list[Line], recurring: set[str]) -> bool:
    """Is the line further from the text beside it than a paragraph gap? Headers and footers stand
    apart; a line of text that happens to recur (a repeated table heading) does not."""
    i = lines.index(line)
    neighbours = [n for n in (lines[i - 1] if i else None, lines[i + 1] if i + 1 < len(lines) else None) if n is not None]
    # A two-line header (a title, then a section name) is one block of furniture.
    return all(abs(n.baseline - line.baseline) > FURNITURE_GAP * n.size for n in neighbours
               if _furniture_key(n.text) not in recurring)


# --- The text and where each page starts ---------------------------------------------------------


def _serialise(paragraphs: list[Paragraph], page_count: int) -> tuple[str, tuple[int, ...]]:
    parts: list[str] = []
    starts: dict[int, int] = {}
    at = 0
    for paragraph in paragraphs:
        if parts:
            parts.append("\n\n")
            at += 2
        for i, (page, text) in enumerate(paragraph.lines):
            if i:
                parts.append("\n")
                at += 1
            starts.setdefault(page, at)
            parts.append(text)
            at += len(text)
    # A page without text starts where the next page with text does (or at the end).
    page_starts, following = [], at
    for number in range(page_count, 0, -1):
        following = starts.get(number, following)
        page_starts.append(following)
    page_starts.reverse()
    if page_starts:
        page_starts[0] = 0
    return "".join(parts), tuple(page_starts)
