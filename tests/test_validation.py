"""Validation as a user runs it: the corpus graph, corrupted graph files, bad shapes, report formats, exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF, SH

from cafcass_kg.cli import main
from cafcass_kg.namespaces import CKG, ID
from cafcass_kg.validation import validate_dataset


@pytest.fixture(scope="module")
def corpus_report(corpus_build):
    return validate_dataset(corpus_build.dataset)


def test_the_corpus_graph_conforms(corpus_report):
    assert corpus_report.conforms
    assert corpus_report.count("Violation") == 0
    assert corpus_report.documents == 5


def test_the_corpus_warnings_come_with_their_evidence(corpus_report):
    # One report spells the legal name differently from the four releases.
    warnings = [r for r in corpus_report.results if r.severity == "Warning"]
    legal_names = [r for r in warnings if r.path == "schema:legalName"]
    assert len(legal_names) == 1
    warning = legal_names[0]
    assert warning.focus == str(ID["organisation/cafcass"]) and warning.focus_label == "Cafcass"
    assert "Sources disagree on the legal name of Cafcass" in warning.message
    assert warning.passages and all(p.quote and p.start is not None and p.source_file for p in warning.passages)
    # The passage with the odd spelling comes first: it is the value the result is about.
    assert warning.value.strip('"') in warning.passages[0].quote


def test_sources_of_different_dates_do_not_disagree_on_what_changes(corpus_report):
    # 17 then 19 service areas, a department renamed: different dates, so no warning.
    assert not [r for r in corpus_report.results if r.path in ("ckg:serviceAreaCount", "cgov:parentDepartment")]


@pytest.fixture
def graph_file(corpus_graph_file):
    return corpus_graph_file


def test_validate_exits_0_on_the_corpus_graph_and_prints_a_summary(graph_file):
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("The graph conforms: 0 violations, 1 warning, 0 infos")
    assert "evidence:" in result.stdout and "problem:" in result.stdout and "expected:" in result.stdout


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda text: json.loads(text)["conforms"] is True and json.loads(text)["warnings"] == 1),
    ("turtle", lambda text: (None, SH.conforms, Literal(True)) in Graph().parse(data=text, format="turtle")),
    ("html", lambda text: text.startswith("<!doctype html>") and "The graph conforms" in text),
])
def test_report_formats_read_back(graph_file, tmp_path, fmt, check):
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph_file), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert check(out.read_text(encoding="utf-8"))
    assert f"report written to {out}" in result.stderr


def corrupt(graph_file, tmp_path, update: str):
    ds = Dataset()
    ds.parse(graph_file, format="trig")
    ds.update(update)
    out = tmp_path / "corrupt.trig"
    ds.serialize(out, format="trig")
    return out


CORRUPTIONS = {
    "a judgement with no grade": (
        "DELETE { GRAPH ?g { ?j <https://w3id.org/cafcass-kg/def/grade> ?x } } WHERE { GRAPH ?g { ?j <https://w3id.org/cafcass-kg/def/grade> ?x "
        "FILTER (CONTAINS(STR(?j), 'record-of-main-findings/overall-effectiveness')) } }",
        "ckg:grade", "A judgement has exactly one grade"),
    "a grade from outside the scheme": (
        "DELETE { GRAPH ?g { ?j <https://w3id.org/cafcass-kg/def/grade> ?x } } INSERT { GRAPH ?g { ?j <https://w3id.org/cafcass-kg/def/grade> "
        "<https://w3id.org/cafcass-kg/id/concept/grade/7> } } WHERE { GRAPH ?g { ?j <https://w3id.org/cafcass-kg/def/grade> ?x "
        "FILTER (CONTAINS(STR(?j), 'record-of-main-findings/overall-effectiveness')) } }",
        "ckg:grade", "A judgement has exactly one grade"),
    "a quote that does not match its document": (
        "DELETE { GRAPH ?g { ?q <http://www.w3.org/ns/oa#exact> ?x } } INSERT { GRAPH ?g { ?q <http://www.w3.org/ns/oa#exact> 'invented words' } } "
        "WHERE { { SELECT ?q WHERE { GRAPH ?h { ?q <http://www.w3.org/ns/oa#exact> ?y } } ORDER BY ?q LIMIT 1 } GRAPH ?g { ?q <http://www.w3.org/ns/oa#exact> ?x } }",
        None, 'The quote "invented words" is not the document\'s text'),
    "a literal of the wrong datatype": (
        "DELETE { GRAPH ?g { ?d <http://purl.org/dc/terms/issued> ?x } } INSERT { GRAPH ?g { ?d <http://purl.org/dc/terms/issued> 'last spring' } } "
        "WHERE { GRAPH ?g { ?d <http://purl.org/dc/terms/issued> ?x } }",
        "dct:issued", "A document has at most one issue date"),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_a_corrupted_graph_is_reported_with_exit_1(graph_file, tmp_path, name):
    update, path, message = CORRUPTIONS[name]
    bad = corrupt(graph_file, tmp_path, update)
    result = CliRunner().invoke(main, ["validate", "--graph", str(bad), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    hits = [r for r in report["results"] if r["severity"] == "Violation" and r["path"] == path and r["message"].startswith(message)]
    assert hits, [r["message"] for r in report["results"]]
    assert all(r["passages"] for r in hits)  # each says which document it came from


def test_an_unreadable_graph_exits_2(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("<a> <b> .\n")
    result = CliRunner().invoke(main, ["validate", "--graph", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}: not valid") and "line 1" in result.stderr
    missing = CliRunner().invoke(main, ["validate", "--graph", str(tmp_path / "none.trig")])
    assert missing.exit_code == 2 and "no such graph file" in missing.stderr


def test_shapes_that_are_not_shacl_exit_2_naming_the_problem(graph_file, tmp_path):
    shapes = tmp_path / "bad-shapes.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:minCount "one" ] .
    """)
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph_file), "--shapes", str(shapes)])
    assert result.exit_code == 2
    assert "the shapes are not valid SHACL" in result.stderr and "minCount" in result.stderr
    assert "Traceback" not in result.output


