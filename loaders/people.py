"""People, the posts they hold, in Cafcass or in another organisation, and what they said.

Runs on every document, whatever its family. The role words come from the roles vocabulary
(the SKOS scheme ``scheme:role`` of the ontology files): a wording is read as a role only if it is
a label of a concept there, so adding a role is adding a concept. A name is two to four
capitalised words, stripped of honorifics and post-nominal letters; a first name alone, "Baroness
Marlow" or a sentence's "She" stands for a person the document names in full.

Page furniture (bylines, photo credits, uploaders, "related" and "recommended" links) is never read.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from functools import cache

from cafcass_kg.dates import Period, parse_period

from . import records as r
from .names_and_roles import (  # noqa: F401  (role_of and vocabulary re-exported: the extractor's entry points)
    FULL_NAME,
    PERSON_LIST,
    PERSON_REF,
    POST_NOMINALS,
    PRONOUN,
    SPEECH,
    People,
    Post,
    read_post,
    role_of,
    role_phrase,
    vocabulary,
)
from .patterns import ORGANISATION_ALIASES
from .text import Block, Passage, SourceText

# -- page furniture ------------------------------------------------------------------------------
FURNITURE_LINE = re.compile(
    r"^\s*(?:(?:[Bb]y|[Pp]osted\s+by|[Ww]ritten\s+by|[Pp]age\s+created\s+by|[Uu]ploaded\s+(?:by|on)|[Pp]hoto(?:graph)?s?"
    r"|[Ii]mage|[Pp]icture|[Cc]redit|[Ii]llustration|[Rr]elated|[Rr]ecommended|[Ii]nterview|[Rr]ead\s+more|[Ss]ee\s+also"
    r"|[Yy]ou\s+may\s+also|[Mm]ore\s+from|[Mm]ost\s+(?:popular|read|viewed|shared)|[Cc]omments?|[Ss]hare)\b"
    r"|.*\(\d+\s+pages?\)|.*\b(?:views|downloads)\b.*\|)"
)


SHORT_LINE = 60


RUNS_ON = re.compile(r"(?i)(?:\b(?:of|and|for|the|to|in|at|on|by|with|a|an)|[&,-])\s*$")


def _runs_on(line: str, next_line: str) -> bool:
    return next_line.lstrip()[:1].islower() or bool(RUNS_ON.search(line))


def content_passages(block: Block) -> list[Passage]:
    """The block's sentences without page furniture. A block of short lines ("Jane Smith, Chair" over
    "John Brown, Chief Executive") is read line by line: joined, one line's role would run into the next name."""
    furniture = any(FURNITURE_LINE.match(line.raw) for line in block.lines)
    # rows of a table or of minutes ("Name ........ Post"): joined, one row's post would run into the next name
    rows = len(block.lines) > 1 and any(len(CELL_BREAK.split(line.raw.strip())) > 1 for line in block.lines)
    short_lines = len(block.lines) > 1 and all(len(line.raw.strip()) <= SHORT_LINE for line in block.lines)
    # ... unless the lines run on as prose (a narrow column): a line that starts in lower case, or
    # follows one that ends on a joining word ("Interim Head of" / "Communications"), carries on the
    # line before it.
    short_lines = short_lines and not any(_runs_on(before.raw, after.raw) for before, after in zip(block.lines, block.lines[1:]))
    if not furniture and not short_lines and not rows:
        return list(block.sentences())
    return [line.passage for line in block.lines if not FURNITURE_LINE.match(line.raw) and line.raw.strip()]


