"""Legislation cited in a document, what it is cited for, and checklists that a section sets out."""

from __future__ import annotations

import functools
import re
from importlib import resources

from . import records as r
from .patterns import NUMBER, split_list, strip_article, to_number
from .text import SourceText

ACT = r"(?P<act>[A-Z][a-z]+(?:\s+(?:and\s+|of\s+|for\s+)?[A-Z][a-z]+)*\s+Act)\s+(?P<year>(?:18|19|20)\d{2})"
SECTION = r"(?P<section>\d+[A-Z]{0,2}(?:\(\d+[A-Za-z]?\))*)"
SECTION_OF_ACT = re.compile(r"\b[Ss](?:ection|\.)\s*" + SECTION + r"\s+of\s+(?:the\s+)?" + ACT)
ACT_SECTION = re.compile(ACT + r",?\s+(?:[Ss]ection|s\.?)\s*" + SECTION)
ACT_ALONE = re.compile(ACT)
BARE_SECTION = re.compile(r"\b[Ss]ection\s+" + SECTION + r"(?!\s*\(|\s+(?:of|to)\s+(?:the\s+)?[A-Z])")
# A citation of a provision: the provision, then the Act, with its year or without.
# A comma joins the words of a title only in a list that ends in "and" ("Legal Aid, Sentencing and
# Punishment of Offenders Act"); _act_of keeps it only for a title the reference data knows.
ACT_TITLE = (r"(?P<act>[A-Z][a-z]+(?:(?:,\s+(?=[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+and\s+[A-Z])|\s+(?:and\s+|of\s+|for\s+)?)[A-Z][a-z]+)*"
             r"\s+Act)(?:\s+(?P<year>(?:18|19|20)\d{2}))?\b")
SECTION_NUMBER = r"\d+[A-Z]{0,2}(?:\s?\(\w{1,4}\))*"
PROVISION = (
    r"(?:(?:[Ss]ections?|[Ss]{1,2}\.?\s?(?=\d))\s*(?P<sections>" + SECTION_NUMBER + r"(?:\s*(?:,|and|or|to|-|–)\s*" + SECTION_NUMBER + r")*)"
    r"|[Pp]art\s+(?P<part>\d+[A-Z]?|[IVX]+[A-Z]?\b)"
    r"|(?:[Pp]aragraph\s+(?P<paragraph>" + SECTION_NUMBER + r")\s+of\s+)?[Ss]chedule\s+(?P<schedule>\d+[A-Z]?|[IVX]+\b))"
)
PROVISION_OF_ACT = re.compile(r"\b" + PROVISION + r"\s+(?:of|to)\s+(?:the\s+)?" + ACT_TITLE)
ACT_THEN_PROVISION = re.compile(ACT_TITLE + r",?\s+" + PROVISION)
ANY_ACT = re.compile(ACT_TITLE)
GRADE_HEADING = re.compile(r"(?i)^grade\s*:?\s*[1-4]\b")
REFERENCE_ACT = re.compile(r'dct:title\s+"(?P<title>[^"]+)"\s*;\s*ckg:year\s+(?P<year>\d{4})')
MAX_RANGE = 5  # "sections 143 to 145": one citation a section, for a short range only
SECTION_TOKEN = re.compile(SECTION_NUMBER)
RANGE = re.compile(r"(\d+)\s*(?:to|-|–)\s*(\d+)")
LEGISLATION_URL = re.compile(r"legislation\.gov\.uk/(?:id/)?(?P<type>ukpga|uksi|asp|anaw|nia|ukla)/(?P<year>\d{4})/(?P<chapter>\d+)")
# What a citation is for, from the sentence that makes it.
PURPOSES = [
    re.compile(r"sets\s+out\s+what\s+is\s+known\s+as\s+(?:the\s+)?(?P<p>[^.,;]+)"),
    re.compile(r"sets\s+out\s+the\s+(?P<p>general\s+principle\s+that\s+[^.;]+)"),
    re.compile(r"extends\s+the\s+(?P<p>definition\s+of\s+\w+)"),
    re.compile(r"(?:the\s+)?definition\s+of\s+(?P<p>\w+)\s+within\s+the\s+meaning\s+of\s+(?:the\s+)?$"),
    re.compile(r"^(?:The\s+)?(?P<p>.+?)\s+is\s+set\s+out\s+in\s+(?:the\s+)?$"),
    re.compile(r"regard\s+to\s+'?(?P<p>the\s+matters\s+set\s+out\s+in)\s+$"),
]
CHECKLIST_ITEMS = re.compile(r"(?P<name>(?:[Tt]he\s+)?[a-z][\w ]*?checklist|[Tt]he\s+[\w ]+?)\s+considers\s*:\s*(?P<items>[^.]+)\.")
CHECKLIST_COUNT = re.compile(r"\b(?:comprises|consists\s+of|contains|lists)\s+(?P<n>" + NUMBER + r")\s+(?:features|items|factors|matters|points)")
KNOWN_AS = re.compile(r"sets\s+out\s+what\s+is\s+known\s+as\s+(?:the\s+)?(?P<name>[^.,;]+)")


