"""Figures: a number with what it counts, when, where and how exactly.

"from 200 cases in 2012-13 to 250 in 2014-15" is two observations and a stated change between
them; "around 12,000 applications ... each year" is one observation with the
qualifier "around" and a rate per year.
"""

from __future__ import annotations

import re

from . import records as r
from cafcass_kg.dates import Period, find_periods
from .patterns import MONTH_NAME, NUMBER, NUMBER_WORD, PROPER, to_number
from .text import Passage

QUALIFIER = r"(?P<qual>around|about|approximately|nearly|almost|over|more\s+than|less\s+than|fewer\s+than|up\s+to|within|some|on\s+average|an\s+estimated)"
PERIOD_TEXT = r"(?:" + MONTH_NAME + r"\s+\d{4}|\d{4}\s*[-/]\s*\d{2,4}|\d{4})"
CHANGE = re.compile(
    r"(?P<measure>[A-Z][\w' ]+?)\s+(?:in\s+(?P<area>" + PROPER + r")\s+)?has\s+(?P<dir>increased|decreased|risen|fallen|grown|dropped|gone\s+up|gone\s+down)"
    r"\s+by\s+(?P<pct>\d+(?:\.\d+)?)\s*%[^.]*?\bfrom\s+(?P<n1>" + NUMBER + r")\s+(?:(?P<unit>[a-z][\w ]*?)\s+)?in\s+(?P<p1>" + PERIOD_TEXT + r")"
    r"\s+to\s+(?P<n2>" + NUMBER + r")\s+(?:(?P<unit2>[a-z][\w ]*?)\s+)?in\s+(?P<p2>" + PERIOD_TEXT + r")"
)
COMPARED = re.compile(
    r"(?P<n1>" + NUMBER + r")\s+(?P<unit>[a-z][\w ]*?)\s+in\s+(?P<p1>" + PERIOD_TEXT + r"),?\s+compared\s+(?:to|with)\s+"
    r"(?P<n2>" + NUMBER + r")\s+(?:(?P<unit2>[a-z][\w ]*?)\s+)?in\s+(?P<p2>" + PERIOD_TEXT + r")(?:\s*\((?P<area>" + PROPER + r")(?:\s+combined)?\))?"
)
ESTIMATE = re.compile(
    r"\b(?P<qual>[Ww]e\s+estimate|[Ii]t\s+is\s+estimated\s+that)\s+the\s+total\s+number\s+of\s+(?P<unit>[a-z]+)(?P<rest>[^.]*?)\s+is\s+(?P<n>" + NUMBER + r")"
)
GENERIC = re.compile(r"(?:\b" + QUALIFIER + r"\s+)?(?<![\w£$.,/-])(?P<n>" + NUMBER + r")(?![\w%/-]|,\d|\.\d)(?=\s+(?P<words>[A-Za-z][^.,;:()\"]*))")
PER = re.compile(r"^[^.;]{0,40}?\b(?:a|each|every|per)\s+(?P<per>year|month|week|day)\b")
AREA_AFTER = re.compile(r"\b(?:in|across)\s+(?P<area>" + PROPER + r")")
STOP_WORDS = {
    "in", "a", "an", "each", "per", "every", "across", "that", "which", "who", "were", "was", "is", "are", "to",
    "from", "for", "on", "with", "within", "involving", "by", "at", "as", "the", "we", "they", "it", "and", "or",
    "than", "more", "less", "compared", "whereas", "before", "after", "since", "during", "over", "under", "into",
    "manage", "work", "use", "have", "has", "had", "run", "will", "would", "currently", "back", "this",
}
PLURAL_EXCEPTIONS = {"children", "people", "staff", "police"}
NOT_A_COUNT_BEFORE = re.compile(r"(?:[Ss]ections?\s+[\dA-Z() ,]+(?:to|and|or|-)\s*|[Gg]rade|[Ss]ection|[Ss]chedule|[Pp]aragraph|[Pp]art|No\.?|[Pp]age|[Cc]hapter|(?<!['’])\bs|[A-Z])\s*$")
PER_DURATION = {"year": "P1Y", "month": "P1M", "week": "P1W", "day": "P1D"}
# Page furniture counts pages, views and downloads of the page itself, not anything the text reports.
NOT_UNITS = {"views", "downloads", "pages", "comments", "replies", "likes", "shares", "kb", "mb"}
DURATION_UNITS = {"day", "days", "week", "weeks", "month", "months", "year", "years"}
PERCENT = re.compile(r"(?<![\w£$.,/-])(?P<n>\d+(?:\.\d+)?)\s?(?:%|per\s?cent\b)")
MONEY = re.compile(r"£\s?(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(?P<mult>m|bn|k|million|billion)\b)?")
# "in 17 of the 84 cases", "96 of whom": the first number counts a part of what the second counts.
PART_OF = re.compile(r"(?<![\w£$.,/-])(?:(?P<n>" + NUMBER + r")\s+(?:out\s+)?of\s+(?:(?:the\s+|its\s+|these\s+)?(?=\d|" + NUMBER_WORD + r"\b)|whom\b|them\b)"
                     r"|(?P<digits>\d[\d,]*)\s+(?:out\s+)?of\s+(?:the|its|these|their|our)\b)")
