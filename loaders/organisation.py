"""Statements about the organisation that both genres make: names, formation, sponsor, type,
service areas and what they cover, case types, posts named without a holder; people, quotations and
contacts are read by ``loaders.people``."""

from __future__ import annotations

import re

from . import people
from . import records as r
from cafcass_kg.dates import find_periods, parse_period
from .patterns import (
    AREA_CODE,
    NUMBER,
    ORGANISATION,
    ORGANISATION_ALIASES,
    PROPER,
    split_list,
    strip_article,
    to_number,
)
from .text import SourceText

FULL_NAME = re.compile(r"\b(?:[Tt]he\s+)?(?P<full>[A-Z][a-z]+(?:\s+(?:and\s+|of\s+|for\s+)?[A-Z][a-z]+){2,})\s+\((?P<abbr>" + ORGANISATION_ALIASES + r")\)")
FORMATION = re.compile(
    r"\((?:" + ORGANISATION_ALIASES + r")\)\s+was\s+(?:formed|established|created|set up)\s+(?:as\s+[^.]*?\s+for\s+(?P<where>" + PROPER + r")\s+)?(?:[^.]*?\s)?on\s+(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4})"
)
PREDECESSORS = re.compile(r"brought\s+together\s+(?:the\s+services\s+previously\s+provided\s+by\s+)?(?P<list>[^.]+)\.")
SPONSOR = re.compile(r"\b(?:" + ORGANISATION_ALIASES + r")\s+is\s+sponsored\s+by\s+(?:the\s+)?(?P<dept>(?:Department|Ministry|Office)\s+(?:for|of)\s+[A-Z][\w,' ]+?)(?=\s+and\s+is\b|\s*[.;]|$)")
ORG_TYPE = re.compile(r"\bis\s+an?\s+(?P<type>(?:non-departmental|executive|advisory)[\w -]*?(?:public\s+body|agency))\b")
SERVICE_AREA_COUNT = re.compile(
    r"\b(?:" + ORGANISATION_ALIASES + r")\s+(?:operates|has|consists\s+of)\s+(?:a\s+national\s+office\s+in\s+(?P<office>[A-Z]\w+)\s+and\s+)?(?P<n>" + NUMBER + r")\s+(?:service\s+)?areas\b"
)
COVERAGE = re.compile(r"\b[Ss]ervice\s+area\s+(?P<code>" + AREA_CODE + r")\s+covers\s+(?P<list>[^.]+)\.")
NATIONAL_AREAS = re.compile(r"\b(?P<n>" + NUMBER + r")\s+national\s+areas\s+\((?P<list>[^)]+)\)")
CASE_TYPE = re.compile(r"^(?P<label>[A-Z][^()]+?)\s+\((?P<branch>public|private)\s+law\)\s*$")
UNIT_WORDS = r"(?:Centre|Center|Unit|Office|Team|Board|Service)"

POST_SINCE = re.compile(
    r"\b[Tt]he\s+(?P<role>(?:[A-Z][a-z]+\s+)*(?:Director|Manager|Head\s+of\s+[A-Z][a-z]+|Executive))\s+has\s+been\s+in\s+(?:the\s+|their\s+|her\s+|his\s+)?(?:current\s+)?post\s+since\s+(?P<date>(?:\w+\s+)?\d{4})"
)


def organisation_names(doc: SourceText) -> list[r.Record]:
    out = []
    for block in doc.blocks:
        for m in FULL_NAME.finditer(block.passage.text):
            full = strip_article(m["full"])
            out.append(r.OrganisationName(block.passage.match_span(m), full, m["abbr"]))
    return out


def formation(doc: SourceText) -> list[r.Record]:
    out = []
    for block in doc.blocks:
        text = block.passage.text
        m = FORMATION.search(text)
        if not m:
            continue
        date = parse_period(m["date"])
        if not date or date.kind != "day":
            continue
        p = PREDECESSORS.search(text, m.end())
        predecessors = tuple(strip_article(x) for x in split_list(p["list"])) if p else ()
        end = p.end() if p else m.end()
        out.append(r.Formation((block.passage.span(m.start(), end)), ORGANISATION, date, predecessors, m["where"]))
    return out


def sponsorship_and_type(doc: SourceText) -> list[r.Record]:
    out: list[r.Record] = []
    for block in doc.blocks:
        for sentence in block.sentences():
            m = SPONSOR.search(sentence.text)
            if m:
                out.append(r.Sponsorship(sentence.span(), ORGANISATION, re.sub(r"\s+", " ", m["dept"])))
            t = ORG_TYPE.search(sentence.text)
            if t and re.search(ORGANISATION_ALIASES, sentence.text[: t.start()]):
                out.append(r.OrganisationType(sentence.span(), ORGANISATION, t["type"].lower()))
    return out


def service_areas(doc: SourceText) -> list[r.Record]:
    out: list[r.Record] = []
    for block in doc.blocks:
        for sentence in block.sentences():
            for m in SERVICE_AREA_COUNT.finditer(sentence.text):
                n = to_number(m["n"])
                if n is not None:
                    out.append(r.ServiceAreaCount(sentence.span(), ORGANISATION, int(n), m["office"]))
            for m in COVERAGE.finditer(sentence.text):
                places, units = [], []
                for item in split_list(m["list"]):
                    item = re.sub(r"^(?:" + ORGANISATION_ALIASES + r")(?:'s|')?\s+", "", strip_article(item))
                    (units if re.search(UNIT_WORDS + r"$", item) else places).append(item)
                out.append(r.ServiceAreaCoverage(sentence.span(), m["code"], None, tuple(places), tuple(units)))
            for m in NATIONAL_AREAS.finditer(sentence.text):
                for name in split_list(m["list"]):
                    out.append(r.UnitMention(sentence.span(), name, "national area"))
    return out


def case_types(doc: SourceText) -> list[r.Record]:
    out = []
    for block in doc.blocks:
        for line in block.lines:
            passage = line.passage
            text = re.sub(r"^[-*•]\s*", "", passage.text)
            offset = len(passage.text) - len(text)
            m = CASE_TYPE.match(text)
            if m:
                out.append(r.CaseType(passage.span(offset), m["label"].strip(), f"{m['branch']} law"))
    return out


def posts_in_post_since(doc: SourceText) -> list[r.Record]:
    out = []
    for block in doc.blocks:
        for sentence in block.sentences():
            for m in POST_SINCE.finditer(sentence.text):
                periods = find_periods(m["date"])
                if periods:
                    out.append(r.PostTenure(sentence.span(), re.sub(r"\s+", " ", m["role"]), "subject", periods[0]))
    return out


SHARED_EXTRACTORS = (organisation_names, formation, sponsorship_and_type, service_areas, case_types, people.people, posts_in_post_since)


def extract_shared(doc: SourceText) -> list[r.Record]:
    out: list[r.Record] = []
    for extractor in SHARED_EXTRACTORS:
        out.extend(extractor(doc))
    return out
