"""Exports for visualisation tools, each read back by an independent reader."""

from __future__ import annotations

import json
import shutil

import networkx as nx
import pydot
import pytest
from click.testing import CliRunner

from cafcass_kg.cli import main


@pytest.fixture
def graph_file(corpus_graph_file):
    return corpus_graph_file


def export(graph_file, tmp_path, *args, fmt="graphml"):
    out = tmp_path / f"view.{fmt}"
    result = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "--format", fmt, "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    nodes, edges = (int(n) for n in result.stderr.split("exported ")[1].split(" nodes and ")[0:1] +
                    result.stderr.split(" nodes and ")[1].split(" edges")[0:1])
    return out, nodes, edges


@pytest.mark.parametrize("fmt, read", [
    ("graphml", lambda path: nx.read_graphml(path, force_multigraph=True)),
    ("gexf", lambda path: nx.read_gexf(path)),
    ("cytoscape", lambda path: nx.cytoscape_graph(json.loads(path.read_text()))),
    ("json", lambda path: nx.node_link_graph(json.loads(path.read_text()), edges="links")),
])
def test_every_format_reads_back_with_the_counts_of_the_view(graph_file, tmp_path, fmt, read):
    path, nodes, edges = export(graph_file, tmp_path, fmt=fmt)
    graph = read(path)
    assert graph.number_of_nodes() == nodes > 100
    assert graph.number_of_edges() == edges > nodes


def test_dot_parses_with_an_independent_parser(graph_file, tmp_path):
    path, nodes, edges = export(graph_file, tmp_path, fmt="dot")
    parsed = pydot.graph_from_dot_data(path.read_text())[0]
    assert len(parsed.get_edges()) == edges
    assert len([n for n in parsed.get_nodes() if n.get_name() not in ("node", "edge", "graph")]) == nodes


def test_nodes_are_labelled_resources_and_literals_are_attributes(graph_file, tmp_path):
    path, _, _ = export(graph_file, tmp_path)
    graph = nx.read_graphml(path, force_multigraph=True)
    labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert "Cafcass" in labels
    assert not any(d.get("type", "").startswith("oa:") for _, d in graph.nodes(data=True))  # no evidence by default
    judgement = next(d for _, d in graph.nodes(data=True) if d.get("type") == "ckg:Judgement")
    assert judgement["grade"] in {"1", "2", "3", "4"} and "ckg_gradeLabel" in judgement
    edge_labels = {d["label"] for _, _, d in graph.edges(data=True)}
    assert "grade" in edge_labels and "inspection" in edge_labels  # the properties' own labels
    assert all({"degree", "betweenness", "component"} <= set(d) for _, d in graph.nodes(data=True))


def test_evidence_on_request(graph_file, tmp_path):
    _, without, _ = export(graph_file, tmp_path)
    path, with_evidence, _ = export(graph_file, tmp_path, "--with-evidence")
    graph = nx.read_graphml(path, force_multigraph=True)
    assert with_evidence > without
    assert any(d.get("type") == "oa:Annotation" for _, d in graph.nodes(data=True))


def test_gexf_colours_judgements_by_grade(graph_file, tmp_path):
    path, _, _ = export(graph_file, tmp_path, fmt="gexf")
    text = path.read_text()
    assert 'r="211" g="47" b="47"' in text  # the one judgement graded inadequate (4)
    assert 'r="251" g="192" b="45"' in text  # satisfactory (3)


def test_focus_and_depth(graph_file, tmp_path):
    path, nodes, _ = export(graph_file, tmp_path, "--focus", "Cafcass", "--depth", "1", fmt="json")
    graph = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    centre = "https://w3id.org/cafcass-kg/id/organisation/cafcass"
    assert centre in graph and all(n == centre or graph.has_edge(n, centre) or graph.has_edge(centre, n) for n in graph)
    same, n2, _ = export(graph_file, tmp_path, "--focus", "id:organisation/cafcass", "--depth", "1", fmt="json")
    assert n2 == nodes