# "a three-year programme", "a four-point scale": a number joined to what it measures
HYPHENATED = re.compile(r"(?<![\w£$.,/-])(?P<n>" + NUMBER + r")-(?!(?:off|to|way|thirds?|quarters?|halves)\b)(?P<unit>[a-z]{3,})\b")
# "good in 2 areas, satisfactory in 8 and inadequate in 2": the unit is understood from before
ELLIPTIC = re.compile(r"\bin\s+(?P<n>\d{1,4})(?![\d,.]\d)(?=\s+and\b|\s*[.;,]|\s*$)")
# A number written with thousands separators counts something, whatever follows it ("the 10,255 received")
THOUSANDS = re.compile(r"(?<![\w£$.,/-])(?P<n>\d{1,3}(?:,\d{3})+)(?![\w%]|,\d|\.\d)")
# "from 312 to 19", "from 31 working days to 6": both ends are figures even where one has no unit.
FROM_TO = re.compile(r"\bfrom\s+(?P<n1>" + NUMBER + r")(?:\s+(?P<unit>[a-z][a-z ]{0,30}?))?(?:\s+(?:at|in|on|during|by)\s+[^.;\d]{0,60}?)?\s+to\s+(?P<n2>" + NUMBER + r")(?![\w%]|,\d|\.\d|\s+" + MONTH_NAME + r")")
DEADLINE = re.compile(r"(?i)^within\s+\S+\s+(?:days?|weeks?|months?|years?)\s*:?$")


def _unit_of(words: str) -> str | None:
    tokens = []
    for word in words.split():
        if any(ch.isdigit() for ch in word):
            break
        if word.lower() in STOP_WORDS and not (word == "of" and tokens):
            break
        if word == "of" and tokens:
            tokens.append(word)
            continue
        tokens.append(word)
        if len(tokens) == 4:
            break
    # The unit ends on its head noun: trim to the last word that reads as a plural.
    while tokens and not _is_plural(tokens[-1]):
        tokens.pop()
    if not tokens or tokens[-1] == "of":
        return None
    if tokens[0].lower() in STOP_WORDS or tokens[0] == "of":
        return None
    return " ".join(tokens)


def _is_plural(word: str) -> bool:
    w = word.strip("'").lower()
    return w in PLURAL_EXCEPTIONS or (len(w) > 3 and w.endswith("s") and not w.endswith("ss")) or (word[:1].isupper() and w == "service")


def _period(text: str, anchor: int) -> Period | None:
    periods = find_periods(text)
    if not periods:
        return None
    after = [p for p in periods if p.start >= anchor]
    return (after or periods)[-1 if not after else 0]


def _area(text: str) -> str | None:
    m = AREA_AFTER.search(text)
    if not m:
        return None
    area = m["area"]
    if re.fullmatch(MONTH_NAME + r"(?:\s+\d{4})?", area) or area in {"The", "A"}:
        return None
    return area


def _figure(sentence: Passage, m: re.Match, n: str, unit: str, period: Period | None, **extra) -> r.Figure | None:
    value = to_number(m[n])
    if value is None:
        return None
    return r.Figure(sentence.match_span(m, n), value, m[n], unit.strip(), period=period, **extra)


