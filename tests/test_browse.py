"""The class pages: a list a class, with facets whose values filter it and whose counts follow the
filters (Flask's test client, the counts checked against SPARQL written here); in a real browser, a
click on a facet value filters the list, and the query page shows typed literals compactly."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from urllib.parse import urlparse

import pytest

from cafcass_kg.namespaces import BASE, sparql_prologue
from cafcass_kg.server import create_app

from .test_browser import CHROMIUM, page, site  # noqa: F401  (fixtures)

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


@pytest.fixture
def client(store):
    return create_app(store, {"TESTING": True, "BROWSE_PAGE": 10}).test_client()


def html(client, path: str) -> str:
    r = client.get(path, headers=BROWSER)
    assert r.status_code == 200 and r.mimetype == "text/html", (path, r.status_code, r.get_data(as_text=True)[:300])
    return r.get_data(as_text=True)


def rows(store, query: str) -> list[dict[str, str]]:
    results = store.query(sparql_prologue() + query)
    names = [v.value for v in results.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in results]


def shown_total(text: str) -> int:
    return int(re.search(r'<p id="count"><b>(\d+)</b>', text)[1])


def table_rows(text: str) -> list[str]:
    if 'id="instances"' not in text:
        return []
    return re.findall(r"<tr><td>.*?</tr>", text.split('id="instances"')[1].split("</table>")[0], re.DOTALL)


def facet(text: str, key: str) -> dict[str, tuple[int, str]]:
    """A facet's values as the page lists them: label -> (count, link)."""
    block = text.split(f'data-facet="{key}"')[1].split("</ul>")[0]
    found = re.findall(r'<a href="([^"]*)"[^>]*>(?:<span class="badge [a-z]+">)?([^<]+)(?:</span>)?</a>\s*<span class="count">(\d+)</span>', block)
    return {label: (int(n), link.replace("&amp;", "&")) for link, label, n in found}


def judgement_years(store) -> dict[str, dict]:
    """Every judgement's grade, area and year (its inspection's earliest date), worked out in Python."""
    found = rows(store, """SELECT ?j ?grade ?area ?when WHERE { ?j a ckg:Judgement ; ckg:grade ?grade ; ckg:inspection ?i .
        ?i ckg:inspected ?area . OPTIONAL { ?i ckg:fieldworkStart|ckg:reportPublished ?when } }""")
    out: dict[str, dict] = {}
    for r in found:
        j = out.setdefault(r["j"], {"grades": set(), "areas": set(), "dates": set()})
        j["grades"].add(r["grade"].rsplit("/", 1)[1])
        j["areas"].add(r["area"])
        if r["when"]:
            j["dates"].add(r["when"])
    for j in out.values():
        j["year"] = min(j["dates"])[:4] if j["dates"] else ""
    return out


