"""What a person sees, in a real headless browser (Debian's chromium driven by Playwright): the
query page runs an example and shows its results, a resource page links to the next resource, and
no request leaves the machine."""

from __future__ import annotations

import shutil

import pytest

from click.testing import CliRunner

from cafcass_kg.cli import main

from . import virtuoso
from .serving import loopback_browser, running_server
from .store_process import environment

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def site(request, corpus_graph_file, tmp_path_factory):
    """The server, reading the embedded graph file or forwarding to a Virtuoso holding the same graph."""
    log = tmp_path_factory.mktemp("browsed") / "server.log"
    if request.param == "embedded":
        with running_server(corpus_graph_file, log) as base:
            yield base
        return
    if not virtuoso.available():
        pytest.skip("Debian's virtuoso-opensource is not installed (apt-get install virtuoso-opensource)")
    store = virtuoso.start()
    try:
        built = CliRunner().invoke(main, ["build", "-q", "--no-validate"], env=environment(store))
        assert built.exit_code == 0, built.output
        with running_server(None, log, environment(store)) as base:
            yield base
    finally:
        virtuoso.remove(store)


@pytest.fixture
def page(site):
    with loopback_browser(CHROMIUM) as page:
        yield page


def test_the_query_page_runs_an_example_and_shows_its_results(site, page):
    page.goto(f"{site}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    label = next(o for o in page.locator("#example option").all_inner_texts() if o.startswith("9. Which inspections"))
    page.select_option("#example", label=label)
    page.wait_for_selector(".yasr table tbody tr", timeout=15_000)
    rows = page.locator(".yasr table tbody tr")
    assert rows.count() >= 6
    assert "A13-001" in page.locator(".yasr").inner_text()
    # a result IRI opens this server's page of the resource, in the same tab
    link = page.locator(".yasr table tbody a[data-local]").first
    assert link.get_attribute("href").startswith("/resource?iri=")
    assert link.inner_text().startswith("id:inspection/")  # a prefixed name, though the query declares no id:
    with page.expect_navigation():
        link.evaluate("a => a.click()")  # the table's sticky header may lie over the first row
    assert page.url.startswith(f"{site}/resource?iri=") and page.locator("h1").count() == 1


def test_a_resource_page_links_to_the_next_resource(site, page):
    page.goto(f"{site}/id/organisation/cafcass")
    assert page.locator("h1").inner_text() == "Cafcass"
    link = page.locator("#incoming a[href^='/id/area/']").first
    name = link.inner_text()
    with page.expect_navigation():
        link.evaluate("a => a.click()")  # the table's sticky header may lie over the first row
    assert page.locator("h1").inner_text() == name
    assert "/id/area/" in page.url


def test_the_search_box_finds_a_resource_by_name(site, page):
    page.goto(f"{site}/")
    page.goto(f"{site}/id/organisation/cafcass")
    page.fill("input[name=q]", "children act")
    page.click("nav button[type=submit]")
    page.wait_for_selector("#results a")
    assert "Children Act 1989" in page.locator("#results").inner_text()


def test_the_interactive_export_draws_the_nodes_and_shows_a_click(corpus_graph_file, tmp_path):
    from click.testing import CliRunner

    from cafcass_kg.cli import main

    page_file = tmp_path / "graph.html"
    result = CliRunner().invoke(main, ["export", "--graph", str(corpus_graph_file), "--format", "html", "-o", str(page_file)])
    assert result.exit_code == 0
    nodes = int(result.stderr.split("exported ")[1].split(" nodes")[0])
    outside: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else (outside.append(route.request.url), route.abort()))
        page.goto(page_file.as_uri())
        page.wait_for_function("typeof cy !== 'undefined' && cy.nodes().length > 0")
        assert page.evaluate("cy.nodes().length") == nodes
        # Click a judgement: its attributes and its evidence quote appear beside the graph.
        position = page.evaluate("cy.nodes().filter(n => n.data('type') === 'ckg:Judgement')[0].renderedPosition()")
        page.mouse.click(position["x"], position["y"])
        page.wait_for_selector("#details .quote")
        details = page.inner_text("#details")
        assert "grade" in details and "ckg:Judgement" in details
        browser.close()
    assert outside == []


def test_a_mistyped_address_is_a_page_with_the_search_box(site, page):
    response = page.goto(f"{site}/id/organisation/cafcas")
    assert response.status == 404
    assert "is not in this graph" in page.inner_text("body")
    page.fill("input[name=q]", "children act")
    page.click("nav button[type=submit]")
    page.wait_for_selector("#results a")
    assert "Children Act 1989" in page.locator("#results").inner_text()


def test_the_overview_leads_to_an_area_with_its_inspections_drawn_and_graded(site, page):
    page.goto(f"{site}/")
    assert page.locator("h1").inner_text().startswith("What the graph knows")
    assert page.locator("#grades-grid svg").count() == 1
    # the area whose latest inspection was judged inadequate says so on its own page
    row = page.locator("#areas tbody tr", has=page.locator(".badge.inadequate")).first
    name = row.locator("td").nth(1).inner_text()
    with page.expect_navigation():
        row.locator("td").nth(1).locator("a").click()
    assert page.locator("h1").inner_text() == name
    assert page.locator("#timeline svg circle, #timeline svg rect").count() >= 1
    assert "inadequate" in page.locator("#grades-over-time .badge.inadequate").first.inner_text().lower()


def test_an_inspection_page_puts_the_overall_judgement_first_then_the_areas_for_improvement(site, page):
    page.goto(f"{site}/")
    rows = page.locator("#areas tbody tr", has=page.locator(".badge"))
    latest = [(r.locator("td").nth(3).locator("a").first.get_attribute("href"), r.locator(".badge").inner_text())
              for r in rows.all()]
    with_improvements = 0
    for address, grade in latest:
        page.goto(site + address)
        overall = page.locator("#overall")
        assert overall.locator(".badge").inner_text() == grade
        assert overall.bounding_box()["y"] < page.locator("#grades-by-area").bounding_box()["y"]
        if page.locator("#improvements tbody tr").count():
            with_improvements += 1
            assert page.locator("#grades-by-area").bounding_box()["y"] < page.locator("#improvements").bounding_box()["y"]
    assert with_improvements >= 1  # the full reports set them out


def test_a_leader_on_the_overview_has_a_page_listing_the_posts_held(site, page):
    page.goto(f"{site}/")
    leader = page.locator("#leaders tbody tr").first
    post = leader.locator("td").nth(1).inner_text()
    with page.expect_navigation():
        leader.locator("a").first.click()
    assert post.lower() in page.locator("#posts").inner_text().lower()


def test_the_ontology_diagram_opens_a_class_page_when_a_box_is_clicked(site, page):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed: the documentation shows the diagram's source")
    page.goto(f"{site}/def/")
    box = page.locator("figure.diagram svg g.node", has_text="ckg:Inspection").first
    assert box.is_visible()
    with page.expect_navigation():
        box.locator("a").first.click()
    assert page.url == f"{site}/def/Inspection"
    assert page.locator("h1").inner_text().lower() == "inspection"