# -- the patterns --------------------------------------------------------------------------------
ORG_PREFIX = r"(?:(?P<prefix>" + ORGANISATION_ALIASES + r"|Ofsted)(?:'s|')?\s+)?"
COPULA = (
    r"(?:has\s+been|had\s+been|have\s+been|is|was|will\s+be|would\s+be|becomes|became|serves|served|has\s+served"
    r"|acts|acted|stepped\s+down|steps\s+down|stood\s+down|stands\s+down|retired|retires|joined|joins"
    r"|remains|remained|will\s+remain|(?:will\s+)?continues?\s+as|continued\s+as"
    r"|(?:has\s+|had\s+)?(?:agreed|been\s+asked)\s+to\s+(?:act|serve|stand\s+in)"
    # "will take up the post of Chair", "begins her term as chair"
    r"|(?:will\s+|is\s+to\s+)?(?:take|takes|took|taken|taking)\s+up\s+(?:the\s+|her\s+|his\s+|their\s+)?(?:post|role|position|appointment)\s+(?:of|as)"
    r"|(?:will\s+)?(?:begins?|began|starts?|started|starting)\s+(?:her|his|their)\s+(?:term|tenure|time)\s+(?:of\s+office\s+)?as|(?:has\s+been\s+|was\s+|is\s+|been\s+)?"
    r"(?:(?:re)?appointed|announced|named|confirmed)"
    # "has temporarily stepped into the role of chairwoman", "took over as chair"
    r"|(?:has\s+|had\s+)?(?:temporarily\s+)?(?:stepped|steps|step)\s+(?:in)?to\s+the\s+(?:role|post|position)\s+of"
    r"|(?:has\s+|had\s+)?(?:taken|took|takes|take)\s+(?:on\s+the\s+(?:role|post|position)\s+of|over\s+as))"
)
# "appointed by the Secretary of State as": who appointed, between the verb and the post
BY_WHOM = r"(?:\s+by\s+(?:the\s+)?[A-Z][\w']*(?:\s+(?:of|for|and|the|[A-Z][\w']*)){0,8}(?=\s+as\b))?"
# "the resignation of Jane Smith as chair": a post named by what happened to its holder
EVENT_OF = r"(?:(?:[Rr]e)?(?:a|A)ppointment|[Rr]esignation|[Dd]eparture|[Rr]etirement|[Ee]lection|[Nn]omination|[Pp]romotion)\s+of"
ARTICLE = r"(?:(?:the|a|an|its|our|their)\s+)?(?:(?:next|new|first|former|permanent|substantive|current|previous)\s+)?"
ADVERBS = r"(?:(?:currently|previously|formerly|also|now|then)\s+)*"