def test_the_class_index_lists_the_classes_with_their_counts(client, store):
    text = html(client, "/browse/")
    inspections = int(rows(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ckg:Inspection }")[0]["n"])
    assert re.search(rf'<a href="/browse/Inspection">Inspections</a></td><td>{inspections}</td>', text)
    judgements = int(rows(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ckg:Judgement }")[0]["n"])
    assert re.search(rf'<a href="/browse/Judgement">Judgements</a></td><td>{judgements}</td>', text)
    assert '<a href="/browse/org:Membership">org:Membership</a>' in text  # every class, by its compact name
    assert 'href="/browse/"' in html(client, "/")  # the overview and the navigation lead here
    assert 'href="/browse/"' in html(client, "/id/organisation/cafcass")


def test_an_inspection_list_has_its_columns_the_grade_badge_and_facets(client, store):
    text = html(client, "/browse/Inspection")
    expected = int(rows(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ckg:Inspection }")[0]["n"])
    assert shown_total(text) == expected == len(table_rows(text))
    a13 = next(r for r in table_rows(text) if "/id/inspection/a13-001\"" in r)
    assert "2011-11-14" in a13 and "Coventry, Warwickshire and Northamptonshire" in a13
    assert '<span class="badge middle">satisfactory</span>' in a13
    for key in ("area", "year", "grade", "kind", "framework"):
        assert f'data-facet="{key}"' in text, key
    # An inspection counts once in the year facet: that of its earliest date.
    dates = rows(store, "SELECT ?x (MIN(STR(?when)) AS ?first) WHERE { ?x a ckg:Inspection ; ckg:fieldworkStart|ckg:reportPublished ?when } GROUP BY ?x")
    assert {y: n for y, (n, _) in facet(text, "year").items()} == Counter(r["first"][:4] for r in dates)


def test_a_facet_value_filters_the_list_and_the_counts_agree_with_sparql(client, store):
    judgements = judgement_years(store)
    text = html(client, "/browse/Judgement")
    assert shown_total(text) == len(judgements)
    by_year = Counter(j["year"] for j in judgements.values() if j["year"])
    assert {y: n for y, (n, _) in facet(text, "year").items()} == by_year
    # Click "2011": the list and the other facets' counts are those of 2011's judgements.
    filtered = html(client, facet(text, "year")["2011"][1])
    in_2011 = [j for j in judgements.values() if j["year"] == "2011"]
    assert shown_total(filtered) == len(in_2011) > 0
    grades = Counter(g for j in in_2011 for g in j["grades"])
    assert {label: n for label, (n, _) in facet(filtered, "grade").items()} == {
        {"1": "outstanding", "2": "good", "3": "satisfactory", "4": "inadequate"}[g]: n for g, n in grades.items()}
    # Then "satisfactory" too: both filters hold.
    both = html(client, facet(filtered, "grade")["satisfactory"][1])
    assert shown_total(both) == sum(1 for j in in_2011 if "3" in j["grades"]) > 0
    assert all("satisfactory" in r for r in table_rows(both))
    assert len(re.findall(r'class="filter"', both)) == 2


def test_values_of_one_facet_are_alternatives_and_facets_combine(client, store):
    judgements = judgement_years(store)
    area = BASE + "id/area/a13"
    text = html(client, "/browse/Judgement?area=a13&grade=2&grade=3")
    assert shown_total(text) == sum(1 for j in judgements.values() if area in j["areas"] and j["grades"] & {"2", "3"})
    # The grade facet keeps its other values in view, counted under the area filter alone.
    grades = facet(text, "grade")
    assert grades["good"][0] == sum(1 for j in judgements.values() if area in j["areas"] and "2" in j["grades"])


def test_each_filter_in_use_can_be_taken_off(client):
    text = html(client, "/browse/Judgement?year=2011&grade=3")
    chips = {label: link.replace("&amp;", "&") for link, label in
             re.findall(r'<a class="filter" href="([^"]*)"[^>]*>([^<]+)</a>', text)}
    assert set(chips) == {"Year: 2011", "Grade: satisfactory"}
    assert chips["Grade: satisfactory"] == "/browse/Judgement?year=2011"
    assert shown_total(html(client, chips["Grade: satisfactory"])) == shown_total(html(client, "/browse/Judgement?year=2011"))
    assert 'href="/browse/Judgement">clear all</a>' in text


def test_the_list_is_paged_and_every_instance_is_on_one_page(client, store):
    total = int(rows(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a qb:Observation }")[0]["n"])
    pages = -(-total // 10)
    assert pages > 1
    seen: list[str] = []
    for number in range(1, pages + 1):
        text = html(client, f"/browse/Figure?page={number}")
        assert f"page {number} of {pages}" in text
        seen += [re.search(r'<a href="([^"]+)"', r)[1] for r in table_rows(text)]
    assert len(seen) == len(set(seen)) == total
    assert 'rel="next"' not in text and 'rel="prev"' in text
    assert client.get(f"/browse/Figure?page={pages + 1}", headers=BROWSER).status_code == 404


@pytest.mark.parametrize("path, status, says", [
    ("/browse/Inspecton", 404, "is not a class of this graph"),
    ("/browse/zz:Thing", 404, "is not a class of this graph"),
    ("/browse/Inspection?colour=red", 400, "'colour' is not a filter of this list"),
    ("/browse/Inspection?grade=7", 404, "no inspections with overall grade '7'"),
    ("/browse/Inspection?year=20x1", 400, "is not a year"),
    ("/browse/Inspection?area=a%20b", 400, "is not an IRI"),
    ("/browse/Inspection?page=0", 400, "is not a page number"),
    ("/browse/Inspection?page=abc", 400, "is not a page number"),
    ("/browse/Inspection?format=xml", 406, "is not one this list comes in"),
])
def test_bad_addresses_are_4xx_error_pages(client, path, status, says):
    r = client.get(path, headers=BROWSER)
    assert r.status_code == status and r.mimetype == "text/html"
    body = r.get_data(as_text=True).replace("&#39;", "'")
    assert says in body and "<nav>" in body
    assert client.get(path).mimetype == "text/plain"  # a client that does not ask for HTML gets the line alone


def test_the_list_comes_as_csv_and_json_with_the_filters(client, store):
    judgements = judgement_years(store)
    expected = sum(1 for j in judgements.values() if "3" in j["grades"])
    answer = client.get("/browse/Judgement?grade=3&format=json")
    assert answer.mimetype == "application/json"
    body = json.loads(answer.data)
    assert body["count"] == len(body["items"]) == expected and body["filters"] == {"grade": ["3"]}
    assert all(item["grade"] == ["satisfactory"] for item in body["items"])
    table = list(csv.DictReader(io.StringIO(client.get("/browse/Judgement?grade=3&format=csv").get_data(as_text=True))))
    assert len(table) == expected and {r["iri"] for r in table} == {i["iri"] for i in body["items"]}


def test_any_class_of_the_graph_has_a_list(client, store):
    text = html(client, "/browse/org:Membership")
    expected = int(rows(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a org:Membership }")[0]["n"])
    assert shown_total(text) == expected == len(table_rows(text))
    items = html(client, "/browse/ChecklistItem")  # a class of the ontology by its name
    assert shown_total(items) == int(rows(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ckg:ChecklistItem }")[0]["n"])


@needs_chromium
def test_a_click_on_a_facet_value_filters_the_list_in_the_browser(site, page):  # noqa: F811
    page.goto(f"{site}/browse/Judgement")
    everything = int(page.locator("#count b").inner_text())
    good = page.locator("#facets ul[data-facet=grade] li", has_text="good")
    expected = int(good.locator(".count").inner_text())
    assert 0 < expected < everything
    with page.expect_navigation():
        good.locator("a").click()
    assert urlparse(page.url).query == "grade=2"
    assert int(page.locator("#count b").inner_text()) == expected
    grades = page.locator("#instances tbody .badge").all_inner_texts()
    assert len(grades) == expected and set(grades) == {"good"}
    with page.expect_navigation():
        page.locator("#active-filters a.filter").click()  # take the filter off
    assert int(page.locator("#count b").inner_text()) == everything


@needs_chromium
def test_the_query_page_shows_typed_literals_compactly(site, page):  # noqa: F811
    page.goto(f"{site}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    query = ("SELECT ?date ?judgements ?name WHERE { <https://w3id.org/cafcass-kg/id/inspection/a13-001> ckg:fieldworkStart ?date . "
             "<https://w3id.org/cafcass-kg/id/concept/grade/3> skos:prefLabel ?name . "
             "{ SELECT (COUNT(DISTINCT ?j) AS ?judgements) WHERE { ?j a ckg:Judgement } } }")
    page.evaluate("q => { const y = yasgui.getTab().getYasqe(); y.setValue(prologue + q); y.query(); }", query)
    page.wait_for_selector(".yasr table tbody tr td .literal", timeout=15_000)
    date, count, name = (page.locator(".yasr table tbody tr").first.locator("td").nth(i) for i in (1, 2, 3))
    assert date.locator(".literal").inner_text() == "2011-11-14"  # the value, then its datatype small
    assert date.locator("sup.datatype").inner_text() == "xsd:date"
    assert date.locator("sup.datatype").get_attribute("title") == "http://www.w3.org/2001/XMLSchema#date"
    assert re.fullmatch(r"\d+", count.inner_text().strip())  # a number as itself
    assert name.locator(".literal").inner_text() == "satisfactory" and name.locator("sup.lang").inner_text() == "en"
    assert '"' not in page.locator(".yasr table tbody").inner_text() and "^^" not in page.locator(".yasr").inner_text()
