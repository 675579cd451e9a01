"""Who a document names and in what post: the roles vocabulary of the ontology (every label of a
concept in ``scheme:role``; a role whose title goes on with a portfolio; one that is no post
without it), person names (two to four capitalised words, honorifics and post-nominals aside),
references that stand for a person named in full ("Baroness Marlow", "Jane", "She"), and the role
phrases that read a post's role, unit and organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .patterns import ORGANISATION_ALIASES

ROLE_SCHEME = URIRef("https://w3id.org/cafcass-kg/id/scheme/role")
PORTFOLIO_COLLECTION = URIRef("https://w3id.org/cafcass-kg/id/concept/role/titles-with-portfolio")
NEEDS_PORTFOLIO_COLLECTION = URIRef("https://w3id.org/cafcass-kg/id/concept/role/titles-needing-portfolio")
PLACE = URIRef("https://schema.org/AdministrativeArea")


# -- the roles vocabulary ------------------------------------------------------------------------
@dataclass(frozen=True)
class Role:
    label: str  # the concept's prefLabel
    takes_portfolio: bool  # "Director" + "of Resources" is one role
    needs_portfolio: bool  # "Head" alone is no post: "Head of Service" is
    organisation: str | None  # the other organisation the role belongs to (Ofsted for an inspector)


@dataclass(frozen=True)
class Vocabulary:
    roles: dict[str, Role]  # every label, normalised, to its role
    pattern: str  # a regular expression matching any label (a plural too)
    name_stopwords: frozenset[str]  # words that are never part of a person's name
    places: frozenset[str]


def _norm(label: str) -> str:
    return re.sub(r"\s+", " ", label.replace("’", "'").replace("‐", "-")).strip().lower()


def _label_pattern(label: str) -> str:
    words = [re.escape(w).replace("'", "['’]") for w in re.split(r"[\s]+", label.strip())]
    return r"\s+".join(words).replace(r"\-", r"[-\s]?")


@cache
def vocabulary() -> Vocabulary:
    """The roles vocabulary, read once from the ontology files."""
    from cafcass_kg.resources import ontology_files

    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    with_portfolio = set(graph.objects(PORTFOLIO_COLLECTION, SKOS.member))
    needing_portfolio = set(graph.objects(NEEDS_PORTFOLIO_COLLECTION, SKOS.member))
    roles: dict[str, Role] = {}
    for concept in graph.subjects(SKOS.inScheme, ROLE_SCHEME):
        pref = graph.value(concept, SKOS.prefLabel)
        if pref is None:
            continue
        other = graph.value(concept, DCTERMS.relation)
        other_label = graph.value(other, RDFS.label) if other is not None else None
        role = Role(str(pref), concept in with_portfolio, concept in needing_portfolio, str(other_label) if other_label else None)
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(concept, p):
                roles[_norm(str(label))] = role
    labels = sorted({label for label in roles}, key=len, reverse=True)
    pattern = r"(?i:" + "|".join(_label_pattern(label) for label in labels) + r")(?:s\b|(?![\w-]))"
    words = {w.strip("'").capitalize() for label in labels for w in re.split(r"[\s-]+", label) if len(w) > 2}
    places = frozenset(str(label).lower() for s, label in graph.subject_objects(RDFS.label) if (s, RDF.type, PLACE) in graph)
    return Vocabulary(roles, pattern, frozenset(words | NOT_NAME_WORDS), places)


def role_of(text: str) -> Role | None:
    """The role a matched wording names (a plural as its singular)."""
    roles = vocabulary().roles
    key = _norm(text)
    return roles.get(key) or (roles.get(key[:-1]) if key.endswith("s") else None)


# Capitalised words that start no person's name: organisations, places, parts of a document.
NOT_NAME_WORDS = frozenset(
    ["Cafcass", "Ofsted", "Board", "Boards", "Service", "Services", "Court", "Courts", "Council", "Department", "Ministry", "Office", "Government", "Parliament", "House", "Lords", "Commons", "England", "Wales", "London", "North", "South", "East", "West", "Midlands", "Family", "Children", "Child", "Justice", "Education", "Authority", "Committee", "Group", "Unit", "Team", "Centre", "Area", "Region", "Trust", "Borough", "County", "City", "University", "College", "Association", "Union", "Agency", "Inspection", "Inspectors", "Report", "Press", "Release", "Notes", "Editors", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "The", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our", "Majesty's", "Yours", "Dear", "Page", "Related", "Recommended", "Interview", "Contact", "Telephone", "Email", "Mobile", "Leaders", "Leadership", "Executive", "Focused", "Visit", "Monitoring", "National", "Regional", "Local", "Public", "Private", "Law", "Care", "Social", "Work", "Health", "Secretary", "State", "Minister", "Director", "Chair", "General", "Further", "Information", "Download", "Share", "Embed", "Copyright", "Home", "Documents", "News", "Annual", "Summary", "Overall", "Judgement", "Grade", "Good", "Outstanding", "Inadequate", "Satisfactory", "Adequate", "Requires", "Improvement", "Key", "Findings", "What", "Why", "How", "When", "Where", "Who", "Under", "Since", "From", "After", "Before", "During", "And", "But", "For", "With", "Without", "Also", "Today", "Yesterday", "Ends", "Foreword", "Biography"]
)


# -- names ---------------------------------------------------------------------------------------
# O'Neill, D'Arcy, De'Ath, McAllister, Boye-Anawoma
NAME_WORD = r"(?:Mc|Mac|[A-Z][a-z]{0,2}['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)*"
PEERAGE = r"(?:Baroness|Lord|Lady)"  # a peer is known by title and surname when no full name is given
HONORIFIC = (
    r"(?:(?:[Tt]he\s+)?Rt\.?\s+Hon\.?|(?:His|Her)\s+Honour\s+Judge|HHJ|District\s+Judge|Mrs?\.?\s+Justice|Judge|" + PEERAGE
    + r"|Sir|Dame|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Professor|Prof\.?|Councillor|Cllr\.?)"
)
HONOURS = r"(?:CBE|OBE|MBE|DBE|KBE|CB|KCB|DCB|QC|KC|MP|JP|PhD|FRSA|FAcSS|DL|QPM)"
POST_NOMINALS = r"(?:\s+(?:" + HONOURS + r"|\(" + HONOURS + r"\)))*"  # "Jane Smith CBE", "Jane Smith (CBE)"
FULL_NAME = NAME_WORD + r"(?:\s+" + NAME_WORD + r"){1,3}"
# A reference to a person: a full name, "Baroness Marlow (of Alderley)", or a first name alone.
PERSON_REF = (
    r"(?:" + HONORIFIC + r"\s+)*(?:" + FULL_NAME + r"|" + NAME_WORD + r"(?:\s+of\s+" + NAME_WORD + r")?)" + POST_NOMINALS
)
PERSON_LIST = PERSON_REF + r"(?:\s*,\s*" + PERSON_REF + r")*(?:\s*,?\s+and\s+" + PERSON_REF + r")?"
PRONOUN = r"(?:[Hh]e|[Ss]he)"
SPEECH = r"(?:said|says|explains|explained|commented|comments|added|adds|insisted|stated|welcomed|thanked|told)"


def strip_person(text: str) -> tuple[str, bool]:
    """(the name without honorifics or post-nominals, whether an honorific preceded it)."""
    text = re.sub(r"\s+", " ", text).strip()
    honoured = False
    while m := re.match(HONORIFIC + r"\s+", text):
        text, honoured = text[m.end():], True
    text = re.sub(POST_NOMINALS + r"$", "", text)
    return text.strip(), honoured


def is_full_name(name: str) -> bool:
    voc = vocabulary()
    words = name.split()
    return (
        2 <= len(words) <= 4
        and all(re.fullmatch(NAME_WORD, w) for w in words)
        and not any(w in voc.name_stopwords or w.split("-")[0] in voc.name_stopwords for w in words)
        and not re.fullmatch(HONORIFIC, words[0])
        and name.lower() not in voc.places
    )


@dataclass
class People:
    """The people a document names in full, to resolve short references against."""

    full: list[str] = field(default_factory=list)

    def add(self, ref: str) -> None:
        name, _ = strip_person(ref)
        if is_full_name(name) and name not in self.full:
            self.full.append(name)

    def resolve(self, ref: str, last: str | None = None) -> str | None:
        """The full name a reference stands for, or None when it stands for no one the document names."""
        if re.fullmatch(PRONOUN, ref.strip()):
            return last
        name, honoured = strip_person(ref)
        name = re.sub(r"\s+of\s+\w+$", "", name) if honoured else name
        if is_full_name(name):
            return name
        if " " in name or not re.fullmatch(NAME_WORD, name) or name in vocabulary().name_stopwords:
            return None
        # "Baroness Marlow" is a surname; "Jane" alone, a first name; and a surname alone, as the
        # press writes a person named in full before ("Smith said").
        index = -1 if honoured else 0
        found = [full for full in self.full if full.split()[index] == name]
        if not found and not honoured:
            found = [full for full in self.full if full.split()[-1] == name]
        if len(set(found)) == 1:
            return found[0]
        # a peer the document names only by title ("Baroness Marlow OBE, Deputy Chair") is that person
        peer = re.match(PEERAGE + r"(?=\s)", ref.strip())
        return f"{peer.group(0)} {name}" if peer and not found else None


# -- role phrases --------------------------------------------------------------------------------
# A name after a role: "the Department for Education and Skills", "Children and Families".
# A unit named in lower case: "for the team" (the document's subject), "for public law".
LOWER_UNIT = r"(?:(?:team|area|service|centre|region)\b|(?:public|private)\s+law)"


# An "and" before a role starts a second post ("Director of X and Head of Y"), not the rest of a name.
@cache
def tail_proper() -> str:
    joiner = r"(?:\s+and\s+(?!" + vocabulary().pattern + r")|\s+(?:of|the|for|on)\s+|\s+)"
    return r"[A-Z][\w'-]*(?:" + joiner + r"[A-Z][\w'-]*)*"


@cache
def tail_name() -> str:
    """What follows "of", "for" or "at" in a role phrase; a list ("Children, Young People and
    Families") is one portfolio, not a role followed by a person called "Young People"."""
    listed = tail_proper() + r"(?:,\s+" + tail_proper() + r")+,?\s+and\s+" + tail_proper()
    return r"(?:" + listed + r"|" + tail_proper() + r"|" + LOWER_UNIT + r")"


@cache
def tail() -> str:
    return r"(?P<tail>(?:\s+(?:of|for|at)\s+(?:the\s+)?" + tail_name() + r"){0,3})"


def role_phrase() -> str:
    return r"(?P<interim>(?i:interim|acting)\s+)?(?P<role>" + vocabulary().pattern + r")" + tail()


@dataclass(frozen=True)
class Post:
    role: str
    job_title: str
    interim: bool
    unit: str | None
    organisation: str | None

    @classmethod
    def of_role(cls, role: Role) -> Post:
        """The post a role names by itself: no portfolio, no unit, not interim."""
        return cls(role.label, role.label, False, None, role.organisation)


CAFCASS_NAME = re.compile(ORGANISATION_ALIASES + r"|Children\s+and\s+Family\s+Court\s+Advisory")
SUBJECT_UNIT = re.compile(r"(?:team|area|service|centre|region)$")
UNIT_NAME = re.compile(r"\b(?:Committee|Board|Team|Centre|Service|Unit|Area|Region)$")


def read_post(m: re.Match, prefix_org: str | None = None) -> Post | None:
    """The post a role phrase names: its role (with a portfolio), its unit and its organisation."""
    role = role_of(m["role"])
    if role is None:
        return None
    label, unit, organisation = role.label, None, None
    tail_part = re.compile(r"\s+(?P<prep>of|for|at)\s+(?P<article>the\s+)?(?P<name>" + tail_name() + r")")
    parts = list(tail_part.finditer(m["tail"] or ""))
    qualifier = (m.groupdict().get("qualifier") or "").strip()
    if qualifier and role.takes_portfolio:  # "Family Justice Minister": the portfolio before the title
        label = f"{re.sub(chr(92) + 's+', ' ', qualifier)} {label}"
    elif role.needs_portfolio and not (parts and parts[0]["name"][:1].isupper()):
        return None  # "its head of policy" names no post the vocabulary knows
    if parts and role.takes_portfolio and not parts[0]["article"] and parts[0]["name"][:1].isupper() \
            and not _is_organisation(parts[0]["name"]):
        portfolio = re.sub(r"\s+", " ", parts[0]["name"])
        label = f"{label} {parts[0]['prep']} {portfolio}"
        parts = parts[1:]
    for part in parts:
        name = re.sub(r"\s+", " ", part["name"])
        if part["article"] and SUBJECT_UNIT.fullmatch(name):
            unit = "subject"
        elif CAFCASS_NAME.search(name) or name == "Board" or not name[:1].isupper():
            continue
        elif part["prep"] == "for" or UNIT_NAME.search(name) and part["prep"] != "at" and not organisation:
            unit = unit or name
        else:
            organisation = name if part["prep"] == "at" or organisation is None else organisation
    organisation = organisation or prefix_org or role.organisation
    if organisation and unit and unit != "subject":
        unit = None  # a unit of another organisation is no unit of Cafcass
    interim = bool(m["interim"])
    title = (m["interim"].strip().capitalize() + " " if interim else "") + label
    return Post(label, title, interim, unit, organisation)


def _is_organisation(name: str) -> bool:
    return bool(re.search(ORGANISATION_ALIASES + r"|\bOfsted\b", name))