@cache
def patterns() -> dict[str, re.Pattern]:
    role = role_phrase()
    end = r"(?=\s*(?:[,.;:)]|$)|\s+" + SPEECH + r"\b|\s+0\d)"
    # a post that goes on: "..., Interim Chair since 2019 and a Board Member since 2018, is"
    goes_on = r"(?=\s+since\s|\s+and\s+(?:(?:the|a|an)\s+)?(?:" + ORGANISATION_ALIASES + r")?(?:'s|')?\s*(?i:" + vocabulary().pattern + r"))"
    return {
        # "Jane Smith, Head of Service for Kent, said"; "Jane Smith CBE, Chair"; "Jane Smith, Interim Cafcass Chair since"
        "name-then-role": re.compile(r"(?<![\w'-])(?P<who>" + PERSON_REF + r")(?:\s*\([^)]*\))?,\s+" + ARTICLE + r"(?P<before>(?i:interim|acting)\s+)?"
                                     + ORG_PREFIX + role + r"(?:" + end + r"|" + goes_on + r")"),
        # "Jane Smith (interim Head of Service)"
        "name-bracket-role": re.compile(r"(?<![\w'-])(?P<who>" + PERSON_REF + r")\s*\(\s*" + ORG_PREFIX + role + r"\s*\)"),
        # "The head of service, Jane Smith, has"
        "role-comma-name": re.compile(
            r"(?<![\w'-])" + ORG_PREFIX + role + r",\s+(?P<who>" + PERSON_REF + r")(?:\s*\([^)]*\))?(?=\s*[,.;:)]|\s*$|\s+(?!and\s+[A-Z])[a-z])"
        ),
        # "Chief Executive Jane Smith said"; "Her Majesty's Inspectors Jane Smith and John Brown"
        "role-then-name": re.compile(
            r"(?<![\w'-])" + ORG_PREFIX + r"(?P<qualifier>(?:(?!" + NOT_QUALIFIER + r")[A-Z][a-z]+\s+){1,3})?"
            r"(?P<interim>(?i:interim|acting)\s+)?(?P<role>" + vocabulary().pattern + r")(?P<tail>)"
            r"\s+(?P<who>" + PERSON_LIST + r")(?=\s*[,.;:)]|\s*$|\s+[a-z(])"
        ),
        # "The Minister for Children and Families (John Brown): ..." (a written statement's speaker)
        "role-bracket-name": re.compile(r"(?<![\w'-])" + ORG_PREFIX + role + r"\s*\(\s*(?P<who>" + PERSON_REF + r")\s*\)(?=\s*[:,.;]|\s+[a-z])"),
        # "Lead inspector: Jane Smith"; "Head of Communications - Jane Smith: 0123 ..."
        "label-then-name": re.compile(r"^\s*(?:[-*•]\s*)?" + ORG_PREFIX + role + r"\s*(?::|\s[-–—])\s*(?P<who>" + PERSON_REF + r")"),
        # "Jane Smith has been appointed as chair of Cafcass"; "She was previously Director of ..."
        "subject-copula-role": re.compile(
            r"(?<![\w'-])(?P<who>" + PERSON_REF + r"|" + PRONOUN + r")(?:\s*\([^)]*\))?(?:,\s+who)?\s+" + ADVERBS + COPULA
            + BY_WHOM + r"(?:\s+as)?\s+" + ADVERBS + ARTICLE + ORG_PREFIX + role
        ),
        # "has appointed Jane Smith and John Brown as board members"
        "appointed-as": re.compile(
            r"\b(?:(?:re)?appointed|" + EVENT_OF + r")\s+(?P<who>" + PERSON_LIST + r")(?:\s*\([^)]*\))?\s+as\s+" + ARTICLE + ORG_PREFIX + role
        ),
        # "His Majesty's Inspectors for this visit were Jane Smith and John Brown"
        "role-were-names": re.compile(
            r"(?<![\w'-])" + ORG_PREFIX + role + r"(?:\s+[a-z]+){0,4}?(?:,[^,]{1,100},)?\s+(?:was|were|is|are|will\s+be|would\s+be)\s+(?P<who>"
            + PERSON_LIST + r")(?=\s*[,.;:)]|\s*$)"
        ),
    }


# Capitalised words before a role that are no part of its title ("Former Chief Executive Jane Smith").
NOT_QUALIFIER = r"(?:The|A|An|Former|New|Then|Interim|Acting|Our|Its|Their|Current|Outgoing|Incoming|Deputy|Cafcass|Ofsted)\b"
CHAIRED_BY = re.compile(r"\bchaired\s+(?:(?:since|from)\s+(?:[\w ]+?\s)?(?:19|20)\d{2}\s+)?by\s+(?P<who>" + PERSON_REF + r")")
# "Jane Smith chairs the Clinical Governance Committee": the verb names the role
CHAIRS = re.compile(r"(?<![\w'-])(?P<who>" + PERSON_REF + r"|" + PRONOUN + r")(?:,\s+who)?\s+(?:also\s+|currently\s+|now\s+)?chairs\s+(?:the\s+)?[A-Z]")
# The press's words for the chief executive of Cafcass: "Cafcass boss Jane Smith", "the Cafcass chief,
# Jane Smith,", "Jane Smith, who heads Cafcass" (only with Cafcass named: "police chief" is no post here)
CAFCASS_CHIEF = re.compile(
    r"\b(?:" + ORGANISATION_ALIASES + r")(?:'s|')?\s+(?:boss|chief)\s*,?\s+(?P<who>" + PERSON_REF + r")(?=\s*[,.;:)]|\s+[a-z(])"
    r"|(?<![\w'-])(?P<head>" + PERSON_REF + r"),\s+who\s+(?:heads|headed|leads|led|runs|ran)\s+(?:" + ORGANISATION_ALIASES + r")\b(?=\s*[,.;:)]|\s+(?:and|since|from|for|in)\b)"
)
SUCCEEDS = re.compile(r"\b(?:succeeds?|succeeding|succeeded|replaces?|replacing|replaced)\s+(?P<who>" + PERSON_REF + r")")
AND_ANOTHER_ROLE = r"(?:\s+since\s+[\w ]+?\d{4})?(?:\s+and\s+(?:is\s+|was\s+)?" + ARTICLE + r"(?P<role>{role}))"
PERSON_REF_RE = re.compile(PERSON_REF)