def _section_parts(section: str) -> tuple[str, ...]:
    head = re.match(r"\d+[A-Z]{0,2}", section).group(0)
    return (head, *re.findall(r"\(([^)]+)\)", section))


def _purpose(sentence: str, start: int, end: int) -> str | None:
    before, around = sentence[:start], sentence
    for pattern in PURPOSES:
        m = pattern.search(before) if pattern.pattern.endswith("$") else pattern.search(around)
        if m:
            return re.sub(r"\s+", " ", m["p"]).strip(" '")
    return None


def citations(doc: SourceText) -> list[r.Record]:
    """Every provision of an Act that ``doc`` cites, and each Act it names without a provision."""
    out: list[r.Record] = []
    heading = None
    years = _years_stated(doc)
    for block in doc.blocks:
        if block.is_heading:
            if not GRADE_HEADING.match(block.text):
                heading = block.text  # a "Grade N" line closes no section: the heading above it still holds
            continue
        last_act: tuple[str, int] | None = None
        for sentence in block.sentences():
            found, taken = _citations_in(sentence.text, years)
            for start, end, act, year, section in found:
                last_act = (act, year)
                out.append(r.Citation(sentence.span(start, end), act, year, section, _purpose(sentence.text, start, end), heading))
            for m in BARE_SECTION.finditer(sentence.text):
                if last_act and not _overlaps(taken, m.start(), m.end()):
                    out.append(
                        r.Citation(sentence.match_span(m), last_act[0], last_act[1], _section_parts(m["section"]),
                                   _purpose(sentence.text, m.start(), m.end()), heading)
                    )
            for m in LEGISLATION_URL.finditer(sentence.text):
                out.append(r.Citation(sentence.match_span(m), "", int(m["year"]), (), None, heading,
                                      identifier=f"{m['type']}/{m['year']}/{m['chapter']}"))
    return out


def _citations_in(text: str, years: dict[str, int]) -> tuple[list[tuple[int, int, str, int, tuple[str, ...]]], list[tuple[int, int]]]:
    """(start, end, act, year, provision) for each citation in a sentence, and the spans they take."""
    found: list[tuple[int, int, str, int, tuple[str, ...]]] = []
    order: list[int] = []
    taken: list[tuple[int, int]] = []
    # "section 1(3) of the Children Act 1989" first, then "Children Act 1989, s1(3)" where that left room
    for m in (m for pattern in (PROVISION_OF_ACT, ACT_THEN_PROVISION) for m in pattern.finditer(text)):
        act = _act_of(m, years)
        if act is None or _overlaps(taken, m.start(), m.end()):
            continue
        taken.append((m.start(), m.end()))
        found += [(start, end, *act, provision) for provision, (start, end) in _provisions(m)]
        order += [m.start()] * (len(found) - len(order))
    for m in ANY_ACT.finditer(text):
        act = _act_of(m, years)
        if act is None or _overlaps(taken, m.start(), m.end()):
            continue
        taken.append((m.start(), m.end()))
        found.append((m.start(), m.end(), *act, ()))
        order.append(m.start())
    # In reading order; the sections of one range in their own order.
    ranked = sorted(range(len(found)), key=lambda i: (order[i], i))
    return [found[i] for i in ranked], taken


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in taken)


def _act_of(m: re.Match, years: dict[str, int]) -> tuple[str, int] | None:
    """The Act's short title and year; an Act named without its year takes the year the document
    gives it elsewhere, or the one Act of that title in the reference data."""
    title = strip_article(re.sub(r"\s+", " ", m["act"]))
    if "," in title and title.lower() not in dict(_reference_years()):
        title = title.rsplit(", ", 1)[-1]  # "Cafcass, Children and Families Act": the title is after the comma
    if m["year"]:
        return title, int(m["year"])
    # "In Children and Families Act cases": the title may start after a capitalised word or two.
    words = title.split()
    for i in range(len(words) - 1):
        candidate = " ".join(words[i:])
        year = years.get(candidate.lower())
        if year:
            return candidate, year
    return None


