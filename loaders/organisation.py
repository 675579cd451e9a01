"""Statements about the organisation that both genres make: names, formation, sponsor, type,
service areas and what they cover, case types, posts, people, quotations and contacts."""

from __future__ import annotations

import re

from . import records as r
from .dates import find_periods, parse_period
from .patterns import AREA_CODE, NUMBER, ORGANISATION, ORGANISATION_ALIASES, PROPER, split_list, strip_article, to_number
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

NAME = r"(?P<name>[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?){1,2})"
ROLE_CORE = (
    r"(?:Chief\s+Executive|Head\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*|(?:[A-Z][a-z]+\s+)?Director(?:\s+of\s+[A-Z][a-z]+)?"
    r"|Chair(?:man|woman)?|(?:[A-Z][a-z]+\s+)+Manager|Press\s+Officer)"
)
TITLE = (
    r"(?P<title>(?P<interim>(?:Interim|Acting)\s+)?" + ROLE_CORE + r")"
    r"(?:\s+(?:for|of)\s+(?P<unit>the\s+(?:team|area|service|centre|region)|" + PROPER + r"))?"
)
SPEECH = r"(?:said|says|explains|explained|commented|comments|added|adds|insisted|stated)"
PERSON_WITH_TITLE = re.compile(
    NAME + r",\s+(?:the\s+)?(?:(?P<org>" + ORGANISATION_ALIASES + r")(?:'s|')?\s+)?" + TITLE + r"(?=\s*,?\s+" + SPEECH + r"\b|\s*$|\s*\n|\s+0\d)"
)
TITLE_THEN_PERSON = re.compile(TITLE + r"\s*-\s*" + NAME + r"\s*:")
PHONES = re.compile(r"(?<![\d])0\d{3,4}\s?\d{3}\s?\d{3,4}\b")
QUOTATION = re.compile(
    r"(?P<speaker>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})(?:,\s+[^\"]{0,80}?)?,?\s+" + SPEECH + r"(?:\s+[^\":]{0,40}?)?[:,]?\s*\"(?P<quote>.+(?=\")|.+)"
)
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


def _unit_of_title(unit: str | None) -> str | None:
    if not unit:
        return None
    if re.match(r"the\s+(?:team|area|service|centre|region)$", unit):
        return "subject"
    return strip_article(unit)


def _role_of_title(title: str) -> str:
    return re.sub(r"^(?:Interim|Acting)\s+", "", re.sub(r"\s+", " ", title))


def people(doc: SourceText) -> list[r.Record]:
    """Posts held, contacts and quotations."""
    out: list[r.Record] = []
    full_names: dict[str, str] = {}
    for block in doc.blocks:
        passage = block.passage
        for m in PERSON_WITH_TITLE.finditer(passage.text):
            name = m["name"]
            full_names.setdefault(name.split()[0], name)
            title = re.sub(r"\s+", " ", m["title"])
            unit = None if m["org"] else _unit_of_title(m["unit"])
            out.append(
                r.PostHolding(passage.match_span(m), name, title, _role_of_title(title), unit, bool(m["interim"]))
            )
            phones = PHONES.findall(passage.text, m.end(), m.end() + 60)
            if phones and not re.search(SPEECH, passage.text[m.end(): m.end() + 12]):
                end = passage.text.find(phones[-1], m.end()) + len(phones[-1])
                out.append(r.Contact(passage.span(m.start(), end), name, tuple(_phone(p) for p in phones)))
        for m in TITLE_THEN_PERSON.finditer(passage.text):
            name = m["name"]
            full_names.setdefault(name.split()[0], name)
            title = re.sub(r"\s+", " ", m["title"])
            out.append(r.PostHolding(passage.match_span(m), name, title, _role_of_title(title), None, bool(m["interim"])))
            phones = PHONES.findall(passage.text, m.end(), m.end() + 60)
            if phones:
                end = passage.text.find(phones[-1], m.end()) + len(phones[-1])
                out.append(r.Contact(passage.span(m.start(), end), name, tuple(_phone(p) for p in phones)))
        for m in re.finditer(r"\bcontact\s+" + NAME + r"\s+on\s+(?P<phones>0[\d ]+\d)", passage.text):
            out.append(r.Contact(passage.match_span(m), m["name"], tuple(_phone(p) for p in PHONES.findall(m["phones"]))))
    for block in doc.blocks:
        passage = block.passage
        for m in QUOTATION.finditer(passage.text):
            speaker = m["speaker"]
            speaker = full_names.get(speaker, speaker) if " " not in speaker else speaker
            if speaker not in full_names.values():
                continue
            out.append(r.Quotation(passage.match_span(m, "quote"), speaker, m["quote"].strip()))
    return out


def _phone(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def posts_in_post_since(doc: SourceText) -> list[r.Record]:
    out = []
    for block in doc.blocks:
        for sentence in block.sentences():
            for m in POST_SINCE.finditer(sentence.text):
                periods = find_periods(m["date"])
                if periods:
                    out.append(r.PostTenure(sentence.span(), re.sub(r"\s+", " ", m["role"]), "subject", periods[0]))
    return out


SHARED_EXTRACTORS = (organisation_names, formation, sponsorship_and_type, service_areas, case_types, people, posts_in_post_since)


def extract_shared(doc: SourceText) -> list[r.Record]:
    out: list[r.Record] = []
    for extractor in SHARED_EXTRACTORS:
        out.extend(extractor(doc))
    return out
