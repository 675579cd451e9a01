"""The shared text layer.

A source document is kept exactly as read (newlines normalised to ``\\n``): evidence offsets
count code points in that text. Parsers work on *passages*: cleaned views of a stretch of the
document (markup removed, whitespace collapsed, typographic quotes straightened) that remember,
character by character, where each cleaned character came from. A match in a passage therefore
always maps back to a span whose raw text can be quoted exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator


Span = tuple[int, int]

_QUOTE_MAP = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
# Markup that carries no words: Markdown emphasis and headings, HTML superscripts, link targets.
_MARKUP = re.compile(r"<sup>|</sup>|\*\*|(?<!\w)\*|\*(?!\w)|^#{1,6}\s+|\]\(#\)|\]\([^)]*\)|\[", re.M)
_WORDS = re.compile(r"\S+")
_BULLET = re.compile(r"^[ \t]*[-*•][ \t]+")
_NUMBERED = re.compile(r"^[ \t]*(?:[-*•][ \t]*)?(\d{1,3})\.[ \t]*(?=\S)")
_TERMINAL = ".!?:;\"')"


@dataclass(frozen=True)
class Passage:
    """A cleaned stretch of a document with a map from each character back to the raw text."""

    text: str
    offsets: tuple[int, ...]

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The raw-text span of ``self.text[start:end]``."""
        end = len(self.text) if end is None else end
        if not self.text or start >= end:
            anchor = self.offsets[min(start, len(self.offsets) - 1)] if self.offsets else 0
            return (anchor, anchor)
        return (self.offsets[start], self.offsets[end - 1] + 1)

    def sub(self, start: int, end: int | None = None) -> "Passage":
        end = len(self.text) if end is None else end
        # Trim so that a sub-passage never starts or ends in whitespace.
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Passage(self.text[start:end], self.offsets[start:end])

    def match_span(self, match: re.Match, group: int | str = 0) -> Span:
        return self.span(match.start(group), match.end(group))

    def group(self, match: re.Match, group: int | str) -> "Passage":
        return self.sub(match.start(group), match.end(group))

    def __str__(self) -> str:
        return self.text


def clean(raw: str, start: int = 0, end: int | None = None, at: int = 0) -> Passage:
    """Clean ``raw[start:end]``: drop markup, straighten quotes, collapse whitespace. Each run of
    whitespace becomes one space, mapped to the raw character just before the next word. Offsets
    are positions in ``raw`` plus ``at`` (where ``raw`` itself starts in the document)."""
    end = len(raw) if end is None else end
    chunk = raw[start:end]
    start += at
    parts: list[str] = []
    offsets: list[int] = []
    pending_space = False
    # Whole runs of words at a time, not character by character: this was half of reading a document.
    for a, b in _without_markup(chunk):
        segment = chunk[a:b].translate(_QUOTE_MAP)
        position = 0
        for run in _WORDS.finditer(segment):
            if (run.start() > position or pending_space) and parts:
                parts.append(" ")
                offsets.append(start + a + run.start() - 1)
            pending_space = False
            parts.append(run.group())
            offsets.extend(range(start + a + run.start(), start + a + run.end()))
            position = run.end()
        pending_space = pending_space or position < len(segment)
    return Passage("".join(parts), tuple(offsets))


def _without_markup(chunk: str) -> list[tuple[int, int]]:
    """The spans of ``chunk`` that are not markup."""
    spans, kept_from = [], 0
    for m in _MARKUP.finditer(chunk):
        if m.start() > kept_from:
            spans.append((kept_from, m.start()))
        kept_from = max(kept_from, m.end())
    if kept_from < len(chunk):
        spans.append((kept_from, len(chunk)))
    return spans


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    raw: str

    @cached_property
    def passage(self) -> Passage:
        # Cached: every extractor reads the lines of a document again (a third of reading time).
        return clean(self.raw, at=self.start)

    @cached_property
    def cells(self) -> tuple[Passage, ...]:
        """Cells of a table row laid out with tabs or runs of two or more spaces."""
        cells = []
        for m in re.finditer(r"[^\t]+?(?=\t| {2,}|$)", self.raw):
            cell = clean(self.raw, m.start(), m.end())
            if cell.text:
                cells.append(Passage(cell.text, tuple(o + self.start for o in cell.offsets)))
        return tuple(cells)

    @property
    def is_blank(self) -> bool:
        return not self.raw.strip()


@dataclass
class Block:
    """A paragraph: consecutive non-blank lines, re-joined across page breaks."""

    start: int
    end: int
    lines: list[Line]
    passage: Passage
    number: int | None = None
    bullet: bool = False

    @property
    def text(self) -> str:
        return self.passage.text

    @cached_property
    def body(self) -> Passage:
        """The passage without its list marker or paragraph number."""
        m = re.match(r"^(?:[-*•]\s*)?(?:\d{1,3}\.\s*)?", self.passage.text) if (self.number or self.bullet) else None
        return self.passage.sub(m.end()) if m else self.passage

    def items(self) -> list[Passage]:
        """The block's list items, each a passage (a block that is no list is one item)."""
        return list(self._items)

    @cached_property
    def _items(self) -> tuple[Passage, ...]:
        starts = [i for i, line in enumerate(self.lines) if i == 0 or _BULLET.match(line.raw) or _NUMBERED.match(line.raw)]
        if len(starts) == 1:
            return (self.body,)
        out = []
        for a, b in zip(starts, starts[1:] + [len(self.lines)]):
            joined = _join_item(self.lines[a:b])
            m = re.match(r"^(?:[-*•]\s*)?(?:\d{1,3}\.\s*)?", joined.text)
            item = joined.sub(m.end()) if m else joined
            if item.text:
                out.append(item)
        return tuple(out)

    def sentences(self) -> list[Passage]:
        return list(self._sentences)

    @cached_property
    def _sentences(self) -> tuple[Passage, ...]:
        return tuple(s for item in self._items for s in sentences(item))

    @property
    def is_heading(self) -> bool:
        t = self.passage.text
        return (
            len(self.lines) == 1
            and self.number is None
            and not self.bullet
            and 0 < len(t) <= 120
            and t[:1].isupper()
            and t[-1] not in ".;,"
            and "\t" not in self.lines[0].raw.strip()
        )