def _years_stated(doc: SourceText) -> dict[str, int]:
    """The year of each Act title: as the document states it with a year, else from the reference data."""
    years = dict(_reference_years())
    stated: dict[str, int] = {}
    for m in ANY_ACT.finditer(re.sub(r"\s+", " ", doc.text)):
        if m["year"]:
            stated.setdefault(strip_article(m["act"]).lower(), int(m["year"]))
    years.update(stated)
    return years


@functools.cache
def _reference_years() -> tuple[tuple[str, int], ...]:
    """Act titles that name one Act only in the reference data, with its year."""
    text = resources.files("cafcass_kg.ontology").joinpath("reference.ttl").read_text(encoding="utf-8")
    by_title: dict[str, set[int]] = {}
    for m in REFERENCE_ACT.finditer(text):
        by_title.setdefault(m["title"].lower(), set()).add(int(m["year"]))
    return tuple((title, next(iter(ys))) for title, ys in by_title.items() if len(ys) == 1)


def _provisions(m: re.Match) -> list[tuple[tuple[str, ...], tuple[int, int]]]:
    """The provisions one match cites (a section, a Part, a paragraph of a Schedule, each section
    of a list or range), each with a span of its own: a citation is identified by where it is stated."""
    whole = (m.start(), m.end())
    if m["sections"]:
        return _sections_with_spans(m)
    if m["part"]:
        return [(("part", _arabic(m["part"])), whole)]
    if m["schedule"]:
        paragraph = ("paragraph", *_section_parts(m["paragraph"])) if m["paragraph"] else ()
        return [(("schedule", _arabic(m["schedule"]), *paragraph), whole)]
    return [((), whole)]


def _sections_with_spans(m: re.Match) -> list[tuple[tuple[str, ...], tuple[int, int]]]:
    """"sections 143 to 145 of the Act": the first from "sections 143", the last to the Act's name,
    and a section the range only implies over the range (it has no words of its own)."""
    offset = m.start("sections")
    tokens = [(t.group(0), offset + t.start(), offset + t.end()) for t in SECTION_TOKEN.finditer(m["sections"])]
    if len(tokens) == 1:
        return [(_section_parts(tokens[0][0]), (m.start(), m.end()))]
    spans = [(m.start(), tokens[0][2]), *[(a, b) for _, a, b in tokens[1:-1]], (tokens[-1][1], m.end())]
    out = [(_section_parts(number), span) for (number, _, _), span in zip(tokens, spans)]
    ranged = RANGE.fullmatch(m["sections"].strip())
    if ranged and 1 < int(ranged[2]) - int(ranged[1]) <= MAX_RANGE:
        # Spans distinct from the ends' and from each other, so that each citation has its own.
        between = [(tokens[0][1], tokens[-1][2]), (m.start(), tokens[-1][2]), (tokens[0][1], m.end()), (m.start(), m.end())]
        implied = [((str(n),), span) for n, span in zip(range(int(ranged[1]) + 1, int(ranged[2])), between)]
        out = [out[0], *implied, out[-1]]
    return out


def _arabic(number: str) -> str:
    """A Part or Schedule number in digits ("IV" -> "4"), its letter kept ("4A")."""
    if re.fullmatch(r"[IVXLC]+", number):
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
        total = 0
        for a, b in zip(number, number[1:] + " "):
            total += -values[a] if b != " " and values[b] > values[a] else values[a]
        return str(total)
    return number


def checklists(doc: SourceText) -> list[r.Record]:
    """"The welfare checklist considers: a; b; ...; and g." with the count and the Act that sets it out."""
    out: list[r.Record] = []
    for block in doc.blocks:
        sents = block.sentences()
        whole = " ".join(s.text for s in sents)
        for sentence in sents:
            m = CHECKLIST_ITEMS.search(sentence.text)
            if not m:
                continue
            items = []
            offset = m.start("items")
            for item in split_list(m["items"]):
                i = sentence.text.find(item, offset)
                items.append((item, sentence.span(i, i + len(item))))
                offset = i + len(item)
            count = CHECKLIST_COUNT.search(whole)
            name = re.sub(r"^[Tt]he\s+", "", m["name"]).strip()
            act = None
            for s in sents:
                known = KNOWN_AS.search(s.text)
                if known and known["name"].strip().lower() == name.lower():
                    act = ACT_SECTION.search(s.text) or SECTION_OF_ACT.search(s.text)
            out.append(
                r.Checklist(
                    sentence.span(), name, tuple(items),
                    int(to_number(count["n"])) if count else None,
                    strip_article(act["act"]) if act else None, int(act["year"]) if act else None,
                    _section_parts(act["section"]) if act else (),
                )
            )
    return out
