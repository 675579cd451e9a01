"""Properties that must hold for any input, not only for the documents at hand: evidence offsets
point back at the text they quote, a document's graph written as N-Quads reads back as written,
and every export format reads back with the nodes and edges it was given."""

from __future__ import annotations

import io
import json

import networkx as nx
import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from cafcass_kg.export import render
from cafcass_kg.graph.mapping import DocumentGraph
from cafcass_kg.loaders.text import _QUOTE_MAP, SourceText, clean
from cafcass_kg.namespaces import ID

WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
SPACING = st.sampled_from([" ", "  ", "\n", "\t", " \n  ", "\n\n"])
MARKUP = st.sampled_from(["", "**", "*", "‘", "’", "“", "”", "'", '"', "-", "• "])
RAW_TEXT = st.lists(st.tuples(MARKUP, WORDS, MARKUP, SPACING), min_size=1, max_size=40).map(
    lambda parts: "".join(a + w + b + s for a, w, b, s in parts))


@settings(max_examples=300, deadline=None)
@given(RAW_TEXT)
def test_every_cleaned_character_points_back_at_the_character_it_came_from(raw):
    passage = clean(raw)
    assert len(passage.offsets) == len(passage.text)
    assert list(passage.offsets) == sorted(set(passage.offsets)), "offsets rise, one raw character each"
    for char, offset in zip(passage.text, passage.offsets):
        if char != " ":  # a space stands for a run of whitespace or markup
            assert raw[offset].translate(_QUOTE_MAP) == char


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RAW_TEXT)
def test_a_sentence_span_quotes_the_raw_text_it_was_read_from(raw):
    doc = SourceText.from_text("t.txt", raw)
    for block in doc.blocks:
        for sentence in block.sentences():
            start, end = sentence.span()
            assert 0 <= start <= end <= len(raw)
            for char, offset in zip(sentence.text, sentence.offsets):
                if char != " ":  # every character the sentence reads is inside its quote, and is that character
                    assert start <= offset < end
                    assert raw[offset].translate(_QUOTE_MAP) == char


LITERAL_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
LANGUAGE = st.sampled_from(["en", "en-GB", "cy", "fr-CA"])
DATATYPE = st.sampled_from([XSD.date, XSD.integer, XSD.decimal, XSD.gYear, XSD.anyURI])


@st.composite
def objects(draw):
    kind = draw(st.sampled_from(["plain", "language", "typed", "iri", "blank"]))
    if kind == "plain":
        return Literal(draw(LITERAL_TEXT))
    if kind == "language":
        return Literal(draw(LITERAL_TEXT), lang=draw(LANGUAGE))
    if kind == "typed":
        return Literal(draw(LITERAL_TEXT), datatype=draw(DATATYPE))
    if kind == "iri":
        return ID[f"thing/{draw(st.integers(0, 10_000))}"]
    return BNode(f"b{draw(st.integers(0, 10_000))}")


@settings(max_examples=200, deadline=None)
@given(st.lists(objects(), min_size=1, max_size=20))
def test_a_document_graph_reads_back_from_its_n_quads_as_written(values):
    graph = DocumentGraph(ID["document/0123456789abcdef"])
    for i, value in enumerate(values):
        graph.add((ID[f"subject/{i}"], RDF.value, value))
    quads = list(ox.parse(graph.n_quads(), format=ox.RdfFormat.N_QUADS))
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    default = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    assert len(named) == len(default) == len(values)
    for quad, value in zip(named, values):
        if isinstance(value, Literal):
            assert quad.object.value == str(value)
            assert (quad.object.language or None) == (value.language.lower() if value.language else None)
            if value.datatype is not None:
                assert quad.object.datatype.value == str(value.datatype)
        elif isinstance(value, URIRef):
            assert quad.object.value == str(value)
        else:
            assert isinstance(quad.object, ox.BlankNode)


LABEL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)


@st.composite
def views(draw):
    """A small view as the export makes it: resources with labels and types, properties between them."""
    count = draw(st.integers(1, 12))
    graph = nx.MultiDiGraph()
    for i in range(count):
        iri = f"https://w3id.org/cafcass-kg/id/thing/{i}"
        graph.add_node(iri, label=draw(LABEL), iri=iri, type="ckg:Inspection", types="ckg:Inspection")
    nodes = list(graph)
    for _ in range(draw(st.integers(0, 20))):
        s, o = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        key = draw(st.sampled_from(["ckg:inspection", "ckg:grade", "org:hasUnit"]))
        if not graph.has_edge(s, o, key=key):
            graph.add_edge(s, o, key=key, label=key, property=key)
    return graph


READERS = {
    "graphml": lambda data: nx.read_graphml(io.BytesIO(data), force_multigraph=True),
    "gexf": lambda data: nx.read_gexf(io.BytesIO(data)),
    "cytoscape": lambda data: nx.cytoscape_graph(json.loads(data)),
    "json": lambda data: nx.node_link_graph(json.loads(data), edges="links"),
}


@settings(max_examples=60, deadline=None)
@given(views(), st.sampled_from(sorted(READERS)))
def test_every_export_format_reads_back_with_its_nodes_and_edges(view, fmt):
    back = READERS[fmt](render(view, fmt))
    assert back.number_of_nodes() == view.number_of_nodes()
    assert back.number_of_edges() == view.number_of_edges()
    labels = {data.get("label") for _, data in back.nodes(data=True)}
    assert labels == {data["label"] for _, data in view.nodes(data=True)}