def test_class_filters(graph_file, tmp_path):
    path, nodes, _ = export(graph_file, tmp_path, "--include-class", "ckg:Inspection", "--include-class", "ckg:ServiceArea", fmt="json")
    graph = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    assert nodes == graph.number_of_nodes() > 0
    assert {d["type"] for _, d in graph.nodes(data=True)} <= {"ckg:Inspection", "ckg:ServiceArea"}
    path, _, _ = export(graph_file, tmp_path, "--exclude-class", "ckg:Judgement", fmt="json")
    graph = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    assert not any(d["type"] == "ckg:Judgement" for _, d in graph.nodes(data=True))


def test_stats_summarise_the_measures(graph_file, tmp_path):
    result = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "-o", str(tmp_path / "g.graphml"), "--stats"])
    assert result.exit_code == 0
    assert "connected components" in result.stderr and "betweenness" in result.stderr and "Cafcass" in result.stderr


def test_bad_input_is_a_message_and_exit_2(graph_file, tmp_path):
    missing = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "--focus", "Nowhere Shire", "-o", str(tmp_path / "x")])
    assert missing.exit_code == 2 and "no resource of the graph is 'Nowhere Shire'" in missing.stderr
    assert not (tmp_path / "x").exists()
    near = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "--focus", "Warwick"])
    assert near.exit_code == 2 and "did you mean" in near.stderr
    unknown = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "--format", "xls"])
    assert unknown.exit_code == 2 and "xls" in unknown.output
    empty = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "--include-class", "ckg:NoSuchClass"])
    assert empty.exit_code == 2 and "the view is empty" in empty.stderr


def test_pictures_without_graphviz_say_so(graph_file, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no Graphviz program can be found
    result = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "--format", "svg", "-o", str(tmp_path / "g.svg")])
    assert result.exit_code == 2 and "needs Graphviz's 'neato', which is not installed" in result.stderr
    assert not (tmp_path / "g.svg").exists()


def test_the_html_export_is_one_self_contained_file(graph_file, tmp_path):
    path, nodes, _ = export(graph_file, tmp_path, fmt="html")
    page = path.read_text()
    assert "<script src=" not in page and "<link " not in page  # nothing to fetch
    assert "cytoscape(" in page
    elements = json.loads(page.split('<script id="elements" type="application/json">')[1].split("</script>")[0])
    assert len(elements["nodes"]) == nodes


