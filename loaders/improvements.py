"""Areas for improvement: the actions an inspection asks for, in any genre that reports them.

Inspection reports, visit letters, press releases and news items all list them the same way: a
heading ("Areas for improvement", "What needs to improve", "Areas for priority action",
"Recommendations") or a lead-in ("The service area should:", "Ofsted recommended that the
service:"), optionally a timescale ("Within three months", "Immediately", "The service area
should, within six months:"), then a bulleted or numbered list. Reading works line by line
because transcripts run headings, timescales and items together in one paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import records as r
from .patterns import NUMBER, to_number
from .text import Line, Passage, SourceText, join_passages

# A heading that opens a list of improvements (the whole line, case aside).
SECTION_HEADING = re.compile(
    r"(?i)^(?:\d{1,2}\.?\s+)?(?:"  # a section number ("3 What the service area needs to do now")
    r"(?:main\s+)?areas?\s+(?:for|of|requiring)\s+(?:priority\s+|further\s+)?(?:improvement|development|action)s?"
    r"|(?:priority\s+)?recommendations?(?:\s+for\s+improvement)?"
    r"|what\s+(?:does\s+|do\s+)?(?:[\w'’]+\s+){0,6}?needs?\s+to\s+(?:do\s+to\s+)?improve\b.*"
    r"|what\s+(?:[\w'’]+\s+){0,6}?should\s+do\s+to\s+improve\b.*"
    r"|what\s+(?:[\w'’]+\s+){0,6}?needs?\s+to\s+do(?:\s+(?:now|next))?"
    r"|priorit(?:y|ies)\s+(?:for|before|until)\s+(?:further\s+improvement|the\s+next\s+(?:visit|inspection))"
    r")\s*[?:.]?$"
)
# A heading that only sets the timescale of the items under it.
TIMESCALE_HEADING = re.compile(
    r"(?i)^(?:(?P<within>within\s+(?P<n>" + NUMBER + r")\s+(?P<unit>months?|weeks?|years?))"
    r"|(?P<now>immediately|(?:priority\s+and\s+)?immediate(?:\s+and\s+priority)?\s+action|priority\s+actions?))\s*[:.]?$"
)
# A sentence that introduces the list ("The service area should:", "Ofsted's recommendations include:").
LEAD_IN = re.compile(
    r"(?i)(?:\brecommend\w*|\bshould\b|\bmust\b|\bneeds?\s+to\b|\bimprove\w*|\bfurther\s+progress\b|\bpriority\s+action)"
    r"[^:]*:$|\basked\s+(?:us|the\s+\w+(?:\s+\w+)?|Cafcass|it)\s+to\s+(?:keep|continue|focus)\b[^:]*:$"
    r"|\b(?:areas?|points?|things?|aspects?)\s+(?:for|of|needing|requiring)\s+(?:further\s+)?(?:improvement|development|attention)\b[^:]*:$|\bshould\s+take\s+the\s+following\s+actions?\b|\bthe\s+following\s+(?:actions?|improvements?|recommendations?)\b"
)
TIMESCALE_IN_TEXT = re.compile(r"(?i)\b(?:within\s+(?P<n>" + NUMBER + r")\s+(?P<unit>months?|weeks?|years?)|(?P<now>immediately))\b")
BULLET = re.compile(r"^\s*(?:[-*](?=\s)|[•▪●◦‣⁃\uf0a7\uf0b7\uf0d8\uf076\uf0fc])\s*")
NUMBERED = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
# Page furniture that a page break leaves between the items of one list.
FURNITURE = re.compile(r"(?i)^(?:\d{1,3}|page\s+\d+(?:\s+of\s+\d+)?|you\s+are\s+on\s+page\s+\d+\s+of\s+\d+)$")
TERMINAL = ".!?"
# Paragraphs between a heading and its first item before the heading is taken for a false start.
MAX_PARAGRAPHS_BEFORE_ITEMS = 3


@dataclass
class _Timescale:
    text: str = ""
    months: int | None = None


@dataclass
class _Reader:
    """The state of one pass over a document's lines."""

    inspection: str
    found: list[r.AreaForImprovement] = field(default_factory=list)
    active: bool = False
    items_in_section: int = 0
    paragraphs_before_items: int = 0
    timescale: _Timescale = field(default_factory=_Timescale)
    item: list[Passage] = field(default_factory=list)
    item_indent: int = 0
    numbered_items: bool = False

    def open_section(self, timescale: _Timescale | None = None) -> None:
        self.flush()
        self.active = True
        self.items_in_section = 0
        self.paragraphs_before_items = 0
        self.numbered_items = False
        self.timescale = timescale or _Timescale()

    def close_section(self) -> None:
        self.flush()
        self.active = False

    def start_item(self, passage: Passage, indent: int = 0) -> None:
        self.flush()
        self.item = [passage]
        self.item_indent = indent

    def flush(self) -> None:
        if not self.item:
            return
        passage = join_passages(self.item)
        self.item = []
        text = re.sub(r"(?:[;,]\s*|\s+)(?:and|or)$", "", passage.text).rstrip(" ;,")
        if len(text.split()) < 3:
            return  # a stray marker or fragment, not an action
        passage = passage.sub(0, len(text))
        self.found.append(r.AreaForImprovement(passage.span(), self.inspection, passage.text, self.timescale.text,
                                               self.timescale.months))
        self.items_in_section += 1


