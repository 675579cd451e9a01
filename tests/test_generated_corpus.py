"""The loaders on documents they have never seen: a generated corpus in the genres' style but in
words of its own (benchmarks/generate_corpus.py) loads whole, and the graph conforms."""

from __future__ import annotations

import sys
from collections import Counter
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


def test_a_build_in_worker_processes_gives_the_same_graph_as_one_in_this_process(generated, monkeypatch):
    import pyoxigraph as ox

    import cafcass_kg.build as build_module

    paths, in_process = generated
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 2)  # twelve documents are fewer than a pool is worth
    in_workers = build_module.build(paths, workers=2)

    def quads(store):  # the ontology's blank nodes (OWL lists) get new names at every build
        def name(term):
            return "_:b" if isinstance(term, ox.BlankNode) else term
        return Counter((name(q.subject), q.predicate, name(q.object), q.graph_name)
                       for q in store.quads_for_pattern(None, None, None, None))

    assert quads(in_workers.store) == quads(in_process.store)
    assert sum(quads(in_process.store).values()) > 10_000
    assert in_workers.triples == in_process.triples and in_workers.entities_by_class() == in_process.entities_by_class()
    assert ox.NamedNode(str(build_module.VOCABULARY_GRAPH)) in set(in_workers.store.named_graphs())


def test_validation_in_worker_processes_gives_the_results_of_one_process(generated):
    import pyoxigraph as ox

    from cafcass_kg.validation import validate_store

    _, result = generated
    broken = ox.Store()  # every document without its title: a violation in every batch
    broken.bulk_load(result.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    broken.update("PREFIX dct: <http://purl.org/dc/terms/> PREFIX ckg: <https://w3id.org/cafcass-kg/def/> "
                  "DELETE { GRAPH ?g { ?d dct:title ?t } } WHERE { GRAPH ?g { ?d ckg:sourceFile ?f ; dct:title ?t } } ; "
                  "DELETE { ?d dct:title ?t } WHERE { ?d ckg:sourceFile ?f ; dct:title ?t }")

    def results(workers):
        report = validate_store(broken, batch_size=4, workers=workers)  # three batches
        return {(r.severity, r.focus, r.path, r.message, r.passages) for r in report.results}

    in_workers = results(2)
    assert in_workers == results(1)
    assert len([r for r in in_workers if r[0] == "Violation" and r[2] == "dct:title"]) == 12
