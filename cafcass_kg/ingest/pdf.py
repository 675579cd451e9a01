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

import itertools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from cafcass_kg.errors import DocumentError

from .extracted import ExtractedText, distribution_version

MEDIA_TYPE = "application/pdf"
DISTRIBUTION = "pypdfium2"

# Gaps and spacings in units of the font size (em).
FRAGMENT_GAP = 1.0  # a wider gap between two characters on a line starts a new fragment
TAB_GAP = 1.5  # fragments this far apart are table cells
SAME_LINE = 0.4  # baselines closer than this are one line
RAISED = 0.7  # a superscript's baseline is at most this far above its line's
SMALLER = 0.85  # a superscript's size is at most this fraction of its line's
JOINED = 0.15  # fragments closer than this touch: "17" and a raised "th"
PARAGRAPH_SPACING = 1.25  # a line pitch this much above the body's starts a new paragraph
HEADING_SIZE = 1.1  # text this much larger than the body's is a heading
FURNITURE_GAP = 2.0  # a header or footer is further than this from the text it sits above or below
EDGE_LINES = 2  # how many lines at the top and at the bottom of a page may be page furniture

_LINE_END_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen it found at the end of a line
_PAGE_NUMBER = re.compile(r"(?i)^(?:page\s*)?#(?:\s*(?:of|/)\s*#)?$|^[-–]\s*#\s*[-–]$")
_MARKER = re.compile(r"^(?:\d{1,3}\.|[•●▪◦·*–-]|\(?[a-z]\)|\(?[ivx]{1,4}\))$")
_TERMINAL = ".!?:;\"'”’)"


def looks_like(data: bytes) -> bool:
    # The specification allows bytes before the header; 1 KB is what readers accept.
    return b"%PDF-" in data[:1024]


@dataclass
class Fragment:
    """Characters drawn next to each other on one line."""

    text: str
    x0: float
    x1: float
    baseline: float  # from the top of the page, in points
    size: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Line:
    fragments: list[Fragment]
    text: str = ""

    @property
    def baseline(self) -> float:
        return self.fragments[0].baseline

    @property
    def size(self) -> float:
        return max(f.size for f in self.fragments)

    @property
    def x0(self) -> float:
        return min(f.x0 for f in self.fragments)

    @property
    def x1(self) -> float:
        return max(f.x1 for f in self.fragments)


@dataclass
class Page:
    number: int
    lines: list[Line]
    has_image: bool = False


@dataclass
class Paragraph:
    lines: list[tuple[int, str]] = field(default_factory=list)  # (page number, text)


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
    paragraphs = _paragraphs(pages)
    _rejoin_hyphenated(paragraphs)
    text, page_starts = _serialise(paragraphs, len(pages))
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
            line.text = _line_text(line)
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


def _line_text(line: Line) -> str:
    """Fragments joined by a space, or by a tab where the gap is a table's column boundary (never
    after a paragraph number or bullet, which is set off by an indent, not a column)."""
    parts = [line.fragments[0].text]
    for left, right in zip(line.fragments, line.fragments[1:]):
        gap = right.x0 - left.x1
        size = max(left.size, right.size)
        is_cell_gap = gap > TAB_GAP * size and not (left is line.fragments[0] and _MARKER.match(left.text))
        parts.append("\t" if is_cell_gap else "" if gap < JOINED * size else " ")
        parts.append(right.text)
    return _folded("".join(parts))


def _folded(text: str) -> str:
    # Ligature glyphs (U+FB00-FB06) to their letters, as every other reader gives them.
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufb06" else c for c in text)


# --- Reading order and paragraphs --------------------------------------------------------------


def _paragraphs(pages: list[Page]) -> list[Paragraph]:
    flows = [(page.number, _reading_order(page.lines)) for page in pages]
    body_size, pitch = _body_metrics([flow for _, page_flows in flows for flow in page_flows])
    paragraphs: list[Paragraph] = []
    previous: Line | None = None
    previous_full = False
    for number, page_flows in flows:
        for k, flow in enumerate(page_flows):
            for line in flow:
                if line is flow[0] and k == 0 and previous is not None:
                    same = previous_full and _continues_over_page(previous, line, body_size)
                else:
                    same = previous is not None and _same_paragraph(previous, line, body_size, pitch, new_flow=line is flow[0])
                if not same:
                    paragraphs.append(Paragraph())
                _add_line(paragraphs[-1], number, line, previous, body_size)
                previous = line
            measure = (min(x.x0 for x in flow), max(x.x1 for x in flow))
            previous_full = previous.x1 - previous.x0 >= 0.8 * (measure[1] - measure[0])
    return [p for p in paragraphs if p.lines]


def _add_line(paragraph: Paragraph, page: int, line: Line, previous: Line | None, body_size: float) -> None:
    # A heading set over two lines is one heading, as the plain-text documents write it.
    if paragraph.lines and _is_heading_size(line, body_size) and previous is not None and _is_heading_size(previous, body_size):
        at, text = paragraph.lines[-1]
        paragraph.lines[-1] = (at, f"{text} {line.text}")
    else:
        paragraph.lines.append((page, line.text))


def _is_heading_size(line: Line, body_size: float) -> bool:
    return line.size >= HEADING_SIZE * body_size


