"""Which numbered paragraph a passage of a document belongs to, for its evidence.

The parsers split the text into blocks (``loaders.text.split_blocks``), cleaning every line; the
mapping needs far less: where each paragraph starts, its number, whether it is a list item, and,
for a one-line paragraph only, whether it is a heading. ``ParagraphIndex`` finds the paragraphs
with the text layer's own rules, from the raw lines, and cleans a line only when a heading has to
be recognised, so that a document's text is segmented into cleaned passages once, by its parser.
"""

from __future__ import annotations

import bisect
import re

# The text layer's own rules, private to it, imported rather than copied so that the paragraphs
# found here and its blocks cannot drift apart (tests/test_golden_graphs.py compares the two).
from cafcass_kg.loaders.text import (
    _BULLET,
    _NUMBERED,
    Block,
    paragraph_lines,
)

# A line that reads as a heading but introduces the paragraph it stands above: a grade, a unit's verdict.
GRADE_OR_VERDICT = re.compile(r"(?i)^grade\s*\d|.*\(grade\s*\d\)$")


class ParagraphIndex:
    """The paragraphs of a text, looked up by offset."""

    def __init__(self, text: str):
        self._lines = paragraph_lines(text)
        self.starts = [lines[0].start for lines in self._lines]
        self.numbers: list[int | None] = []
        self.bullets: list[bool] = []
        for lines in self._lines:
            numbered = _NUMBERED.match(lines[0].raw)
            self.numbers.append(int(numbered.group(1)) if numbered else None)
            self.bullets.append(bool(_BULLET.match(lines[0].raw)) and not numbered)
        self._ends_search: dict[int, bool] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def number_at(self, offset: int) -> int | None:
        """The numbered paragraph a passage starting at ``offset`` belongs to: its own, the one a
        list continues, or the one that a heading-like line (a grade line, a unit's verdict)
        introduces."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        if self.numbers[i] is not None:
            return self.numbers[i]
        if len(self._lines[i]) == 1 and not self.bullets[i]:
            for later in range(i + 1, len(self.starts)):
                if self.numbers[later] is not None:
                    return self.numbers[later]
                if self._is_heading_between_sections(later):
                    break
        if self.bullets[i]:
            for earlier in range(i - 1, -1, -1):
                if self.numbers[earlier] is not None:
                    return self.numbers[earlier]
        return None

    def _is_heading_between_sections(self, i: int) -> bool:
        """Is paragraph ``i`` (unnumbered) a heading other than a grade or a verdict? Decided with
        the text layer's ``Block.is_heading``, on the one cleaned line a heading can have."""
        found = self._ends_search.get(i)
        if found is None:
            lines = self._lines[i]
            found = False
            if len(lines) == 1:
                # A one-line block's passage is its line's: split_blocks joins nothing to it.
                block = Block(lines[0].start, lines[0].end, lines, lines[0].passage, self.numbers[i], self.bullets[i])
                found = block.is_heading and not GRADE_OR_VERDICT.match(block.text)
            self._ends_search[i] = found
        return found