def figures_in(sentence: Passage) -> list[r.Record]:
    """Every figure stated in one sentence, with changes between figures where stated."""
    text = sentence.text
    out: list[r.Record] = []
    used: list[tuple[int, int]] = [(p.start, p.end) for p in find_periods(text)]

    for m in CHANGE.finditer(text):
        unit = m["unit"] or m["unit2"] or "count"
        measure = m["measure"].strip()
        before = _figure(sentence, m, "n1", unit, _period(m["p1"], 0), measure=measure, area=m["area"])
        after = _figure(sentence, m, "n2", m["unit2"] or unit, _period(m["p2"], 0), measure=measure, area=m["area"])
        if before and after:
            direction = "decrease" if re.match(r"decreased|fallen|dropped|gone\s+down", m["dir"]) else "increase"
            out += [before, after, r.Change(sentence.span(), float(m["pct"]), direction, before, after)]
            used.append((m.start(), m.end()))
    for m in COMPARED.finditer(text):
        if any(a <= m.start() < b for a, b in used):
            continue
        area = m["area"] or _area(text[m.end():])
        unit = m["unit"]
        for n, p, u in (("n1", "p1", unit), ("n2", "p2", m["unit2"] or unit)):
            fig = _figure(sentence, m, n, u, _period(m[p], 0), area=area)
            if fig:
                out.append(fig)
        used.append((m.start(), m.end()))
    for m in ESTIMATE.finditer(text):
        per = PER.match(m["rest"] + " ")
        fig = _figure(sentence, m, "n", m["unit"], None, qualifier="estimate", per=PER_DURATION[per["per"]] if per else None)
        if fig:
            out.append(fig)
            used.append((m.start(), m.end()))
    if DEADLINE.match(text):
        return out  # the number of a deadline heading is no figure
    out += _stated_forms(sentence, used)
    for m in GENERIC.finditer(text):
        start = m.start("n")
        if any(a <= start < b for a, b in used) or NOT_A_COUNT_BEFORE.search(text[:start]):
            continue
        if m["n"].startswith("0") and len(m["n"]) > 1:
            continue  # telephone numbers and codes
        if _is_page_furniture(sentence, m):
            continue
        unit = _unit_of(m["words"])
        if not unit or unit.lower() in NOT_UNITS:
            continue
        after_unit = text[m.start("words") + len(unit):]
        per = PER.match(after_unit)
        qualifier = re.sub(r"\s+", " ", m["qual"]).lower() if m["qual"] else None
        fig = _figure(
            sentence, m, "n", unit, _period(text, start),
            qualifier=qualifier, per=PER_DURATION[per["per"]] if per else None, area=_area(after_unit),
        )
        if fig:
            out.append(fig)
            used.append((start, m.end("n")))
    return out + _uncounted(sentence, used)


def _is_page_furniture(sentence: Passage, m: re.Match) -> bool:
    """A page number or running header: a number that opens a sentence, or follows a blank line or a
    run of spaces, with a capitalised word after it ("2 What does Cafcass need to improve?")."""
    words = m["words"]
    if not words[:1].isupper() or words.split()[0].isupper():
        return False
    start = m.start("n")
    if start < 2:
        return True
    # The space before the number stands for the whole run of whitespace: measure the run.
    gap = sentence.offsets[start] - sentence.offsets[start - 2] - 1
    return gap > 2


def _stated_forms(sentence: Passage, used: list[tuple[int, int]]) -> list[r.Record]:
    """Percentages, sums of money, parts of a whole and the ends of a "from ... to ..." change."""
    text = sentence.text
    out: list[r.Record] = []

    def take(m: re.Match, group: str, unit: str, **extra) -> None:
        start, end = m.start(group), m.end(group)
        if any(a < end and start < b for a, b in used) or NOT_A_COUNT_BEFORE.search(text[:start]):
            return
        fig = _figure(sentence, m, group, unit, _period(text, start), **extra)
        if fig:
            out.append(fig)
            used.append((start, end))

    for m in PERCENT.finditer(text):
        take(m, "n", "percent")
    for m in MONEY.finditer(text):
        take(m, "n", f"GBP {m['mult']}" if m["mult"] else "GBP")
    for m in FROM_TO.finditer(text):
        unit = (m["unit"] or "count").strip()
        take(m, "n1", unit)
        take(m, "n2", unit)
    for m in PART_OF.finditer(text):
        after = text[m.end():]
        unit = _unit_of(re.sub(r"^(?:whom|them)\b\s*", "", re.sub(r"^" + NUMBER + r"\s+", "", after))) or "count"
        take(m, "n" if m["n"] else "digits", unit, qualifier="part")
    for m in HYPHENATED.finditer(text):
        take(m, "n", m["unit"])
    for m in ELLIPTIC.finditer(text):
        take(m, "n", "count")
    return out


def _uncounted(sentence: Passage, used: list[tuple[int, int]]) -> list[r.Record]:
    """A number written with thousands separators that no other reading took: a count of something
    the sentence does not name after it ("around 6,600 more children", "the 10,255 received")."""
    text = sentence.text
    out: list[r.Record] = []
    for m in THOUSANDS.finditer(text):
        start, end = m.start("n"), m.end("n")
        if any(a < end and start < b for a, b in used) or NOT_A_COUNT_BEFORE.search(text[:start]):
            continue
        unit = _unit_of(text[m.end():])
        if unit is not None and unit.lower() in NOT_UNITS:
            continue
        qualifier = re.search(r"\b" + QUALIFIER + r"\s+$", text[:start])
        per = PER.match(text[m.end():])
        fig = _figure(sentence, m, "n", unit or "count", _period(text, start),
                      qualifier=re.sub(r"\s+", " ", qualifier["qual"]).lower() if qualifier else None,
                      per=PER_DURATION[per["per"]] if per else None)
        if fig:
            out.append(fig)
    return out