def _body_metrics(flows: list[list[Line]]) -> tuple[float, float]:
    """The body text's font size and its line pitch as a multiple of the size: the commonest ones."""
    sizes = Counter()
    for flow in flows:
        for line in flow:
            sizes[round(line.size, 1)] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    ratios = [round((b.baseline - a.baseline) / a.size, 2) for flow in flows for a, b in itertools.pairwise(flow)
              if abs(a.size - b.size) < 0.5 and b.baseline > a.baseline]
    pitch = statistics.mode(ratios) if ratios else 1.5
    return body_size, max(pitch, 1.0)


def _same_paragraph(previous: Line, line: Line, body_size: float, pitch: float, new_flow: bool) -> bool:
    if new_flow:
        return False
    if abs(previous.size - line.size) >= 0.5:
        return _is_heading_size(previous, body_size) and _is_heading_size(line, body_size) and \
            line.baseline - previous.baseline <= PARAGRAPH_SPACING * pitch * max(previous.size, line.size)
    if "\t" in previous.text and "\t" in line.text:
        return True  # rows of one table
    return line.baseline - previous.baseline <= PARAGRAPH_SPACING * pitch * line.size


def _continues_over_page(last: Line, first: Line, body_size: float) -> bool:
    """A paragraph runs on over a page break when the page's last line is body text that fills its
    measure (checked by the caller) without ending a sentence, and the next page starts with body
    text at the same margin."""
    if last.text.rstrip()[-1:] in _TERMINAL or "\t" in last.text or "\t" in first.text:
        return False
    if abs(last.size - body_size) >= 0.5 or abs(first.size - body_size) >= 0.5:
        return False
    first_word = first.text.split(" ", 1)[0]
    return not _MARKER.match(first_word) and abs(first.x0 - last.x0) < 2 * body_size


def _reading_order(lines: list[Line]) -> list[list[Line]]:
    """The page's lines as flows read one after another: a two-column stretch of prose gives its
    left column's lines, then its right column's; everything else is read top to bottom."""
    gutter = _gutter(lines)
    if gutter is None:
        return [lines]
    flows: list[list[Line]] = []
    stretch: list[Line] = []
    for line in lines:
        if any(f.x0 < gutter < f.x1 for f in line.fragments):
            flows += _columns(stretch, gutter)
            stretch = []
            flows.append([line])
        else:
            stretch.append(line)
    flows += _columns(stretch, gutter)
    return flows


def _columns(stretch: list[Line], gutter: float) -> list[list[Line]]:
    left = [_side(line, [f for f in line.fragments if f.x1 <= gutter]) for line in stretch]
    right = [_side(line, [f for f in line.fragments if f.x0 >= gutter]) for line in stretch]
    return [flow for flow in ([x for x in left if x], [x for x in right if x]) if flow]


def _side(line: Line, fragments: list[Fragment]) -> Line | None:
    if not fragments:
        return None
    return Line(fragments, _line_text(Line(fragments)))


def _gutter(lines: list[Line]) -> float | None:
    """The x of a white channel between two columns of prose, if the page has one."""
    fragments = [f for line in lines for f in line.fragments]
    if len(fragments) < 8:
        return None
    left, right = min(f.x0 for f in fragments), max(f.x1 for f in fragments)
    width = right - left
    best = None
    for step in range(31):
        x = left + width * (0.3 + 0.4 * step / 30)
        crossing = sum(1 for f in fragments if f.x0 < x < f.x1)
        if best is None or crossing < best[0] or (crossing == best[0] and abs(x - (left + width / 2)) < abs(best[1] - (left + width / 2))):
            best = (crossing, x)
    crossing, x = best
    if crossing > 0.3 * len(lines):
        return None
    on_left = [f.width for f in fragments if f.x1 <= x]
    on_right = [f.width for f in fragments if f.x0 >= x]
    if len(on_left) < 3 or len(on_right) < 3:
        return None
    # Prose fills its column; a table's right-hand cells (grades, page numbers) do not.
    if statistics.median(on_left) < 0.5 * (x - left) or statistics.median(on_right) < 0.5 * (right - x):
        return None
    return x


# --- Words hyphenated at a line end ------------------------------------------------------------


_SPLIT_END = re.compile(r"(?P<head>[A-Za-z]+)[-\ufffe]$")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def _rejoin_hyphenated(paragraphs: list[Paragraph]) -> None:
    """"pro-" at a line end and "gramme" at the next line's start become "programme" on the first
    line; the hyphen stays where the document writes the word with one elsewhere ("well-known")."""
    vocabulary = {w.lower() for p in paragraphs for _, text in p.lines for w in _WORD.findall(text)}
    for paragraph in paragraphs:
        lines = paragraph.lines
        for i in range(len(lines) - 1):
            page, text = lines[i]
            m = _SPLIT_END.search(text)
            next_page, following = lines[i + 1]
            if not m or not following[:1].islower():
                continue
            tail, _, rest = following.partition(" ")
            word = re.match(r"[a-z]+", tail)
            hyphenated = f"{m['head']}-{word.group()}".lower() if word else ""
            keep = hyphenated in vocabulary
            lines[i] = (page, text[:-1] + ("-" if keep else "") + tail)
            lines[i + 1] = (next_page, rest)
        paragraph.lines = [(page, text) for page, text in lines if text]
        for i, (page, text) in enumerate(paragraph.lines):
            paragraph.lines[i] = (page, text.replace(_LINE_END_HYPHEN, "-"))


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
