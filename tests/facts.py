"""What a user compares between two copies of one document (the text, a PDF of it, a web page of it):
the facts read from each, without where they were found, and whether each fact's evidence quotes
its own copy's text."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from cafcass_kg.loaders import LoadedDocument
from cafcass_kg.loaders import records as r

# The kinds of fact a reader of the graph checks: judgements, people in posts, figures, citations,
# inspections, areas for improvement, places covered.
COMPARED = (r.Judgement, r.PostHolding, r.Figure, r.Citation, r.Inspection, r.AreaForImprovement,
            r.ServiceAreaCoverage, r.Quotation)


def _without_spans(value):
    if dataclasses.is_dataclass(value):
        return tuple((f.name, _without_spans(getattr(value, f.name))) for f in dataclasses.fields(value)
                     if f.name not in ("evidence", "before", "after"))
    if isinstance(value, (list, tuple)):
        # a checklist item is (text, span): keep the text only
        return tuple(_without_spans(v) for v in value if not (isinstance(v, int)))
    if isinstance(value, str):
        return _words(value)
    return value


def _words(value: str) -> str:
    """Case, whitespace and typography aside: what a person would call the same wording."""
    value = value.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    return re.sub(r"\s+", " ", value).strip().lower()


def facts(doc: LoadedDocument) -> Counter:
    """The compared facts of a document, as a multiset of (kind, fields) without spans."""
    return Counter((type(rec).__name__, _without_spans(rec)) for rec in doc.parsed.records if isinstance(rec, COMPARED))


def misplaced_evidence(doc: LoadedDocument) -> list[str]:
    """Facts whose evidence does not quote a passage stating them: a span outside the text, or a
    quote that does not contain the grade, person or number it is evidence for."""
    problems = []
    for rec in doc.parsed.records:
        if not isinstance(rec, COMPARED):
            continue
        start, end = rec.evidence
        if not 0 <= start < end <= len(doc.text):
            problems.append(f"{type(rec).__name__}: span {start}-{end} outside the text ({len(doc.text)} characters)")
            continue
        quote = _words(doc.text[start:end])
        needle = _needle(rec)
        if needle and _words(needle) not in re.sub(r"\s*-\s*", "-", quote).replace("*", ""):
            problems.append(f"{type(rec).__name__}: {needle!r} not in its quote {quote[:120]!r}")
    return problems


def _needle(rec) -> str | None:
    if isinstance(rec, r.Judgement):
        return rec.grade_label
    if isinstance(rec, r.PostHolding):
        return rec.person
    if isinstance(rec, r.Figure):
        return rec.surface
    return None
