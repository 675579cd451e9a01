"""The geometry a PDF page is rebuilt from (fragments of characters, lines, pages, paragraphs),
the thresholds that decide it, and the layout rules: reading order (a page of two columns is
read left column first), paragraph breaks from line spacing, and words hyphenated at a line end
re-joined. ``pdf`` reads the characters; this module arranges them."""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

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


# --- Reading order and paragraphs --------------------------------------------------------------


def paragraphs(pages: list[Page]) -> list[Paragraph]:
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
    return Line(fragments, line_text(Line(fragments)))


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


def rejoin_hyphenated(paragraphs: list[Paragraph]) -> None:
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


def line_text(line: Line) -> str:
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