@dataclass
class Found:
    """A person reference with a post, before the reference is resolved to a full name."""

    who: str
    post: Post
    evidence: tuple[int, int]
    end: int  # where the match ends in its passage (for a telephone number after it)
    passage: Passage


def split_people(text: str) -> list[str]:
    return [m.group(0) for m in PERSON_REF_RE.finditer(text) if m.group(0) not in ("and",)]


@cache
def role_words() -> re.Pattern:
    return re.compile(vocabulary().pattern)


def posts_in(passage: Passage) -> list[Found]:
    """The posts a sentence (or a line) states, each with the person reference it names."""
    out: list[Found] = []
    text = passage.text
    # Every post pattern names a role of the vocabulary: a sentence with none is passed over whole.
    for kind, pattern in (patterns().items() if role_words().search(text) else ()):
        for m in pattern.finditer(text):
            post = read_post(m, _prefix_organisation(m))
            if post is None:
                continue
            post = _interim_by_wording(post, m)
            refs = split_people(m["who"]) if kind in ("role-then-name", "appointed-as", "role-were-names") else [m["who"]]
            for ref in refs:
                out.append(Found(ref, post, passage.match_span(m), m.end(), passage))
            if kind in ("subject-copula-role", "name-then-role"):
                out += _further_roles(passage, m)
    chair = role_of("chair")
    for m in itertools.chain(CHAIRED_BY.finditer(text), CHAIRS.finditer(text)) if chair else ():
        out.append(Found(m["who"], Post.of_role(chair), passage.match_span(m), m.end(), passage))
    chief = role_of("chief executive")
    for m in CAFCASS_CHIEF.finditer(text) if chief else ():
        out.append(Found(m["who"] or m["head"], Post.of_role(chief), passage.match_span(m), m.end(), passage))
    out += _appointed_to_the_board(passage)
    return out


# "has appointed A, B and C to the board of Cafcass": each a board member
APPOINTED_TO_BOARD = re.compile(
    r"\b(?:re)?appointed\s+(?P<who>" + PERSON_LIST + r")\s+(?:to|as\s+members\s+of)\s+(?:the|its|our)\s+(?:Cafcass\s+)?[Bb]oard\b"
    # "five new members for the Board of Cafcass: A, B and C"
    r"|\bmembers\s+(?:of|for|to)\s+(?:the|its|our)\s+(?:Cafcass\s+)?[Bb]oard\b[^:.]{0,120}:\s+(?P<listed>" + PERSON_LIST + r")(?=\s*[.;]|\s*$)"
)


def _appointed_to_the_board(passage: Passage) -> list[Found]:
    member = role_of("board member")
    if member is None:
        return []
    post = Post.of_role(member)
    return [Found(ref, post, passage.match_span(m), m.end(), passage)
            for m in APPOINTED_TO_BOARD.finditer(passage.text) for ref in split_people(m["who"] or m["listed"])]


# "Interim Cafcass Chair" (the word before the organisation's name) and "temporarily stepped into the
# role of chair" make a post interim as "Interim Chair" does.
INTERIM_WORDING = re.compile(r"\btemporarily\b|\bfor\s+the\s+time\s+being\b|\bto\s+(?:act|stand\s+in)\b")


def _interim_by_wording(post: Post, m: re.Match) -> Post:
    if post.interim or not (m.groupdict().get("before") or INTERIM_WORDING.search(m.group(0))):
        return post
    return dataclasses.replace(post, interim=True, job_title=f"Interim {post.job_title}")


def _further_roles(passage: Passage, m: re.Match) -> list[Found]:
    """"... Interim Chair of Cafcass since 2019 and a Board Member since 2018", "Jane Smith, Assistant
    Director and Cafcass' Principal Social Worker": the second post too."""
    out = []
    follow = re.compile(r"(?:\s+since\s+[\w ]+?\d{4})?\s+and\s+(?:is\s+|was\s+)?" + ARTICLE + ORG_PREFIX + role_phrase())
    at = m.end()
    while n := follow.match(passage.text, at):
        post = read_post(n)
        if post is None:
            break
        out.append(Found(m["who"], post, passage.span(m.start(), n.end()), n.end(), passage))
        at = n.end()
    return out


