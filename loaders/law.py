"""Legislation cited in a document, what it is cited for, and checklists that a section sets out."""

from __future__ import annotations

import re

from . import records as r
from .patterns import NUMBER, split_list, strip_article, to_number
from .text import SourceText

ACT = r"(?P<act>[A-Z][a-z]+(?:\s+(?:and\s+|of\s+|for\s+)?[A-Z][a-z]+)*\s+Act)\s+(?P<year>(?:18|19|20)\d{2})"
SECTION = r"(?P<section>\d+[A-Z]{0,2}(?:\(\d+[A-Za-z]?\))*)"
SECTION_OF_ACT = re.compile(r"\b[Ss](?:ection|\.)\s*" + SECTION + r"\s+of\s+(?:the\s+)?" + ACT)
ACT_SECTION = re.compile(ACT + r",?\s+(?:[Ss]ection|s\.?)\s*" + SECTION)
ACT_ALONE = re.compile(ACT)
BARE_SECTION = re.compile(r"\b[Ss]ection\s+" + SECTION + r"(?!\s+of\s+(?:the\s+)?[A-Z])")
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
    out: list[r.Record] = []
    heading = None
    for block in doc.blocks:
        if block.is_heading:
            heading = block.text
            continue
        last_act: tuple[str, int] | None = None
        for sentence in block.sentences():
            text = sentence.text
            taken: list[tuple[int, int]] = []
            found = []
            for pattern in (SECTION_OF_ACT, ACT_SECTION):
                for m in pattern.finditer(text):
                    if any(a < m.end() and m.start() < b for a, b in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    found.append((m, strip_article(m["act"]), int(m["year"]), _section_parts(m["section"])))
            for m in ACT_ALONE.finditer(text):
                if not any(a <= m.start() < b for a, b in taken):
                    taken.append((m.start(), m.end()))
                    found.append((m, strip_article(m["act"]), int(m["year"]), ()))
            for m, act, year, section in sorted(found, key=lambda f: f[0].start()):
                last_act = (act, year)
                out.append(r.Citation(sentence.match_span(m), act, year, section, _purpose(text, m.start(), m.end()), heading))
            for m in BARE_SECTION.finditer(text):
                if last_act and not any(a <= m.start() < b for a, b in taken):
                    out.append(
                        r.Citation(sentence.match_span(m), last_act[0], last_act[1], _section_parts(m["section"]),
                                   _purpose(text, m.start(), m.end()), heading)
                    )
            for m in LEGISLATION_URL.finditer(text):
                out.append(r.Citation(sentence.match_span(m), "", int(m["year"]), (), None, heading,
                                      identifier=f"{m['type']}/{m['year']}/{m['chapter']}"))
    return out


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
