"""The report model: what a validation run found, in words (Result), where each fact was read
(Passage), and the run as a whole (Report). The engines hand over SHACL report graphs
(RawReport), describe turns them into Results, and report.py renders a Report as text, JSON,
Turtle or HTML.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph

# The order a person reads results in: what breaks the graph first.
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
# What an engine hands over before results are described: a SHACL validation report graph, and
# the shapes graph its results came from (which says what each shape expected).
RawReport = tuple[Graph, Graph]


@dataclass(frozen=True)
class Passage:
    """Where a fact was read: a document and a quoted span of its text."""

    document: str
    source_file: str | None
    title: str | None
    start: int | None
    end: int | None
    quote: str | None
    paragraph: int | None

    def where(self) -> str:
        name = self.source_file or self.title or self.document
        parts = [name]
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.start is not None:
            parts.append(f"characters {self.start}-{self.end}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Result:
    """One validation result, in words."""

    severity: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    expected: str
    shape: str
    node_shape: str
    shape_label: str
    component: str
    passages: tuple[Passage, ...] = ()
    value_n3: str | None = None

    @property
    def documents(self) -> list[str]:
        return sorted({p.source_file or p.document for p in self.passages})


@dataclass
class Report:
    """Every result of a run, and the figures of the run."""

    results: list[Result]
    triples: int
    documents: int
    seconds: float
    shape_files: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def by_shape(self) -> list[tuple[str, str, int]]:
        counts = Counter((r.shape_label, r.severity) for r in self.results)
        return sorted(((shape, severity, n) for (shape, severity), n in counts.items()),
                      key=lambda row: (SEVERITY_ORDER[row[1]], -row[2], row[0]))

    def by_document(self) -> list[tuple[str, int, int, int]]:
        counts: dict[str, Counter] = {}
        for r in self.results:
            for doc in r.documents or ["(no document)"]:
                counts.setdefault(doc, Counter())[r.severity] += 1
        return sorted(((d, c["Violation"], c["Warning"], c["Info"]) for d, c in counts.items()),
                      key=lambda row: (-row[1], -row[2], row[0]))
