"""The ontology's documentation draws the ontology: a box for every class, an arrow for every object
property from its domain to its range, each linking to the term, in the server's page at /def/ and in
the static page `cafcass-kg docs` writes."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from cafcass_kg.cli import main
from cafcass_kg.ontology_diagram import ontology_diagram
from cafcass_kg.ontology_docs import describe_ontology
from cafcass_kg.server import create_app

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def _diagram_in(page: str) -> ET.Element:
    start = page.index("<svg")
    return ET.fromstring(page[start:page.index("</svg>", start) + len("</svg>")])


def _boxes(svg: ET.Element) -> dict[str, str]:
    """The diagram's boxes: the text shown in each and the address it links to."""
    found = {}
    for node in svg.iter(f"{SVG}g"):
        if node.get("class") != "node":
            continue
        link = next(node.iter(f"{SVG}a"))
        text = " ".join(t.text or "" for t in node.iter(f"{SVG}text"))
        found[text] = link.get(f"{XLINK}href") or link.get("href")
    return found


@needs_graphviz
def test_def_draws_every_class_and_links_each_box_to_its_page(store):
    client = create_app(store, {"TESTING": True}).test_client()
    page = client.get("/def/", headers={"Accept": "text/html"})
    boxes = _boxes(_diagram_in(page.get_data(as_text=True)))
    docs = describe_ontology()
    assert {t.name for t in docs.classes} <= set(boxes)
    assert boxes["ckg:Inspection"] == "/def/Inspection"
    # a reused class opens its page on this server too: where the graph uses it
    assert boxes["foaf:Document"] == "/resource?iri=http://xmlns.com/foaf/0.1/Document"
    assert client.get(boxes["foaf:Document"]).status_code == 200


@needs_graphviz
def test_each_object_property_is_an_arrow_labelled_with_its_name():
    docs = describe_ontology()
    diagram = ontology_diagram(docs.classes, docs.properties, lambda name: "#" + name)
    svg = ET.fromstring(diagram.svg)
    edge_titles = [e.findtext(f"{SVG}title") for e in svg.iter(f"{SVG}g") if e.get("class") == "edge"]
    labels = {t.text for e in svg.iter(f"{SVG}g") if e.get("class") == "edge" for t in e.iter(f"{SVG}text")}
    objects = [p for p in docs.properties if p.kind == "object"]
    assert {p.name for p in objects} <= labels
    # ckg:grade goes from a judgement to a concept, the way its domain and range say
    assert "ckg:Judgement->skos:Concept" in edge_titles


@needs_graphviz
def test_the_static_documentation_carries_the_diagram_with_links_to_its_own_rows(tmp_path):
    out = tmp_path / "ontology.html"
    assert CliRunner().invoke(main, ["docs", "-o", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    boxes = _boxes(_diagram_in(page))
    assert boxes["ckg:Judgement"] == "#ckg:Judgement" and 'id="ckg:Judgement"' in page


def test_without_graphviz_the_page_gives_the_diagram_source_and_says_why(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda program: None)
    docs = describe_ontology()
    diagram = ontology_diagram(docs.classes, docs.properties, lambda name: "#" + name)
    assert diagram.svg == "" and "not installed" in diagram.problem
    assert '"ckg:Judgement" -> "skos:Concept" [label="ckg:grade"' in diagram.dot
