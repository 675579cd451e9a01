"""The pages a person reads, through Flask's test client: resource pages (Linked Data), documents
with their passages marked, and the search."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from cafcass_kg.namespaces import CKG, ID
from cafcass_kg.server import create_app


@pytest.fixture
def client(store):
    return create_app(store, {"TESTING": True}).test_client()


def html(client, path: str) -> str:
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.mimetype == "text/html", (path, r.status_code)
    return r.get_data(as_text=True)


def test_project_iris_resolve_here_with_labels_and_links(client):
    page = html(client, "/id/organisation/cafcass")
    assert "<h1>Cafcass</h1>" in page
    # Related resources are links to their own pages, shown by their labels.
    assert re.search(r'<a href="/id/area/a13">(?!https?:)[^<]+</a>', page)
    assert 'href="/def/' in page  # property names link to the ontology's terms
    assert "https://schema.org/legalName" not in re.sub(r'href="[^"]*"', "", page)  # labels, not bare IRIs


def test_an_inspection_page_has_its_judgements_as_a_table(client, store):
    page = html(client, "/id/inspection/a13-001")
    table = page.split('id="judgements"')[1].split("</table>")[0]
    stated = next(iter(store.query(
        f"SELECT (COUNT(DISTINCT ?j) AS ?n) WHERE {{ ?j <{CKG.inspection}> <{ID['inspection/a13-001']}> ; a <{CKG.Judgement}> }}")))["n"]
    assert table.count("<tr>") - 1 == int(stated.value) > 15
    assert "Record of main findings" in table and "3 (satisfactory)" in table


def test_evidence_is_quoted_and_links_to_its_passage_in_the_document(client):
    page = html(client, "/id/organisation/cafcass")
    anchors = re.findall(r'<a href="(/id/document/[0-9a-f]+)#(passage-\d+-\d+)">', page)
    assert anchors and "<blockquote>" in page
    document, anchor = anchors[0]
    text = html(client, document)
    assert f'<mark id="{anchor}">' in text


def test_a_document_page_shows_its_text_with_the_passages_marked(client, store):
    doc = next(iter(store.query(f"SELECT ?d WHERE {{ ?d a <{CKG.InspectionReport}> }}")))["d"].value
    page = html(client, doc.replace("https://w3id.org/cafcass-kg", ""))
    marks = re.findall(r'<mark id="passage-(\d+)-(\d+)">(.*?)</mark>', page, re.S)
    assert len(marks) > 50
    assert all(int(end) > int(start) for start, end, _ in marks)
    assert "Record of main findings" in page.split('id="text"')[1]


@pytest.mark.parametrize("media_type", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_the_same_description_by_content_negotiation(client, media_type):
    r = client.get("/id/inspection/a13-001", headers={"Accept": media_type})
    assert r.status_code == 200 and r.mimetype == media_type
    triples = list(ox.parse(r.data, format=ox.RdfFormat.from_media_type(media_type)))
    subject = ox.NamedNode(str(ID["inspection/a13-001"]))
    assert any(t.subject == subject and t.predicate.value == str(CKG.inspected) for t in triples)
    assert any(t.object == subject for t in triples)  # what refers to it, too
    assert client.get("/id/inspection/a13-001?format=turtle").mimetype == "text/turtle"


def test_acts_and_sections_have_pages(client):
    page = html(client, "/resource?iri=http://www.legislation.gov.uk/id/ukpga/1989/41/section/1/3")
    assert "<h1>Children Act 1989, section 1(3)</h1>" in page
    assert "welfare" in page.lower()


def test_unknown_and_malformed_iris_are_4xx(client):
    r = client.get("/id/nothing/here")
    assert r.status_code == 404 and b"is not in this graph" in r.data
    assert client.get("/resource?iri=not%20an%20iri").status_code == 400
    assert client.get("/resource").status_code == 400
    assert client.get("/id/organisation/cafcass?format=pdf").status_code == 406


def test_search_finds_resources_by_label(client):
    page = html(client, "/search?q=COVENTRY")
    assert re.search(r'<a href="/id/area/a13">', page)
    # Quotes and braces are words to look for, not SPARQL.
    page = html(client, '/search?q=" } DELETE { ?s ?p ?o } #')
    assert "0 resources" in page


def test_figures_are_in_a_table_that_links_to_where_they_are_written(client, store):
    doc = next(iter(store.query(f"SELECT ?d WHERE {{ ?d a <{CKG.PressRelease}> ; <{CKG.sourceFile}> ?f }} ORDER BY ?f")))["d"].value
    page = html(client, doc.replace("https://w3id.org/cafcass-kg", ""))
    table = page.split('id="figures"')[1].split("</table>")[0]
    figures = int(next(iter(store.query(
        f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o <http://purl.org/linked-data/cube#dataSet>/<http://www.w3.org/ns/prov#wasDerivedFrom> <{doc}> }}")))["n"].value)
    assert figures > 0 and table.count("<tr>") - 1 == figures
    start, end = re.search(r'#passage-(\d+)-(\d+)">', table).groups()
    assert f'<mark id="passage-{start}-{end}">' in page


def test_every_passage_of_a_document_has_an_anchor_in_its_page(client, store):
    for row in store.query(f"SELECT ?d WHERE {{ ?d <{CKG.sourceFile}> ?f }}"):
        doc = row["d"].value
        page = html(client, doc.replace("https://w3id.org/cafcass-kg", ""))
        passages = {(r["s"].value, r["e"].value) for r in store.query(
            f"SELECT ?s ?e WHERE {{ ?t <http://www.w3.org/ns/oa#hasSource> <{doc}> ; <http://www.w3.org/ns/oa#hasSelector> ?p . "
            f"?p <http://www.w3.org/ns/oa#start> ?s ; <http://www.w3.org/ns/oa#end> ?e }}")}
        anchors = set(re.findall(r'id="passage-(\d+)-(\d+)"', page))
        assert passages and passages <= anchors
        assert page.count("<mark ") == page.count("</mark>")


def test_exports_for_download_and_a_neighbourhood_view_on_each_page(client):
    import json

    import networkx as nx

    r = client.get("/export?format=graphml")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    r = client.get("/export", query_string={"format": "json", "focus": "https://w3id.org/cafcass-kg/id/organisation/cafcass"})
    graph = nx.node_link_graph(json.loads(r.data), edges="links")
    assert "https://w3id.org/cafcass-kg/id/organisation/cafcass" in graph and graph.number_of_nodes() > 10
    page = html(client, "/id/organisation/cafcass")
    frame = re.search(r'<iframe id="neighbourhood"[^>]*src="([^"]+)"', page).group(1).replace("&amp;", "&")
    view = client.get(frame)
    assert view.status_code == 200 and view.mimetype == "text/html" and b"cytoscape" in view.data
    assert client.get("/export?format=xls").status_code == 400
    assert client.get("/export?focus=Nowhere%20Shire").status_code == 400


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_a_browser_gets_an_error_page_with_the_navigation_and_a_client_gets_text(client):
    r = client.get("/id/nothing/here", headers=BROWSER)
    assert r.status_code == 404 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "is not in this graph" in page and 'role="search"' in page and "<nav>" in page
    assert client.get("/resource?iri=not%20an%20iri", headers=BROWSER).mimetype == "text/html"
    r = client.get("/id/organisation/cafcass?format=pdf", headers=BROWSER)
    assert r.status_code == 406 and "<nav>" in r.get_data(as_text=True)
    for accept in ("*/*", "application/sparql-results+json", "text/plain"):
        r = client.get("/id/nothing/here", headers={"Accept": accept})
        assert r.status_code == 404 and r.mimetype == "text/plain"


def test_the_ontology_is_documented_at_def_with_domains_and_ranges(client):
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF

    r = client.get("/def/", headers=BROWSER)
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    row = page[page.index('id="ckg:grade"'):page.index("</tr>", page.index('id="ckg:grade"'))]
    assert "ckg:Judgement" in row and "skos:Concept" in row and 'href="/def/grade"' in row
    assert 'id="ckg:Inspection"' in page and "org:" in page  # a class, and the vocabularies reused
    turtle = client.get("/def/", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    assert len(set(graph.subjects(RDF.type, OWL.Class))) > 10


def test_referred_to_by_is_grouped_by_property_counted_and_paged(store):
    import re

    from cafcass_kg.server import create_app

    client = create_app(store, {"TESTING": True, "REFERRERS_PAGE": 4, "QUERY_WORKERS": 0}).test_client()
    page = client.get("/id/organisation/cafcass").get_data(as_text=True)
    section = page[page.index('id="incoming"'):]
    counts = dict(re.findall(r'<h3>.*?>([^<]+)</a> <small>\((\d+)\)</small></h3>', section))
    assert int(counts["org:unitOf"]) == 11 and "rdf:subject" not in counts  # a fact's evidence statements sit under Evidence
    first = section[section.index("org:unitOf"):section.index("</section>", section.index("org:unitOf"))]
    assert first.count("<li>") == 4 and "Page 1 of 3" in first
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(next_link).get_data(as_text=True)
    group = second[second.index("org:unitOf", second.index('id="incoming"')):]
    assert "Page 2 of 3" in group and group.count("<li>", 0, group.index("</section>")) == 4
    assert client.get("/id/organisation/cafcass?page=zero").status_code == 400


def test_a_person_page_lists_the_posts_held_and_quotes_as_text(client):
    page = client.get("/id/person/anthony-douglas", headers=BROWSER).get_data(as_text=True)
    posts = page[page.index('id="posts"'):page.index("</table>", page.index('id="posts"'))]
    assert "Chief Executive" in posts and 'href="/id/organisation/cafcass"' in posts
    assert "2009-02-17" in posts  # the latest document that names him in post
    quotes = page[page.index("Quoted as saying"):]
    assert '<blockquote class="quotation">' in quotes and "https://w3id.org" not in quotes.split("Neighbourhood")[0].split("<blockquote")[1]


def test_an_inspection_page_puts_the_overall_judgement_first_and_the_sources_side_by_side(client):
    page = client.get("/id/inspection/a13-001", headers=BROWSER).get_data(as_text=True)
    assert page.index('id="overall"') < page.index('id="grades-by-area"') < page.index('id="judgements"')
    overall = page[page.index('id="overall"'):page.index("</p>", page.index('id="overall"'))]
    assert 'class="badge middle">satisfactory' in overall and "Record of main findings" in overall
    table = page[page.index('id="grades-by-area"'):page.index("</table>", page.index('id="grades-by-area"'))]
    assert "<th>Record of main findings</th>" in table and "<th>section grade line</th>" in table
    assert table.index("Overall effectiveness") < table.index("Ambition and prioritisation")
    assert '<span class="badge good">2 (good)</span>' in table  # each grade a coloured badge
    assert "agreement" not in table  # no column for disagreements where the sources agree
    improvements = page[page.index('id="improvements"'):page.index("</table>", page.index('id="improvements"'))]
    assert improvements.count("<tr>") > 3 and "within" in improvements.lower()


def test_grades_that_sources_disagree_on_are_marked():
    from cafcass_kg.server.pages import grades_by_area

    rows = [{"area": "Safeguarding", "where": "Record of main findings", "grade": "3 (satisfactory)", "number": 3},
            {"area": "Safeguarding", "where": "section grade line", "grade": "4 (inadequate)", "number": 4},
            {"area": "Overall effectiveness", "where": "Record of main findings", "grade": "3 (satisfactory)", "number": 3}]
    sources, areas = grades_by_area(rows)
    assert sources == ["Record of main findings", "section grade line"]
    assert [a["area"] for a in areas] == ["Overall effectiveness", "Safeguarding"]
    assert [a["disagree"] for a in areas] == [False, True]
    assert areas[1]["cells"] == [[("middle", "3 (satisfactory)")], [("inadequate", "4 (inadequate)")]]


def test_charts_are_svg_drawn_by_the_server_with_the_grades(client):
    import xml.etree.ElementTree as ET

    page = client.get("/", headers=BROWSER).get_data(as_text=True)
    grid = page[page.index('<figure id="grades-grid">') + len('<figure id="grades-grid">'):page.index("</figure>", page.index("grades-grid"))]
    svg = ET.fromstring(grid)  # well-formed SVG, inline: no script, no request
    cells = [el for el in svg.iter() if el.tag.endswith("rect")]
    titles = [el.text for el in svg.iter() if el.tag.endswith("title")]
    assert cells and "Coventry, Warwickshire and Northamptonshire, 2011: satisfactory" in titles
    area = client.get("/id/area/a13", headers=BROWSER).get_data(as_text=True)
    timeline = area[area.index('<figure id="timeline">') + len('<figure id="timeline">'):area.index("</figure>", area.index('id="timeline"'))]
    points = [el for el in ET.fromstring(timeline).iter() if el.tag.endswith("a")]
    assert points and points[0].get("href") == "/id/inspection/a13-001"


def test_a_grade_timeline_places_each_inspection_by_date_and_grade():
    import xml.etree.ElementTree as ET

    from cafcass_kg.server.charts import Point, grade_timeline

    svg = ET.fromstring(str(grade_timeline([Point("2009-03", 4, "inadequate", "/a"), Point("2011-06-01", 2, "good", "/b")])))
    circles = [el for el in svg.iter() if el.tag.endswith("circle")]
    assert len(circles) == 2
    early, late = sorted(circles, key=lambda c: float(c.get("cx")))
    assert float(early.get("cy")) > float(late.get("cy"))  # inadequate is drawn below good
    assert str(grade_timeline([])) == ""


def test_an_area_page_shows_its_grades_by_evaluation_area_inspection_by_inspection(client):
    page = client.get("/id/area/a13", headers=BROWSER).get_data(as_text=True)
    table = page[page.index('id="grades-over-time"'):page.index("</table>", page.index('id="grades-over-time"'))]
    assert "<th>2011-11-14</th>" in table
    assert table.index("Overall effectiveness") < table.index("Safeguarding")
    assert '<span class="badge good">good</span>' in table and '<span class="badge middle">satisfactory</span>' in table
    assert 'id="grades-over-time"' not in client.get("/id/organisation/cafcass", headers=BROWSER).get_data(as_text=True)