def _prefix_organisation(m: re.Match) -> str | None:
    prefix = m.groupdict().get("prefix")
    if not prefix or re.fullmatch(ORGANISATION_ALIASES, prefix):
        return None
    return prefix


def letter_posts(doc: SourceText) -> list[Found]:
    """A name on one line and a role alone on the next: a letter's addressee or signatory."""
    out = []
    lines = [line for line in doc.lines()]
    # "Chair, Cafcass"; "Chief Executive and Accounting Officer" (the second read when it is a role)
    role_line = re.compile(r"^\s*(?P<interim>(?i:interim|acting)\s+)?(?P<role>" + vocabulary().pattern + r")(?P<tail>)"
                           r"(?:\s*,\s*(?:" + ORGANISATION_ALIASES + r"))?(?:\s+and\s+(?P<second>[A-Z][\w' -]+?))?\s*$")
    name_line = re.compile(r"^\s*(?P<who>" + PERSON_REF + r")\s*$")
    for first, second in itertools.pairwise(lines):
        n, m = name_line.match(first.raw), role_line.match(second.raw)
        if n and m and not FURNITURE_LINE.match(first.raw):
            passage = first.passage
            for post in (read_post(m), _second_post(m["second"])):
                if post:
                    out.append(Found(n["who"], post, (first.start, second.end), len(passage.text), passage))
    return out


def _second_post(wording: str | None) -> Post | None:
    role = role_of(wording) if wording else None
    return Post.of_role(role) if role is not None else None


def list_posts(doc: SourceText) -> list[Found]:
    """"Board members:" and the list of names under it; or a sentence that leads in to the list with
    the post ("The following have been appointed as board members of Cafcass:")."""
    out = []
    heading = re.compile(r"^\s*(?:(?:The|Our|Its|Their)\s+)?" + ARTICLE + role_phrase() + r"(?:\s+(?:are|were|is|will\s+be))?\s*:?\s*$")
    lead_in = re.compile(r"\b(?:(?:re)?appointed|named|confirmed|nominated|serve|serving)\s+as\s+" + ARTICLE + ORG_PREFIX + role_phrase()
                         + r"[^:.]{0,80}:\s*$")
    item_name = re.compile(r"(?P<who>" + PERSON_REF + r")(?:\s*\([^)]*\))?(?=\s*(?:[,;]|$|\s[-–—]\s|\())")
    for block, following in zip(doc.blocks, doc.blocks[1:]):
        m = heading.match(block.passage.text) or lead_in.search(block.passage.text)
        if not m or not following.bullet:
            continue
        post = read_post(m, _prefix_organisation(m))
        if post is None:
            continue
        for item in following.items():
            n = item_name.match(item.text)
            if n:
                out.append(Found(n["who"], post, item.span(0, n.end()), n.end(), item))
    return out


# A table row as text (cells apart by tabs or "|"), or a line of minutes with dot leaders:
# "Baroness Marlow OBE ........ CAFCASS Board Deputy Chair", "Jane Smith<TAB>Board Member<TAB>2023".
CELL_BREAK = re.compile(r"\s*(?:\t|\|\s|\s\||\.{4,}|…{2,}|\s{3,})\s*")
# "CAFCASS Board Member - Chair": a cell holding two posts
POSTS_APART = re.compile(r"\s+[-–—]\s+|\s*;\s*")