def test_a_shapes_file_that_does_not_parse_exits_2(graph_file, tmp_path):
    shapes = tmp_path / "typo.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nex:S a sh:NodeShape .\n")
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph_file), "--shapes", str(shapes)])
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {shapes}: not valid turtle")


def test_a_users_own_shapes_run_on_the_whole_graph(graph_file, tmp_path):
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:EveryJudgementIsOutstanding a sh:NodeShape ; sh:targetClass <{CKG.Judgement}> ;
            sh:property [ sh:path <{CKG.grade}> ; sh:hasValue <{ID['concept/grade/1']}> ; sh:message "not outstanding" ] .
    """)
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph_file), "--shapes", str(shapes), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    g = Dataset()
    g.parse(graph_file, format="trig")
    not_outstanding = {str(j) for j, grade in g.query(
        f"SELECT DISTINCT ?j ?g WHERE {{ GRAPH ?x {{ ?j <{CKG.grade}> ?g }} FILTER (?g != <{ID['concept/grade/1']}>) }}")}
    assert {r["focus"] for r in report["results"]} == not_outstanding
    assert {r["message"] for r in report["results"]} == {"not outstanding"}


def test_build_reports_the_validation_outcome(tmp_path):
    result = CliRunner().invoke(main, ["build", "-q", "-o", str(tmp_path / "kg.trig")])
    assert result.exit_code == 0
    assert "The graph conforms: 0 violations, 1 warning, 0 infos" in result.stderr


def test_the_report_graph_is_a_shacl_validation_report(corpus_report):
    from cafcass_kg.validation.report import to_graph

    g = to_graph(corpus_report)
    reports = list(g.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert len(list(g.objects(reports[0], SH.result))) == len(corpus_report.results)


def test_a_turtle_file_without_named_graphs_is_validated_with_the_bundled_vocabulary(tmp_path):
    from cafcass_kg.build import VOCABULARY_GRAPH

    from .small_graph import small_dataset

    merged = Graph()
    for g in small_dataset().graphs():
        if g.identifier != VOCABULARY_GRAPH:
            merged += g
    path = tmp_path / "small.ttl"
    merged.serialize(path, format="turtle")
    result = CliRunner().invoke(main, ["validate", "--graph", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("The graph conforms: 0 violations, 0 warnings, 0 infos (1 document graph")


def test_an_ill_typed_literal_is_a_violation_not_a_traceback(tmp_path):
    path = tmp_path / "ill.ttl"
    path.write_text(f"""
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://example.org/c> a <{CKG.Checklist}> ; <http://www.w3.org/2000/01/rdf-schema#label> "welfare" ;
            <{CKG.declaredItemCount}> "seven"^^xsd:integer .
    """)
    result = CliRunner().invoke(main, ["validate", "--graph", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert 'ckg:declaredItemCount = "seven"^^xsd:integer' in result.stdout
    assert "expected: a literal of type xsd:integer" in result.stdout


def test_shapes_the_fast_engine_cannot_check_completely_go_to_pyshacl(corpus_build):
    """A node shape with a core constraint of its own (no sh:property) would be skipped by the
    set-at-a-time engine: "auto" gives it to pySHACL, "oxigraph" refuses it."""
    from cafcass_kg.errors import ShapesError
    from cafcass_kg.validation import Shapes

    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:shape> a sh:NodeShape ; sh:targetClass <{CKG.Judgement}> ; sh:class <urn:NoSuchClass> .
    """, format="turtle")
    mine = Shapes(Graph(), shapes, ["mine.ttl"])
    report = validate_dataset(corpus_build.dataset, mine)
    judgements = {str(j) for g in corpus_build.dataset.graphs() for j in g.subjects(RDF.type, CKG.Judgement)}
    assert {r.focus for r in report.results if r.severity == "Violation"} == judgements  # found by pySHACL
    with pytest.raises(ShapesError, match="not supported by the fast engine"):
        validate_dataset(corpus_build.dataset, mine, engine="oxigraph")
