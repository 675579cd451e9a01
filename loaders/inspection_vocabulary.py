"""The inspection vocabularies of the ontology as the readers use them: grade scales with their
wordings, evaluation areas with their alternative labels, inspection kinds and frameworks; and the
regular expressions built from them once. A new framework, area or grade wording is an entry in
ontology/*.ttl, never a phrase here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from cafcass_kg.resources import ontology_files

from .patterns import PROPER

SCHEME = "https://w3id.org/cafcass-kg/id/scheme/"
SCHEMA_START = URIRef("https://schema.org/startDate")
SCHEMA_END = URIRef("https://schema.org/endDate")
OVERALL = "overall effectiveness"  # what a grade with no area judges
UNPLACED = (0, 0)  # an earlier inspection no sentence has yet been found to state


# ---- the vocabularies --------------------------------------------------------------------------

@dataclass(frozen=True)
class Framework:
    label: str
    start: dt.date | None
    end: dt.date | None
    issued: dt.date | None
    areas: tuple[str, ...]  # preferred labels of the areas it grades


@dataclass(frozen=True)
class Vocabulary:
    grades: dict[str, int]  # every wording of a grade -> its number on the scale
    areas: dict[str, str | None]  # a normalised wording -> the preferred label to report, None: as written
    kinds: dict[str, str]  # a wording of an inspection kind -> its preferred label
    frameworks: tuple[Framework, ...]

    @property
    def grade_pattern(self) -> str:
        words = sorted(self.grades, key=len, reverse=True)
        return r"(?i:\b(?:" + "|".join(_label_pattern(w) for w in words) + r")\b)"

    @property
    def area_pattern(self) -> str:
        labels = sorted(self.areas, key=len, reverse=True)
        return r"(?i:\b(?:" + "|".join(_label_pattern(a) for a in labels) + r")(?!\w))"


def _label_pattern(label: str) -> str:
    """A label as a pattern: any spacing, an optional leading "the", "Cafcass" with or without its possessive."""
    words = re.findall(r"[\w]+", label.lower())
    if words and words[0] == "the":
        words = words[1:]
    parts = [r"cafcass(?:'s|')?" if w == "cafcass" else re.escape(w) for w in words]
    return r"[\s,]+".join(parts)


def normalise(text: str) -> str:
    """A wording's identity: lower case, words only, no leading article, no possessive on the organisation."""
    words = re.findall(r"[\w]+", text.lower().replace("'s", "").replace("'", ""))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _date(value) -> dt.date | None:
    if isinstance(value, Literal):
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    return None


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The grade, area, kind and framework vocabularies, read once from the ontology files."""
    g = Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    return Vocabulary(_grades(g), _areas(g), _kinds(g), _frameworks(g))


def _in_scheme(g: Graph, scheme: str) -> Iterator[URIRef]:
    yield from g.subjects(SKOS.inScheme, URIRef(SCHEME + scheme))


def _grades(g: Graph) -> dict[str, int]:
    out = {}
    for concept in _in_scheme(g, "grade"):
        number = g.value(concept, SKOS.notation)
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(concept, p):
                out[str(label).lower()] = int(number)
    return out


def _areas(g: Graph) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for concept in _in_scheme(g, "evaluation-area"):
        preferred = str(g.value(concept, SKOS.prefLabel))
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(concept, p):
                out[normalise(str(label))] = None
        for label in g.objects(concept, SKOS.hiddenLabel):
            out.setdefault(normalise(str(label)), preferred)
    return out


def _kinds(g: Graph) -> dict[str, str]:
    out = {}
    for concept in _in_scheme(g, "inspection-kind"):
        preferred = str(g.value(concept, SKOS.prefLabel))
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(concept, p):
                out[str(label).lower()] = preferred
    return out


def _frameworks(g: Graph) -> tuple[Framework, ...]:
    out = []
    for concept in _in_scheme(g, "inspection-framework"):
        areas = tuple(str(g.value(a, SKOS.prefLabel)) for a in g.objects(concept, DCTERMS.hasPart))
        out.append(Framework(str(g.value(concept, SKOS.prefLabel)), _date(g.value(concept, SCHEMA_START)),
                             _date(g.value(concept, SCHEMA_END)), _date(g.value(concept, DCTERMS.issued)), tuple(sorted(areas))))
    return tuple(sorted(out, key=lambda f: f.start or dt.date.min))


# ---- patterns built from the vocabularies ---------------------------------------------------------

@dataclass(frozen=True)
class Patterns:
    grade: re.Pattern
    grade_only: re.Pattern  # a table cell or line that is a grade and nothing else
    area: re.Pattern  # one area mention, its wording in group "label"
    area_only: re.Pattern
    passive: re.Pattern  # areas, a verb, a grade: "X and Y were judged good"
    active: re.Pattern  # a judging verb, areas, a grade: "judged X to be good"
    further: re.Pattern  # ", and Y good" after an active judgement
    as_was: re.Pattern  # ", as was Y" after a passive one
    verb: re.Pattern
    chain: re.Pattern  # after a judging verb: "[the service] [to be] good in X, adequate overall"
    item: re.Pattern
    heading: re.Pattern  # "Area: grade"
    overall_noun: re.Pattern  # "an overall rating of 'good'"
    quoted_before: re.Pattern  # "an 'outstanding' grade for capacity to improve", "with 'good' partnerships"


# A grade word is predicative (it grades something) when a clause boundary or one of these follows it.
PREDICATIVE = r"(?=\s*(?:$|[.,;:)!?\"'-]|\b(?:in|overall|by|for|following|after|at|and|as|with|when|since|across|from|on|during|but|while|whilst|because|four|three|two|five|six|ten|again|this|last|earlier)\b))"
DETERMINER = r"(?:(?i:the|its|their|our|his|her|this)\s+)?(?:(?:[A-Z][\w-]*|service\s+area|service|organisation|area|team)(?:'s|’s|')\s+)?"
OF_ORGANISATION = r"(?:\s+of\s+(?:the\s+)?(?:Cafcass|service(?:\s+area)?|organisation|area|team))?"
SEPARATOR = r"(?:\s*[,;]\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)"
QUANTIFIER = (r"(?i:(?:all|each|both)(?:\s+of)?(?:\s+(?:the|these|those|them|its))?(?:\s+(?P<count>two|three|four|five|six|\d))?"
              r"(?:\s+(?:(?:judgement|evaluation|key)\s+)?(?:areas|judgements))?)")
JUDGING_VERB = r"(?:judged|rated|graded|found|assessed|considered|deemed)"
# "in six key areas, including": a count of areas before the ones it lists
COUNTED_AREAS = r"(?:(?i:(?:\w+|\d+)\s+(?:(?:key|judgement|evaluation|of\s+the\s+\w+)\s+)?areas(?:\s+inspected)?,?\s+(?:including|namely|among\s+them)\s+))?"
BE = r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been|remains|remained)"
# "the Cafcass service in Wessex and Mercia", "Cafcass' service in North and South of Anglia"
SERVICE_IN = r"(?:the\s+)?(?:Cafcass(?:'s|’s|')?\s+)?service\s+(?:area\s+)?in\s+(?P<service_in>" + PROPER + r")"
ORGANISATION_OBJECT = r"(?:" + SERVICE_IN.replace("?P<service_in>", "?:") + r"|(?:the\s+)?(?:service(?:\s+area)?|organisation|team)|it|them|" + PROPER + r"(?:\s+\([A-Za-z]+\))?)"


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    v = vocabulary()
    grade = v.grade_pattern
    item = DETERMINER + r"(?P<label>" + v.area_pattern + r")" + OF_ORGANISATION
    plain_item = DETERMINER + v.area_pattern + OF_ORGANISATION
    area_list = plain_item + r"(?:" + SEPARATOR + r"(?:in\s+|for\s+|on\s+)?" + plain_item + r")*"
    areas = r"(?P<areas>" + area_list + r"|" + QUANTIFIER + r")"
    to_be = r"(?:\s+(?:to\s+be|as))?"
    boundary = r"(?:^|(?<=[,;:])\s*|\b(?i:and|that|while|whilst|but|which|although)\s+)"
    grade_item = r"['\"]?(?P<grade>" + grade + r")['\"]?" + PREDICATIVE
    return Patterns(
        grade=re.compile(grade),
        grade_only=re.compile(r"^\s*['\"]?(?P<grade>" + grade + r")['\"]?\s*$"),
        area=re.compile(item),
        area_only=re.compile(r"^\s*(?:the\s+)?(?P<label>" + v.area_pattern + r")\s*$", re.IGNORECASE),
        passive=re.compile(boundary + areas + r",?\s+(?P<verb>(?i:" + BE + r")(?:\s+(?i:also|both|all|each|again|now|still))?"
                           r"(?:\s+(?i:" + JUDGING_VERB + r"))?" + to_be + r")\s+" + grade_item),
        active=re.compile(r"^\s+" + areas + to_be + r"\s+" + grade_item),
        further=re.compile(r"^" + SEPARATOR + areas + to_be + r"\s+" + grade_item),
        as_was=re.compile(r"^,?\s+as\s+(?i:was|were|is|are)\s+" + areas),
        verb=re.compile(r"\b(?i:" + JUDGING_VERB + r")\b"),
        chain=re.compile(r"^(?:\s+(?P<object>" + ORGANISATION_OBJECT + r"))?" + to_be + r"\s+"),
        # "good in partnerships", "good on safeguarding", "satisfactory performance in X", "inadequate in
        # six key areas, including its overall effectiveness and safeguarding"
        item=re.compile(r"['\"]?(?P<grade>" + grade + r")['\"]?(?:\s+(?:performances?|results?|ratings?|grades?)(?=\s+(?:in|for|on)\s)|"
                        + PREDICATIVE + r")(?:\s+(?P<overall>overall)|(?:\s+by\s+[A-Z]\w*)?\s+(?:in|for|on)\s+" + COUNTED_AREAS + areas + r")?"),
        # "an overall rating of 'inadequate'", "its overall grade was good" ("the overall judgement is good"
        # is read with the judgements: a framework's own overall judgement)
        # a quoted grade before its area is a grade given ("an 'outstanding' grade for capacity to improve");
        # unquoted ("good partnerships with schools") it is only praise
        quoted_before=re.compile(r"['\"‘“](?P<grade>" + grade + r")['\"’”]\s+(?:(?:grades?|ratings?|judgements?)\s+(?:for|in|on)\s+)?" + areas),
        overall_noun=re.compile(r"(?i:\boverall\s+(?:effectiveness\s+)?(?:rating|grade|verdict)\s+(?:of|was|:)\s+)['\"‘“]?(?P<grade>"
                                + grade + r")['\"’”]?" + PREDICATIVE),
        # a bullet or a number before the label: the same row in a release's list ("- Safeguarding: good")
        heading=re.compile(r"^\s*(?:[-*•▪●]\s*|\(?\d{1,2}[.)]\s+)?(?P<label>.+?)\s*[:–—-]\s*['\"‘“]?(?P<grade>" + grade + r")['\"’”]?[.;]?\s*$"),
    )
