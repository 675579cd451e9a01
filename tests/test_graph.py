"""The built graph: evidence for every fact, one IRI per entity, stable IRIs, one graph per document."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import ORG, PROV, QB, RDF

from cafcass_kg.build import VOCABULARY_GRAPH, build
from cafcass_kg.namespaces import CKG, ID, OA, SCHEMA

from .conftest import CORPUS


def test_one_named_graph_per_document_with_its_metadata(corpus_build):
    docs = [g for g in corpus_build.dataset.graphs() if g.identifier not in (VOCABULARY_GRAPH,) and len(g)]
    docs = [g for g in docs if str(g.identifier).startswith(str(ID["document/"]))]
    assert len(docs) == 5
    for g in docs:
        d = g.identifier
        assert g.value(d, URIRef("http://purl.org/dc/terms/title"))
        assert g.value(d, CKG.sourceFile)
        assert (d, URIRef("http://purl.org/dc/terms/license"), None) in g


def test_every_quote_equals_the_document_text_at_its_offsets(corpus_build):
    checked = 0
    for g in corpus_build.dataset.graphs():
        for target in g.subjects(RDF.type, OA.SpecificResource):
            doc = g.value(target, OA.hasSource)
            text = str(g.value(doc, URIRef("https://schema.org/text")))
            selectors = list(g.objects(target, OA.hasSelector))
            start = end = exact = None
            for s in selectors:
                if (s, RDF.type, OA.TextPositionSelector) in g:
                    start, end = int(g.value(s, OA.start)), int(g.value(s, OA.end))
                else:
                    exact = str(g.value(s, OA.exact))
            assert exact and text[start:end] == exact
            checked += 1
    assert checked > 100


def test_every_fact_node_has_evidence(corpus_build):
    for cls in (CKG.Judgement, QB.Observation, ORG.Membership, CKG.Citation, CKG.AreaForImprovement, RDF.Statement, CKG.Inspection):
        found = 0
        for g in corpus_build.dataset.graphs():
            for node in g.subjects(RDF.type, cls):
                assert (node, PROV.wasDerivedFrom, None) in g, node
                found += 1
        assert found, cls


def test_one_iri_for_one_entity_across_documents(corpus_build):
    ds = corpus_build.dataset
    cafcass = ID["organisation/cafcass"]
    graphs_naming_cafcass = {g.identifier for g in ds.graphs() if (cafcass, None, None) in g}
    assert len(graphs_naming_cafcass) >= 5
    a13 = ID["area/a13"]
    files_naming_a13 = {
        str(g.value(g.identifier, CKG.sourceFile))[:3] for g in ds.graphs() if (a13, None, None) in g
    }
    assert files_naming_a13 == {"000", "004"}  # "service area A13" in a release, report A13-001


def test_iris_do_not_depend_on_reading_order(tmp_path):
    files = sorted(CORPUS.glob("*.txt"))
    for i, f in enumerate(reversed(files)):
        (tmp_path / f"{i}-{f.name}").write_bytes(f.read_bytes())
    forward = build([CORPUS]).dataset
    backward = build([tmp_path]).dataset
    # The vocabulary graph is read from the same files both times (and has blank nodes).
    strip = lambda ds: {(s, p, o, g.identifier) for g in ds.graphs() if g.identifier != VOCABULARY_GRAPH  # noqa: E731
                        for s, p, o in g if p not in (CKG.sourceFile, SCHEMA.name)}
    assert strip(forward) == strip(backward)


def test_each_document_records_the_file_it_was_read_from_and_how(corpus_build):
    import hashlib

    rows = corpus_build.store.query("""
        PREFIX schema: <https://schema.org/> PREFIX dcat: <http://www.w3.org/ns/dcat#>
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX spdx: <http://spdx.org/rdf/terms#>
        PREFIX cnt: <http://www.w3.org/2011/content#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?name ?type ?size ?sha ?encoding ?software ?version WHERE { GRAPH ?g {
            ?doc dct:source ?file ; prov:wasGeneratedBy ?extraction .
            ?file schema:name ?name ; schema:encodingFormat ?type ; dcat:byteSize ?size ;
                  spdx:checksum/spdx:checksumValue ?sha ; cnt:characterEncoding ?encoding .
            ?extraction prov:used ?file ; prov:wasAssociatedWith ?agent .
            ?agent schema:name ?software ; schema:softwareVersion ?version .
        } }""")
    found = {r["name"].value: r for r in rows}
    assert set(found) == {p.name for p in CORPUS.glob("*.txt")}
    for name, row in found.items():
        data = (CORPUS / name).read_bytes()
        assert row["type"].value == "text/plain" and row["encoding"].value == "utf-8"
        assert int(row["size"].value) == len(data)
        assert row["sha"].value == hashlib.sha256(data).hexdigest()
        assert row["software"].value == "charset-normalizer" and row["version"].value[0].isdigit()


def test_a_document_graph_is_written_as_n_quads_that_any_parser_reads_back():
    from rdflib import BNode, Literal
    from rdflib.namespace import XSD
    import pyoxigraph as ox
    from cafcass_kg.graph.mapping import DocumentGraph

    graph = DocumentGraph(ID["document/abc"])
    awkward = 'She said "no"\\ then\nleft\r\tagain, £3.3m — é'
    triples = [(ID["a"], RDF.value, Literal(awkward)), (ID["a"], RDF.value, Literal("hello", lang="en-GB")),
               (ID["a"], RDF.value, Literal("2010-06-01", datatype=XSD.date)), (ID["a"], RDF.value, BNode("b1")),
               (ID["a"], RDF.value, Literal("plain", datatype=XSD.string))]
    for t in triples:
        graph.add(t)
    quads = list(ox.parse(graph.n_quads(), format=ox.RdfFormat.N_QUADS))
    named = [q for q in quads if q.graph_name == ox.NamedNode(str(ID["document/abc"]))]
    default = [q for q in quads if q.graph_name == ox.DefaultGraph()]
    assert len(named) == len(default) == 5
    values = {q.object.value for q in named}
    assert awkward in values and "hello" in values and "plain" in values
    assert {q.object.language for q in named if isinstance(q.object, ox.Literal)} >= {"en-gb"}


def test_an_iri_that_n_triples_cannot_write_is_refused():
    import pytest
    from cafcass_kg.graph.mapping import DocumentGraph

    graph = DocumentGraph(ID["document/abc"])
    graph.add((URIRef("https://example.org/a b"), RDF.type, CKG.Inspection))
    with pytest.raises(ValueError, match="not a valid IRI"):
        graph.n_quads()