# The header row of a table whose first column names the areas (a monitoring letter's progress table).
TABLE_HEADER = re.compile(r"(?i)^areas?\s+(?:for|of)\s+(?:priority\s+)?(?:improvement|action)s?$")


def areas_for_improvement(doc: SourceText, inspection_key: str) -> list[r.AreaForImprovement]:
    """Every area for improvement that ``doc`` lists, each tied to the inspection ``inspection_key``."""
    reader = _Reader(inspection_key)
    for block in doc.blocks:
        if _is_table_of_areas(block.lines):
            reader.close_section()
            reader.found += _table_of_areas(block.lines, inspection_key)
            continue
        for index, line in enumerate(block.lines):
            _read_line(reader, line, first_of_block=index == 0, whole_block=len(block.lines) == 1)
    reader.flush()
    return reader.found


def _is_table_of_areas(lines: list[Line]) -> bool:
    cells = lines[0].cells if lines else ()
    return len(cells) >= 2 and TABLE_HEADER.match(cells[0].text) is not None


def _table_of_areas(lines: list[Line], inspection_key: str) -> list[r.AreaForImprovement]:
    """The first cell of each row under the header: the area, as the table names it."""
    found = []
    for line in lines[1:]:
        cells = line.cells
        if len(cells) >= 2 and cells[0].text:
            found.append(r.AreaForImprovement(cells[0].span(), inspection_key, cells[0].text, "", None))
    return found


def improvements_of_the_first_inspection(doc: SourceText, records: list[r.Record]) -> list[r.AreaForImprovement]:
    """The areas for improvement a document lists or states in its sentences, as those of the first
    inspection it reports (a release or an article reports only the inspection it is about)."""
    first = next((rec.key for rec in records if isinstance(rec, r.Inspection)), None)
    if not first:
        return []
    listed = areas_for_improvement(doc, first)
    return listed + [afi for afi in improvements_in_prose(doc, first)
                     if not any(a.evidence[0] < afi.evidence[1] and afi.evidence[0] < a.evidence[1] for a in listed)]


# What an article or a release says the inspectors asked for, in a sentence of its own: "Ofsted said
# Cafcass needs to ensure that ...", "Ofsted recommended that Cafcass issue ...", "the report warned
# that improvements could be made to ...", "Recommendations included ...". The inspectors (or their
# report) must be the sentence's source, so that Cafcass's own plans are not read as their asks.
INSPECTORS = re.compile(r"\b(?:Ofsted|[Ii]nspectors?|[Tt]he\s+(?:report|inspection|letter|inspectorate))\b")
THE_SERVICE = r"(?:Cafcass|the\s+(?:service(?:\s+area)?|organisation|team)|it|they|we|us)"
# what an ask does ("should improve", "must ensure"); "should be proud" is no ask
ACTION_VERB = (r"(?:improve|ensure|make|reduce|increase|strengthen|develop|address|review|consider|continue|provide|give|issue"
               r"|cut|tackle|extend|embed|monitor|record|secure|establish|take|implement|raise|sustain|build|use|work|set|check"
               r"|share|update|agree|complete|clarify|involve|engage|publish|respond|reach|learn)\b")