@pytest.mark.skipif(shutil.which("neato") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_pictures_where_graphviz_is_installed(graph_file, tmp_path, fmt, magic):
    path, _, _ = export(graph_file, tmp_path, "--include-class", "ckg:Inspection", "--include-class", "ckg:ServiceArea", fmt=fmt)
    assert path.read_bytes().startswith(magic)


def test_a_construct_query_defines_the_view(graph_file, tmp_path):
    query = tmp_path / "view.rq"
    query.write_text("""PREFIX ckg: <https://w3id.org/cafcass-kg/def/>
        CONSTRUCT { ?area ckg:graded ?grade } WHERE {
            ?i ckg:inspected ?area . ?j ckg:inspection ?i ; ckg:grade ?grade ;
               ckg:evaluationArea <https://w3id.org/cafcass-kg/id/concept/evaluation-area/overall-effectiveness> }""")
    path, nodes, edges = export(graph_file, tmp_path, "--query", str(query), fmt="json")
    graph = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    assert {d["label"] for _, _, d in graph.edges(data=True)} == {"ckg:graded"}
    assert all(graph.nodes[o]["iri"].startswith("https://w3id.org/cafcass-kg/id/concept/grade/") for _, o in graph.edges())
    assert graph.nodes["https://w3id.org/cafcass-kg/id/area/a13"]["label"] != "id:area/a13"  # labels from the whole graph


def test_a_select_query_chooses_the_resources(graph_file, tmp_path):
    query = tmp_path / "view.rq"
    query.write_text("SELECT ?i ?a WHERE { ?i <https://w3id.org/cafcass-kg/def/inspected> ?a }")
    path, nodes, edges = export(graph_file, tmp_path, "--query", str(query), fmt="json")
    graph = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    assert {d["type"] for _, d in graph.nodes(data=True)} <= {"ckg:Inspection", "ckg:ServiceArea", "org:OrganizationalUnit"}
    assert any(d["label"] == "inspected" for _, _, d in graph.edges(data=True))


@pytest.mark.parametrize("text, message", [
    ("SELECT ?x WHERE { ?x a <urn:nothing> }", "the query returned nothing"),
    ("SELEC ?x", "the query does not parse"),
    ("ASK { ?s ?p ?o }", "a view needs a CONSTRUCT or a SELECT"),
])
def test_a_query_that_cannot_define_a_view_is_a_message(graph_file, tmp_path, text, message):
    query = tmp_path / "view.rq"
    query.write_text(text)
    result = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "--query", str(query)])
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_cytoscape_json_meets_the_elements_schema_and_edges_join_nodes(graph_file, tmp_path):
    from pathlib import Path

    import jsonschema

    path, nodes, edges = export(graph_file, tmp_path, fmt="cytoscape")
    data = json.loads(path.read_text())
    schema = json.loads((Path(__file__).parent / "schemas" / "cytoscape-elements.json").read_text())
    jsonschema.validate(data, schema)
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert len(ids) == nodes and len(data["elements"]["edges"]) == edges
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in data["elements"]["edges"])


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_dot_export(graph_file, tmp_path):
    import subprocess

    path, nodes, edges = export(graph_file, tmp_path, fmt="dot")
    plain = subprocess.run(["dot", "-Tplain", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    assert sum(line.startswith("node ") for line in plain) == nodes
    assert sum(line.startswith("edge ") for line in plain) == edges


@pytest.mark.parametrize("focus, linked_by", [
    ("ckg:Inspection", "rdf:type"),  # a class: the resources typed by it
    ("https://w3id.org/cafcass-kg/id/scheme/evaluation-area", "skos:inScheme"),  # a concept scheme: its concepts
])
def test_a_term_of_the_ontology_or_a_vocabulary_is_drawn_with_its_neighbourhood(graph_file, tmp_path, focus, linked_by):
    from cafcass_kg.namespaces import expand
    from cafcass_kg.store import load_store

    path, _, _ = export(graph_file, tmp_path, "--focus", focus, fmt="json")
    graph = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    centre = expand(focus)
    assert centre in graph and all(n == centre or graph.has_edge(n, centre) or graph.has_edge(centre, n) for n in graph)
    predicate = {"rdf:type": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                 "skos:inScheme": "http://www.w3.org/2004/02/skos/core#inScheme"}[linked_by]
    expected = {r["x"].value for r in load_store(graph_file).query(f"SELECT DISTINCT ?x WHERE {{ ?x <{predicate}> <{centre}> }}")}
    linked = {s for s, o, key in graph.edges(keys=True) if o == centre and key == linked_by}
    assert len(expected) > 5 and linked == expected
    assert not any("layer" in d for _, d in graph.nodes(data=True))


def test_the_whole_graph_leaves_the_ontology_and_vocabularies_out(graph_file, tmp_path):
    path, _, _ = export(graph_file, tmp_path, fmt="json")
    graph = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    assert "https://w3id.org/cafcass-kg/def/Inspection" not in graph
    assert not any(key == "rdf:type" for _, _, key in graph.edges(keys=True))


@pytest.mark.skipif(shutil.which("neato") is None, reason="Graphviz is not installed")
def test_the_whole_graph_is_drawn_in_seconds_not_a_minute(graph_file, tmp_path):
    import time

    started = time.monotonic()
    path, nodes, edges = export(graph_file, tmp_path, fmt="svg")
    seconds = time.monotonic() - started
    svg = path.read_text()
    assert svg.count('class="node"') == nodes > 200 and svg.count('class="edge"') == edges
    assert seconds < 20, f"{nodes} nodes took {seconds:.0f} s to draw"  # a minute when every edge was routed


def test_the_export_names_a_resource_as_its_page_does(store):
    import pyoxigraph as ox
    from cafcass_kg.export import _labels
    from cafcass_kg.server import create_app
    from cafcass_kg.server.pages import label_of

    act = "http://www.legislation.gov.uk/id/ukpga/1989/41"
    with create_app(store, {"TESTING": True}).test_request_context("/"):
        on_page = label_of(ox.NamedNode(act))
    assert _labels(store)[act] == on_page == "Children Act 1989"
