"""The loaders on documents they have never seen: a generated corpus in the genres' style but in
words of its own (benchmarks/generate_corpus.py) loads whole, and the graph conforms."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cafcass_kg.build import build
from cafcass_kg.namespaces import CKG
from cafcass_kg.validation import validate_dataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate_corpus import documents, generate  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    paths = generate(12, folder, seed=7)
    return paths, build([folder])


def test_every_generated_document_loads(generated):
    paths, result = generated
    assert not result.skipped and len(result.loaded) == len(paths) == 12


def test_each_report_gives_its_record_of_main_findings(generated):
    _, result = generated
    rows = result.dataset.query(f"""
        SELECT ?inspection (COUNT(DISTINCT ?j) AS ?n) WHERE {{
            GRAPH ?g {{ ?j <{CKG.statedIn}> <{CKG.RecordOfMainFindings}> ; <{CKG.inspection}> ?inspection }}
        }} GROUP BY ?inspection""")
    counts = [int(n) for _, n in rows]
    # 2 overall judgements + 13 areas under their two group headings, per report.
    assert counts == [15, 15, 15]


def test_the_grades_read_are_the_grades_written(generated):
    _, result = generated
    for name, _, area in documents(12, seed=7):
        if not name.endswith("report.txt"):
            continue
        rows = result.dataset.query(f"""
            SELECT ?label ?grade WHERE {{ GRAPH ?g {{
                ?g <{CKG.sourceFile}> "{name}" .
                ?j <{CKG.statedIn}> <{CKG.RecordOfMainFindings}> ; <{CKG.areaLabel}> ?label ; <{CKG.grade}> ?grade }} }}""")
        read = {str(label): int(str(grade).rsplit("/", 1)[-1]) for label, grade in rows}
        assert read == area.grades


def test_the_generated_graph_conforms(generated):
    _, result = generated
    report = validate_dataset(result.dataset)
    assert report.conforms, [r.message for r in report.results if r.severity == "Violation"][:5]