@dataclass
class SourceText:
    """A document as read: its name (for messages), its text and its structure."""

    name: str
    text: str
    blocks: list[Block] = field(default_factory=list)

    @classmethod
    def from_text(cls, name: str, text: str) -> "SourceText":
        doc = cls(name, text)
        doc.blocks = split_blocks(text)
        return doc

    def lines(self) -> list[Line]:
        return list(iter_lines(self.text))

    def where(self, offset: int) -> str:
        """A person's view of an offset: ``line L, column C``."""
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return f"line {line}, column {col}"


def iter_lines(text: str) -> Iterator[Line]:
    pos = 0
    for raw in text.split("\n"):
        yield Line(pos, pos + len(raw), raw)
        pos += len(raw) + 1


def _marker_free(raw: str) -> str:
    return _MARKUP.sub("", raw).strip()


def _continues(previous: list[Line], nxt: list[Line]) -> bool:
    """Does ``nxt`` continue the paragraph ``previous`` across a page break?"""
    last = _marker_free(previous[-1].raw)
    first = _BULLET.sub("", nxt[0].raw).lstrip("*_ \t")
    if not last or not first:
        return False
    if _NUMBERED.match(nxt[0].raw):
        return False
    return last[-1] not in _TERMINAL and first[0].islower()


def paragraph_lines(text: str) -> list[list[Line]]:
    """The lines of each paragraph: runs of non-blank lines, a run that carries on the sentence of
    the one before across a page break joined to it. The one grouping of a text into paragraphs:
    the parsers' blocks and the mapping's paragraph numbers are both made from it."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in iter_lines(text):
        if line.is_blank:
            if current:
                groups.append(current)
                current = []
        else:
            current.append(line)
    if current:
        groups.append(current)
    merged: list[list[Line]] = []
    for group in groups:
        if merged and _continues(merged[-1], group):
            merged[-1] = merged[-1] + group
        else:
            merged.append(group)
    return merged


def split_blocks(text: str) -> list[Block]:
    blocks = []
    for group in paragraph_lines(text):
        start, end = group[0].start, group[-1].end
        passage = _join_lines(text, group)
        first = group[0].raw
        number_match = _NUMBERED.match(first)
        blocks.append(
            Block(
                start=start,
                end=end,
                lines=group,
                passage=passage,
                number=int(number_match.group(1)) if number_match else None,
                bullet=bool(_BULLET.match(first)) and not number_match,
            )
        )
    return blocks


def join_passages(parts) -> Passage:
    """Passages joined by single spaces, each keeping its map back to the raw text."""
    chars: list[str] = []
    offsets: list[int] = []
    for part in parts:
        if not part.text:
            continue
        if chars:
            chars.append(" ")
            offsets.append(offsets[-1] + 1)
        chars.extend(part.text)
        offsets.extend(part.offsets)
    return Passage("".join(chars), tuple(offsets))


def _join_item(lines: list[Line]) -> Passage:
    return join_passages(line.passage for line in lines)


def _join_lines(text: str, lines: list[Line]) -> Passage:
    """One passage over several lines; a list marker that only repeats after a page break goes."""

    def part(i: int, line: Line) -> Passage:
        cont = _BULLET.match(line.raw) if i else None
        # "- objectives." after a page break is the rest of a sentence, not a new item.
        if cont and line.raw[cont.end():cont.end() + 1].islower():
            return clean(text, line.start + cont.end(), line.end)
        return line.passage  # the same cleaning, cached for the extractors that read lines

    return join_passages(part(i, line) for i, line in enumerate(lines))


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"']?[A-Z0-9(])")


def sentences(passage: Passage) -> list[Passage]:
    """Split a passage into sentences (good enough for evidence: a quote is one sentence)."""
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(passage.text):
        before = passage.text[max(0, m.start() - 4):m.start()]
        if re.search(r"\b(?:e\.g|i\.e|etc|No|no|St|Mr|Mrs|Ms|Dr|c)\.$", before):
            continue
        out.append(passage.sub(start, m.start()))
        start = m.end()
    out.append(passage.sub(start))
    return [s for s in out if s.text]


def table_cells(line: Line) -> list[Passage]:
    """Cells of a table row laid out with tabs or runs of two or more spaces."""
    return list(line.cells)


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(value: str) -> str:
    """A stable path segment from a name: lower case, ASCII letters and digits, hyphens."""
    value = value.translate(_QUOTE_MAP).lower().replace("&", " and ").replace("'", "")
    return _SLUG.sub("-", value).strip("-")


def collapse(value: str) -> str:
    return re.sub(r"\s+", " ", value.translate(_QUOTE_MAP)).strip()