def row_posts(doc: SourceText) -> list[Found]:
    """Posts in the rows of a table or a list of minutes: a cell that is a person's name and a later
    cell that is a post (or posts) and nothing else."""
    out = []
    name_cell = re.compile(r"(?P<who>" + PERSON_REF + r")(?:\s*\([^)]*\))?")
    role_cell = re.compile(r"(?:(?:the|a|an)\s+)?" + ORG_PREFIX + role_phrase())
    for line in doc.lines():
        cells = [c.strip() for c in CELL_BREAK.split(line.raw.strip().strip("|")) if c.strip()]
        if len(cells) < 2 or FURNITURE_LINE.match(line.raw):
            continue
        who = next((m for c in cells[:-1] if (m := name_cell.fullmatch(c))), None)
        if who is None:
            continue
        for cell in cells[cells.index(who.string) + 1:]:
            posts = [read_post(m, _prefix_organisation(m)) for part in POSTS_APART.split(cell)
                     if (m := role_cell.fullmatch(part.strip()))]
            if posts and all(posts):
                out += [Found(who["who"], post, (line.start, line.end), len(line.passage.text), line.passage) for post in posts]
                break
    return out


# "Name: Jane Smith" over "Role: Board Member" (a record of an appointment, as a list of fields)
NAME_FIELD = re.compile(r"^\s*(?:Name|Appointee|Appointed)\s*:\s*(?P<who>" + PERSON_REF + r")\s*$")
POST_FIELD = re.compile(r"^\s*(?:Role|Post|Position|Title|Appointment|Appointed\s+as)\s*:\s*")


def field_posts(doc: SourceText) -> list[Found]:
    """An appointment given as fields, a name line and a post line within the next three."""
    out = []
    lines = list(doc.lines())
    role_field = re.compile(r"(?:(?:the|a|an)\s+)?" + ORG_PREFIX + role_phrase() + r"\s*$")
    for i, line in enumerate(lines):
        n = NAME_FIELD.match(line.raw)
        if not n:
            continue
        for later in lines[i + 1:i + 4]:
            if NAME_FIELD.match(later.raw):
                break
            label = POST_FIELD.match(later.raw)
            m = role_field.match(later.raw, label.end()) if label else None
            post = read_post(m, _prefix_organisation(m)) if m else None
            if post:
                out.append(Found(n["who"], post, (line.start, later.end), len(line.passage.text), line.passage))
                break
    return out


# -- the extractor -------------------------------------------------------------------------------
PHONES = re.compile(r"(?<![\d])0\d{3,4}\s?\d{3}\s?\d{3,4}\b")
CONTACT = re.compile(r"\bcontact\s+(?P<name>" + FULL_NAME + r")\s+on\s+(?P<phones>0[\d ]+\d)")
QUOTATION = re.compile(
    r"(?P<speaker>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})(?:,\s+[^\"]{0,80}?)?,?\s+" + SPEECH
    + r"(?:\s+[^\":]{0,40}?)?[:,]?\s*\"(?P<quote>.+(?=\")|.+)"
)


def people(doc: SourceText) -> list[r.Record]:
    """Posts held (in Cafcass or another organisation), press contacts and quotations."""
    passages = [p for block in doc.blocks for p in content_passages(block)]
    found_by_passage = [(p, posts_in(p)) for p in passages]
    extra = letter_posts(doc) + list_posts(doc) + row_posts(doc) + field_posts(doc)
    known = People()
    for found in [f for _, fs in found_by_passage for f in fs] + extra:
        known.add(found.who)
    # and the people named speaking, or named in a succession ("to replace Jane Smith" lets a later
    # "Ms Smith" be her)
    speaking = re.compile(r"(?P<who>" + FULL_NAME + r")" + POST_NOMINALS + r"\s+(?:" + SPEECH + r"|\()")
    for passage in passages:
        for m in itertools.chain(speaking.finditer(passage.text), SUCCEEDS.finditer(passage.text)):
            known.add(m["who"])
    out: list[r.Record] = []
    last: str | None = None
    for passage, founds in found_by_passage:
        for found in founds:
            name = known.resolve(found.who, last)
            if name is None:
                continue
            out.append(_holding(found, name))
            out += _contact(found, name, doc.text)
        out += _successions(passage, founds, known, last)
        out += _contacts_named(passage)
        last = _subject_of(passage, known, last)
    for found in extra:
        name = known.resolve(found.who)
        if name:
            out.append(_holding(found, name))
    out += _quotations(doc, known, {rec.person for rec in out if isinstance(rec, r.PostHolding)})
    return list(dict.fromkeys(out))