ASKED_IN_PROSE = re.compile(
    r"\b(?:" + THE_SERVICE + r"\s+(?:still\s+|also\s+)?(?:needs?\s+to|had\s+to|has\s+to|should|must)(?=\s+(?:further\s+)?" + ACTION_VERB + r")"
    r"|recommend(?:ed|s)?\s+that\s+" + THE_SERVICE + r"(?:\s+should)?"
    r"|asked\s+" + THE_SERVICE + r"\s+to"
    r"|(?:[Rr]ecommendations|[Aa]reas\s+for\s+(?:improvement|development))\s+(?:included|include|were|are)"
    r"|improvements?\s+(?:could|should|must|need\s+to)\s+be\s+made\s+(?:to|in))"
    # (not before a colon: "asked us to keep working on two things:" leads in to a list, read as a list)
    r"\s+(?P<action>[a-z][^.;:]{12,}?)(?=\s*(?:[.;]|$|,\s+and\s+(?:" + THE_SERVICE + r"\s+)?(?:needs?\s+to|to)\s))"
)
# "The report highlights areas for development, including case recording, supervision and the timeliness of reports."
AREAS_INCLUDING = re.compile(
    r"\b(?:areas?\s+(?:for|of|needing|requiring)\s+(?:further\s+)?(?:improvement|development)|need\s+to\s+improve)\s*,?\s+"
    r"(?:including|such\s+as|namely)\s+(?P<items>[a-z][^.;:]{8,})"
)
LISTED_ITEM = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
FURTHER_ASK = re.compile(r",?\s+and\s+(?:" + THE_SERVICE + r"\s+)?(?:needs?\s+to|to)\s+(?P<action>[a-z][^.;:]{12,}?)(?=\s*(?:[.;]|$))")


def improvements_in_prose(doc: SourceText, inspection_key: str) -> list[r.AreaForImprovement]:
    """The improvements the inspectors asked for, as the sentences of an article or a release state them."""
    found = []
    for block in doc.blocks:
        for sentence in block.sentences():
            if not INSPECTORS.search(sentence.text):
                continue
            for m in AREAS_INCLUDING.finditer(sentence.text):
                found += _listed(sentence, m, inspection_key)
            for m in ASKED_IN_PROSE.finditer(sentence.text):
                found.append(_asked(sentence, m, inspection_key))
                at = m.end()
                while more := FURTHER_ASK.match(sentence.text, at):
                    found.append(_asked(sentence, more, inspection_key))
                    at = more.end()
    return found


def _listed(sentence: Passage, m: re.Match, inspection_key: str) -> list[r.AreaForImprovement]:
    """Each item of "areas for development including X, Y and Z", as its own area."""
    out, at = [], m.start("items")
    for part in LISTED_ITEM.split(m["items"]):
        at = sentence.text.index(part, at)
        if len(part.split()) >= 2:  # a word alone is a fragment of the list, not an area
            item = sentence.sub(at, at + len(part))
            out.append(r.AreaForImprovement(item.span(), inspection_key, item.text, "", None))
        at += len(part)
    return out


def _asked(sentence: Passage, m: re.Match, inspection_key: str) -> r.AreaForImprovement:
    action = sentence.sub(m.start("action"), m.end("action"))
    timescale = _timescale_in(sentence.text) or _Timescale()
    return r.AreaForImprovement(action.span(), inspection_key, action.text, timescale.text, timescale.months)


