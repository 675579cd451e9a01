"""Scoring the loaders against documents with gold facts: precision, recall and F1 per family and
per kind of fact, and every extracted fact that no gold fact matches (an invented fact).

The gold format and the matching rules are in tests/devset/README.md. A document sits beside its
gold file ``<name>.gold.json``; its family is the gold file's ``family`` (or its folder's name).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from cafcass_kg.errors import DocumentError, UsageError

KINDS = ("inspection", "judgement", "person", "citation", "figure", "area-for-improvement")
GRADES = {"outstanding", "good", "satisfactory", "adequate", "requires improvement", "inadequate"}
GOLD_SUFFIX = ".gold.json"


@dataclass(frozen=True)
class Fact:
    """One fact in a comparable form: its kind, the fields it is matched on, and how to show it."""

    kind: str
    key: tuple
    shown: str
    start: str | None = None  # an inspection's first day, matched only where both facts give it
    words: frozenset[str] = frozenset()  # an area for improvement's words


def words(value: str) -> str:
    """Case, whitespace, typography and a leading article aside."""
    value = value.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-").lower()
    value = re.sub(r"[^\w'\- ]+", " ", value)
    value = re.sub(r"\s+", " ", value).strip()
    return re.sub(r"^the ", "", value)


def _subject(value: str) -> str:
    value = words(value)
    value = re.sub(r"^cafcass(?:'s|')?\s+(?=\w)", "", value)
    value = re.sub(r"\s+(?:service\s+area|area|region)$", "", value)
    return value.replace(" & ", " and ")


def _number(value) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _provision(parts: Iterable) -> tuple[str, ...]:
    return tuple(words(str(p)) for p in parts)


def _area(wording: str) -> str:
    """An evaluation area compared by what it names: a paraphrase the vocabulary knows ("capacity to
    improve") is its preferred label ("Capacity for improvement")."""
    from cafcass_kg.loaders.judgements import normalise, vocabulary

    return words(vocabulary().areas.get(normalise(wording)) or wording)


def _role(wording: str) -> str:
    """A post compared by the role it names: a wording the roles vocabulary knows ("chairman",
    "deputy chairwoman") is its preferred label ("chair", "deputy chair"); "acting" is "interim"."""
    from cafcass_kg.loaders.names_and_roles import role_of

    role = re.sub(r"^acting\b", "interim", words(wording))  # the same kind of post: one word for it
    interim, bare = (True, role[len("interim "):]) if role.startswith("interim ") else (False, role)
    known = role_of(bare)
    bare = words(known.label) if known is not None and not known.takes_portfolio else bare
    return f"interim {bare}" if interim else bare


def make_fact(kind: str, fields: dict) -> Fact:
    """A fact of the gold format (a dictionary) in comparable form; a KeyError names a missing field."""
    if kind == "inspection":
        return Fact(kind, (_subject(fields["subject"]),), fields["subject"], start=fields.get("start") or None)
    if kind == "judgement":
        grade = words(fields["grade"])
        grade = "requires improvement" if grade.startswith("requires improvement") else grade
        return Fact(kind, (_area(fields["area"]), grade), f"{fields['area']}: {fields['grade']}")
    if kind == "person":
        return Fact(kind, (words(fields["name"]), _role(fields["role"])), f"{fields['name']} ({fields['role']})")
    if kind == "citation":
        provision = _provision(fields.get("provision") or ())
        act = re.sub(r"\s+\d{4}$", "", words(fields["act"]))
        shown = f"{fields['act']} {fields['year']}" + (f" [{' '.join(provision)}]" if provision else "")
        return Fact(kind, (act, int(fields["year"]), provision), shown)
    if kind == "figure":
        return Fact(kind, (_number(fields["value"]),), _number(fields["value"]))
    if kind == "area-for-improvement":
        text = words(fields["text"])
        return Fact(kind, (text,), fields["text"], words=frozenset(text.split()))
    raise KeyError(f"kind (one of {', '.join(KINDS)})")


def matches(gold: Fact, found: Fact) -> bool:
    """Does an extracted fact state the gold fact? (The rules of tests/devset/README.md.)"""
    if gold.kind != found.kind:
        return False
    if gold.kind == "inspection":
        return gold.key == found.key and (gold.start is None or found.start is None or gold.start == found.start)
    if gold.kind == "citation":
        act, year, provision = gold.key
        return found.key[:2] == (act, year) and (not provision or provision == found.key[2])
    if gold.kind == "area-for-improvement":
        return bool(gold.words) and len(gold.words & found.words) >= 2 * len(gold.words) / 3
    return gold.key == found.key


def extracted_facts(document) -> list[Fact]:
    """The facts of the gold kinds that a loaded document's records state, once each."""
    from cafcass_kg.loaders import records as r

    facts: dict[tuple, Fact] = {}
    for rec in document.parsed.records:
        fact = None
        if isinstance(rec, r.Inspection):
            start = rec.fieldwork_start.iso if rec.fieldwork_start is not None and rec.fieldwork_start.kind == "day" else None
            fact = make_fact("inspection", {"subject": rec.subject, "start": start})
        elif isinstance(rec, r.Judgement):
            fact = make_fact("judgement", {"area": rec.area, "grade": rec.grade_label})
        elif isinstance(rec, r.PostHolding):
            # the gold writes an interim post as its own role ("interim chair"); a record flags it
            role = f"interim {rec.role}" if rec.interim and not rec.role.lower().startswith("interim") else rec.role
            fact = make_fact("person", {"name": rec.person, "role": role})
        elif isinstance(rec, r.Citation):
            fact = make_fact("citation", {"act": rec.act_title, "year": rec.act_year, "provision": list(rec.section)})
        elif isinstance(rec, r.Figure):
            fact = make_fact("figure", {"value": rec.value})
        elif isinstance(rec, r.AreaForImprovement):
            fact = make_fact("area-for-improvement", {"text": rec.text})
        if fact is not None:
            facts.setdefault((fact.kind, fact.key, fact.start), fact)
    return list(facts.values())


@dataclass
class Tally:
    gold: int = 0
    found: int = 0  # gold facts that an extracted fact states
    extracted: int = 0
    correct: int = 0  # extracted facts that state a gold fact

    def add(self, other: "Tally") -> None:
        self.gold += other.gold
        self.found += other.found
        self.extracted += other.extracted
        self.correct += other.correct

    @property
    def precision(self) -> float | None:
        return self.correct / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if not p or not r:
            return 0.0 if (p == 0 or r == 0) else None
        return 2 * p * r / (p + r)


@dataclass
class DocumentScore:
    path: Path
    family: str
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    invented: list[Fact] = field(default_factory=list)
    missed: list[Fact] = field(default_factory=list)
    refused: str | None = None


def score_document(path: Path, family: str, gold: list[Fact], found: list[Fact]) -> DocumentScore:
    score = DocumentScore(path, family)
    for kind in KINDS:
        gold_of_kind = [g for g in gold if g.kind == kind]
        found_of_kind = [f for f in found if f.kind == kind]
        tally = score.by_kind[kind]
        tally.gold, tally.extracted = len(gold_of_kind), len(found_of_kind)
        for g in gold_of_kind:
            if any(matches(g, f) for f in found_of_kind):
                tally.found += 1
            else:
                score.missed.append(g)
        for f in found_of_kind:
            if any(matches(g, f) for g in gold_of_kind):
                tally.correct += 1
            else:
                score.invented.append(f)
    return score


def read_gold(path: Path) -> tuple[str | None, list[Fact]]:
    """A gold file's family and facts (each once); a GoldError names the file and the fact."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a gold file: {exc}") from None
    facts: dict[tuple, Fact] = {}
    for i, item in enumerate(data.get("facts", []), start=1):
        try:
            fact = make_fact(item.get("kind", ""), item)
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{path}: fact {i} ({item.get('kind', 'no kind')}): missing or bad field {exc}") from None
        facts.setdefault((fact.kind, fact.key, fact.start), fact)
    return data.get("family"), list(facts.values())


def gold_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(document, gold file) pairs under ``folder``, sorted."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    pairs = []
    for gold in sorted(folder.rglob(f"*{GOLD_SUFFIX}")):
        document = gold.with_name(gold.name[: -len(GOLD_SUFFIX)])
        if not document.is_file():
            raise UsageError(f"{gold}: its document {document.name} is not beside it")
        pairs.append((document, gold))
    if not pairs:
        raise UsageError(f"{folder}: no gold files (*{GOLD_SUFFIX}) found")
    return pairs


def evaluate(folder: Path, progress: Callable[[str], None] | None = None) -> list[DocumentScore]:
    """Load every document with gold facts under ``folder`` and score what the loaders read."""
    from cafcass_kg.loaders import load_path

    scores = []
    for document, gold_file in gold_pairs(folder):
        family, gold = read_gold(gold_file)
        family = family or document.parent.name
        try:
            found = extracted_facts(load_path(document))
            refused = None
        except DocumentError as exc:
            found, refused = [], exc.reason
        score = score_document(document, family, gold, found)
        score.refused = refused
        scores.append(score)
        if progress:
            progress(f"{document.name}: {sum(t.found for t in score.by_kind.values())} of "
                     f"{sum(t.gold for t in score.by_kind.values())} gold facts found, {len(score.invented)} invented"
                     + (f" (refused: {refused})" if refused else ""))
    return scores


def totals(scores: list[DocumentScore]) -> dict[tuple[str, str], Tally]:
    """Tallies by (family, kind), with "all" for the sums."""
    out: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for score in scores:
        for kind, tally in score.by_kind.items():
            for key in ((score.family, kind), (score.family, "all"), ("all", kind), ("all", "all")):
                out[key].add(tally)
    return out


def report(scores: list[DocumentScore], show_missed: bool = False) -> str:
    """A table per family and kind, then the invented facts (and the missed ones when asked)."""
    from tabulate import tabulate

    def cell(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    rows = []
    for (family, kind), tally in sorted(totals(scores).items(), key=lambda item: (item[0][0] == "all", item[0])):
        if tally.gold or tally.extracted:
            rows.append([family, kind, tally.gold, tally.extracted, cell(tally.precision), cell(tally.recall), cell(tally.f1)])
    lines = [tabulate(rows, headers=["family", "kind", "gold", "extracted", "precision", "recall", "F1"], tablefmt="github")]
    refused = [s for s in scores if s.refused]
    if refused:
        lines += ["", f"Refused ({len(refused)}):"] + [f"  {s.path.name}: {s.refused}" for s in refused]
    invented = [(s.path.name, f) for s in scores for f in s.invented]
    lines += ["", f"Invented facts ({len(invented)}):"] + [f"  {name}: {f.kind}: {f.shown}" for name, f in invented]
    if show_missed:
        missed = [(s.path.name, f) for s in scores for f in s.missed]
        lines += ["", f"Missed facts ({len(missed)}):"] + [f"  {name}: {f.kind}: {f.shown}" for name, f in missed]
    return "\n".join(lines) + "\n"