# "... Chief Executive since April 2019", "..., in post since 2009", "... Chair of Cafcass for three
# years from 1 April 2021", "with effect from 9 April 2018": when the post was taken up
SINCE = re.compile(
    r"^[\s,]*(?:(?:and\s+has\s+been\s+)?in\s+(?:the\s+)?post\s+since"
    r"|since|(?:for\s+(?:a\s+(?:further\s+)?(?:term\s+of\s+)?)?(?:\d+|[a-z]+)[\s-]+years?,?\s+)?(?:with\s+effect\s+)?from"
    r"|(?:starting|beginning|to\s+start|to\s+begin)\s+on)"
    r"\s+(?P<when>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[A-Z][a-z]+\s+)?\d{4})\b"
)


def _holding(found: Found, name: str) -> r.PostHolding:
    post = found.post
    evidence, since = found.evidence, None
    m = SINCE.match(found.passage.text[found.end:found.end + 60])
    if m:
        since = parse_period(m["when"])
        if since is not None:
            evidence = (evidence[0], found.passage.span(found.end + m.start("when"), found.end + m.end("when"))[1])
            since = Period(since.kind, since.iso)
    return r.PostHolding(evidence, name, post.job_title, post.role, post.unit, post.interim, post.organisation, since)


def _contact(found: Found, name: str, text: str) -> list[r.Record]:
    """A telephone number just after a named post, on its line or the next, makes the person a contact
    (not when they speak)."""
    after = found.evidence[1]
    phones = PHONES.findall(text, after, after + 60)
    if not phones or re.search(SPEECH, text[after: after + 12]):
        return []
    end = text.find(phones[-1], after) + len(phones[-1])
    return [r.Contact((found.evidence[0], end), name, tuple(re.sub(r"\s+", " ", p.strip()) for p in phones))]


def _contacts_named(passage: Passage) -> list[r.Record]:
    """"To speak to her, contact Jane Smith on 0123 456 7890"."""
    out: list[r.Record] = []
    for m in CONTACT.finditer(passage.text):
        phones = tuple(re.sub(r"\s+", " ", p.strip()) for p in PHONES.findall(m["phones"]))
        out.append(r.Contact(passage.match_span(m), m["name"], phones))
    return out


def _successions(passage: Passage, founds: list[Found], known: People, last: str | None) -> list[r.Record]:
    """"X will be its next Chief Executive, succeeding Y": Y held the same post."""
    if not founds:
        return []
    out: list[r.Record] = []
    for m in SUCCEEDS.finditer(passage.text):
        name = known.resolve(m["who"])
        if name is None:
            continue
        first = founds[0]
        holder = known.resolve(first.who, last)
        if holder and holder != name and first.evidence[0] <= passage.span(m.start(), m.end())[0]:
            out.append(r.PostHolding(passage.match_span(m), name, first.post.role, first.post.role, first.post.unit,
                                     False, first.post.organisation))
    return out


def _subject_of(passage: Passage, known: People, last: str | None) -> str | None:
    """The person a sentence starts with, for a "She" in the next; else the previous one."""
    m = re.match(r"(?P<who>" + PERSON_REF + r"|" + PRONOUN + r")\b", passage.text)
    if not m:
        return last
    return known.resolve(m["who"], last) or last


def _quotations(doc: SourceText, known: People, holders: set[str]) -> list[r.Record]:
    out: list[r.Record] = []
    for block in doc.blocks:
        for passage in _quotable(block):
            for m in QUOTATION.finditer(passage.text):
                speaker = known.resolve(m["speaker"])
                if speaker not in holders:
                    continue
                out.append(r.Quotation(passage.match_span(m, "quote"), speaker, m["quote"].strip()))
    return out


def _quotable(block: Block) -> list[Passage]:
    """A quotation runs over a whole paragraph; a paragraph with furniture in it, line by line."""
    if any(FURNITURE_LINE.match(line.raw) for line in block.lines):
        return [line.passage for line in block.lines if not FURNITURE_LINE.match(line.raw) and line.raw.strip()]
    return [block.passage]