def _read_line(reader: _Reader, line: Line, first_of_block: bool, whole_block: bool) -> None:
    passage = line.passage
    text = passage.text
    if not text:
        return
    bullet = BULLET.match(text)
    if not bullet and SECTION_HEADING.match(text):
        reader.open_section(_timescale_in(text))
        return
    if not bullet and TIMESCALE_HEADING.match(text):
        if reader.active or reader.item:
            reader.flush()
            reader.active = True
            reader.timescale = _timescale_of_heading(TIMESCALE_HEADING.match(text))
        return
    if not bullet and _is_lead_in(text):
        if reader.item and reader.item[-1].text[-1:] not in TERMINAL:
            reader.item = []  # the lead-in's sentence began on the lines before it (a wrapped paragraph)
        if not reader.active:
            reader.open_section()
        else:
            reader.flush()
        timescale = _timescale_in(text)
        if timescale:
            reader.timescale = timescale
        return
    if not reader.active:
        return
    if bullet:
        reader.start_item(passage.sub(bullet.end()), _indent(line))
        return
    if _is_unmarked_item(reader, line):
        # Transcripts lose the bullet glyph and keep its indentation: " Ensure ..." under "  ... court."
        reader.start_item(passage, _indent(line))
        return
    numbered = NUMBERED.match(text)
    first_numbered = first_of_block and reader.items_in_section == 0 and not reader.item
    if numbered and (reader.numbered_items or first_numbered):
        reader.numbered_items = True
        reader.start_item(passage.sub(numbered.end()))
        return
    if reader.item and _continues_item(reader.item[-1].text, line, first_of_block):
        reader.item.append(passage)
        return
    if FURNITURE.match(text):
        return
    _end_of_list_or_preamble(reader, whole_block)


def _end_of_list_or_preamble(reader: _Reader, whole_block: bool) -> None:
    """A line that is no item: the end of the list, or a paragraph before its first item."""
    reader.flush()
    if reader.items_in_section:
        reader.close_section()
        return
    reader.paragraphs_before_items += 1
    if reader.paragraphs_before_items > MAX_PARAGRAPHS_BEFORE_ITEMS:
        reader.close_section()


def _indent(line: Line) -> int:
    return len(line.raw) - len(line.raw.lstrip())


def _is_unmarked_item(reader: _Reader, line: Line) -> bool:
    """An indented line that starts a sentence, level with (or left of) the item before it."""
    text = line.passage.text
    if not line.raw[:1].isspace() or not text[:1].isupper():
        return False
    if not reader.item:
        return True
    finished = reader.item[-1].text[-1:] in TERMINAL
    return finished and _indent(line) <= reader.item_indent


def _continues_item(previous: str, line: Line, first_of_block: bool) -> bool:
    """Does ``line`` carry on the item whose last line is ``previous``?"""
    text = line.passage.text
    if TIMESCALE_HEADING.match(text) or SECTION_HEADING.match(text):
        return False
    if first_of_block:
        return text[:1].islower()  # a new paragraph carries on an item only mid-sentence
    if not previous or previous[-1] not in TERMINAL:
        return True  # the item's sentence is not finished
    # An indented line under a finished sentence is the item's next sentence, not a new paragraph.
    return line.raw[:1].isspace()


def _is_lead_in(text: str) -> bool:
    return bool(LEAD_IN.search(text)) and len(text) <= 200


def _timescale_of_heading(m: re.Match) -> _Timescale:
    if m["now"]:
        return _Timescale("immediately", 0)
    return _Timescale(re.sub(r"\s+", " ", m["within"]).lower(), _months(m["n"], m["unit"]))


def _timescale_in(text: str) -> _Timescale | None:
    m = TIMESCALE_IN_TEXT.search(text)
    if not m:
        return None
    if m["now"]:
        return _Timescale("immediately", 0)
    return _Timescale(re.sub(r"\s+", " ", m.group(0)).lower(), _months(m["n"], m["unit"]))


def _months(number: str, unit: str) -> int | None:
    n = to_number(number)
    per_unit = {"month": 1, "year": 12}.get(unit.lower().rstrip("s"))
    if n is None or per_unit is None:
        return None  # weeks are no whole number of months
    return int(n * per_unit)

