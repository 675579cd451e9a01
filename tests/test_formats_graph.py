"""The bundled corpus printed to PDF and wrapped as web pages builds into the graph the text builds:
the same judgements, people, figures and citations, each passage quoting its own document's text,
a PDF's passages with their pages, and a graph that conforms to the shapes."""

from __future__ import annotations

import pytest

from cafcass_kg.build import build
from cafcass_kg.validation import validate_store

from . import render_pdf, render_web_page
from .conftest import CORPUS

FACTS = {
    "judgements": """
        SELECT ?area ?grade ?where WHERE { GRAPH ?g {
            ?j ckg:evaluationArea/skos:prefLabel ?area ; ckg:grade/skos:prefLabel ?grade ; ckg:statedIn ?where } }""",
    "people": """
        SELECT ?name ?role WHERE { GRAPH ?g { ?m org:member/foaf:name ?name ; org:role/skos:prefLabel ?role } }""",
    "figures": """
        SELECT ?value ?surface WHERE { GRAPH ?g { ?o sdmx-measure:obsValue ?value ; ckg:surfaceText ?surface } }""",
    "citations": """
        SELECT ?law WHERE { GRAPH ?g { ?c a ckg:Citation ; ckg:cites ?law } }""",
}


def _answers(store, query: str) -> list[tuple]:
    from cafcass_kg.namespaces import sparql_prologue

    rows = store.query(sparql_prologue() + query)
    return sorted(tuple(term.value if term is not None else None for term in row) for row in rows)


@pytest.fixture(scope="module")
def text_build():
    return build([CORPUS])


def _write(folder, kind: str) -> None:
    for i, path in enumerate(sorted(CORPUS.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        if kind == "pdf":
            layout = render_pdf.ofsted_layout(text) if "Record of main findings" in text else render_pdf.press_release_layout(text)
            (folder / f"{path.stem}.pdf").write_bytes(render_pdf.render(text, layout))
        else:
            style = ("cafcass", "govuk", "trade_press")[i % 3]
            (folder / f"{path.stem}.html").write_bytes(render_web_page.render(text, style))


@pytest.fixture(scope="module", params=["pdf", "html"])
def format_build(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    _write(folder, request.param)
    return request.param, build([folder])


def test_every_copy_loads_whole(format_build):
    kind, result = format_build
    assert not result.skipped and len(result.loaded) == 5
    assert all(not d.warnings for d in result.loaded), [d.warnings for d in result.loaded]


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_the_copies_state_the_facts_the_text_states(format_build, text_build, fact):
    _, result = format_build
    assert _answers(result.store, FACTS[fact]) == _answers(text_build.store, FACTS[fact])


def test_each_passage_quotes_its_own_document_and_a_pdf_passage_has_its_page(format_build):
    kind, result = format_build
    rows = _answers(result.store, """
        SELECT ?exact ?text ?start ?end ?page ?type WHERE { GRAPH ?g {
            ?target oa:hasSource ?doc ; oa:hasSelector ?p, ?q .
            ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact .
            ?doc schema:text ?text ; dct:source/schema:encodingFormat ?type .
            OPTIONAL { ?target ckg:pageNumber ?page } } }""")
    assert rows
    for exact, text, start, end, page, media_type in rows:
        assert text[int(start):int(end)] == exact
        assert media_type == {"pdf": "application/pdf", "html": "text/html"}[kind]
        assert (page is not None) == (kind == "pdf")


def test_the_copies_conform_to_the_shapes(format_build):
    _, result = format_build
    report = validate_store(result.store)
    assert report.conforms, [r.message for r in report.results if r.severity == "Violation"][:5]


@pytest.mark.parametrize("format_build", ["pdf"], indirect=True)  # pages belong to PDFs
def test_a_judgement_read_from_a_pdf_shows_its_page(format_build):
    from cafcass_kg.server import create_app
    from cafcass_kg.store import store_from_dataset

    _, result = format_build
    judgement, page = next(
        (row[0], row[1]) for row in _answers(result.store, """
            SELECT ?j ?page WHERE { GRAPH ?g { ?j a ckg:Judgement ; prov:wasDerivedFrom/oa:hasTarget/ckg:pageNumber ?page } }"""))
    client = create_app(store_from_dataset(result.dataset), {"TESTING": True}).test_client()
    path = judgement.replace("https://w3id.org/cafcass-kg", "")
    html = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f", page {page}" in html
