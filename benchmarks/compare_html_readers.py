"""Compare ways of reading the main content of a web page, on the test fixture pages.

Each corpus document (corpus/*.txt) is wrapped as a web page in each site style of
tests/render_web_page.py (the organisation's own news page, a GOV.UK publication, a trade-press
article with comments and a document viewer), and each candidate reads every page. Measured:

- leaks: furniture names and phrases (tests/render_web_page.py) found in the text;
- lost: content units (paragraphs, list items, table rows of the document) missing from the text;
- laid out: content units that come out as the project's text layout has them (a paragraph as one
  block, a list item on its own line with its marker and number, a table row on one line with
  tab-separated cells);
- facts: pages whose facts (tests/facts.py) equal the text file's;
- title / date: pages whose title and publication date were found;
- pages/s (median of several runs) and peak memory of one page (tracemalloc, the largest page).

The candidates: this project's reader (lxml, furniture by markup); trafilatura 2.3.1 (its text
output, and its HTML output laid out by the project's layout); trafilatura after the project's
furniture pruning; readability-lxml 0.9 (its summary laid out by the project's layout); jusText
3.0.2 (its good paragraphs); htmldate 1.11.0 for dates where a library gives none. Only lxml is
a runtime dependency: trafilatura, readability-lxml, jusText and htmldate are installed just for
this comparison:

    .venv/bin/pip install trafilatura==2.3.1 readability-lxml==0.9 justext==3.0.2 htmldate==1.11.0
    .venv/bin/python benchmarks/compare_html_readers.py
"""

from __future__ import annotations

import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from cafcass_kg.ingest import web_page  # noqa: E402
from cafcass_kg.loaders import detect_genre, load_text  # noqa: E402
from cafcass_kg.loaders.text import clean  # noqa: E402
from lxml import html as lxml_html  # noqa: E402
from render_web_page import (  # noqa: E402
    FURNITURE_NAMES,
    FURNITURE_PHRASES,
    STYLES,
    headline_of,
    render,
)

from cafcass_kg.errors import DocumentError  # noqa: E402
from tests.facts import facts  # noqa: E402

PUBLISHED = date(2011, 12, 14)
RUNS = 5


@dataclass
class Reading:
    text: str
    title: str | None
    published: str | None


# --- candidates --------------------------------------------------------------------------------

def project_reader(data: bytes) -> Reading:
    e = web_page.extract("page", data)
    return Reading(e.text, e.title, e.published)


def _trafilatura_metadata(data: bytes) -> tuple[str | None, str | None]:
    import trafilatura

    meta = trafilatura.extract_metadata(data)
    return (meta.title, meta.date) if meta else (None, None)


def trafilatura_text(data: bytes) -> Reading:
    import trafilatura

    text = trafilatura.extract(data, include_tables=True, include_comments=False) or ""
    title, published = _trafilatura_metadata(data)
    return Reading(f"{title}\n\n{text}" if title else text, title, published)


def _laid_out(fragment: str, headline: str | None) -> str:
    tree = lxml_html.document_fromstring(fragment or "<p></p>")
    body = tree.find(".//body")
    blocks = web_page.headline_first(headline, web_page.lay_out(body if body is not None else tree))
    return "\n\n".join(blocks) + "\n"


def trafilatura_html(data: bytes) -> Reading:
    import trafilatura

    fragment = trafilatura.extract(data, output_format="html", include_tables=True, include_comments=False,
                                   include_formatting=True)
    title, published = _trafilatura_metadata(data)
    return Reading(_laid_out(fragment or "", title), title, published)


def pruned_then_trafilatura(data: bytes) -> Reading:
    import trafilatura

    text, _ = web_page.decode_page("page", data)
    tree = web_page.parse_page("page", text)
    title, published = web_page.page_title(tree), web_page.page_published(tree)
    region = web_page.main_region(tree)
    headline = web_page.headline_of(region, tree)
    web_page.without_furniture(tree.find(".//body"))
    fragment = trafilatura.extract(lxml_html.tostring(tree, encoding="unicode"), output_format="html",
                                   include_tables=True, include_comments=False, include_formatting=True)
    return Reading(_laid_out(fragment or "", headline), title, published)


def _htmldate(data: bytes) -> str | None:
    from htmldate import find_date

    return find_date(data.decode("utf-8", errors="replace"), original_date=True, extensive_search=True)


def readability(data: bytes) -> Reading:
    from readability import Document

    doc = Document(data.decode("utf-8", errors="replace"))
    title = doc.short_title() or None
    return Reading(_laid_out(doc.summary(html_partial=True), title), title, _htmldate(data))


def justext_paragraphs(data: bytes) -> Reading:
    import justext

    paragraphs = justext.justext(data, justext.get_stoplist("English"))
    blocks = [p.text for p in paragraphs if not p.is_boilerplate]
    tree = lxml_html.document_fromstring(data)
    title_el = tree.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    return Reading("\n\n".join(blocks) + "\n", title, _htmldate(data))


CANDIDATES: dict[str, Callable[[bytes], Reading]] = {
    "lxml + furniture by markup (project)": project_reader,
    "trafilatura txt": trafilatura_text,
    "trafilatura html + layout": trafilatura_html,
    "furniture pruned + trafilatura": pruned_then_trafilatura,
    "readability + layout": readability,
    "jusText": justext_paragraphs,
}


# --- measures ----------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", clean(text).text).strip().lower()


@dataclass
class Unit:
    kind: str  # paragraph, item, row
    words: str  # cleaned, lower case
    laid_out: re.Pattern  # what the unit looks like laid out as the text layer expects


def content_units(text: str) -> list[Unit]:
    """The document's paragraphs, list items and table rows."""
    units = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(re.match(r"^\s*-\s", line) for line in lines):
            for line in lines:
                body = re.sub(r"^\s*-\s+", "", line)
                number = re.match(r"(\d{1,3})\.\s+", body)
                marker = re.escape(number[1]) + r"\." if number else r"-"
                words = _norm(body[number.end():] if number else body)
                units.append(Unit("item", words, re.compile(r"(?m)^\s*(?:-\s*)?" + marker + r"\s+" + re.escape(words) + r"\s*$")))
        elif all("\t" in line for line in lines):
            for line in lines:
                cells = [_norm(c) for c in line.split("\t") if c.strip()]
                units.append(Unit("row", " ".join(cells), re.compile(r"(?m)^" + r"\t+".join(map(re.escape, cells)) + r"\t*$")))
        else:
            words = _norm(block)
            units.append(Unit("paragraph", words, re.compile(r"(?:^|\n\n)" + re.escape(words) + r"(?:\n\n|$)")))
    return units


def _laid_out_text(text: str) -> str:
    """The output normalised line by line, keeping line breaks and tabs (for the layout test)."""
    blocks = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = []
        for line in block.split("\n"):
            cells = [_norm(c) for c in line.split("\t")]
            lines.append("\t".join(c for c in cells))
        blocks.append("\n".join(line for line in lines if line.strip()))
    return "\n\n".join(b for b in blocks if b)


def _flat_layout(text: str) -> str:
    """A paragraph in the output, its line breaks as spaces (for the paragraph test)."""
    return "\n\n".join(_norm(b) for b in re.split(r"\n[ \t]*\n", text) if b.strip())


@dataclass
class Score:
    leaks: int = 0
    lost: int = 0
    laid_out: int = 0
    units: int = 0
    facts_equal: int = 0
    title: int = 0
    date: int = 0
    pages: int = 0
    failures: int = 0


def measure(read: Callable[[bytes], Reading], pages: list[tuple[str, str, bytes]]) -> Score:
    score = Score()
    for name, source, page in pages:
        score.pages += 1
        try:
            reading = read(page)
        except DocumentError:
            score.failures += 1
            continue
        out, source_lower = _norm(reading.text), source.lower()
        score.leaks += sum(1 for s in FURNITURE_NAMES + FURNITURE_PHRASES if _norm(s) in out and s.lower() not in source_lower)
        units = content_units(source)
        score.units += len(units)
        score.lost += sum(1 for u in units if u.words not in out)
        lines, flat = _laid_out_text(reading.text), _flat_layout(reading.text)
        score.laid_out += sum(1 for u in units if u.laid_out.search(flat if u.kind == "paragraph" else lines))
        score.facts_equal += _same_facts(name, source, reading.text)
        score.title += reading.title is not None and _norm(reading.title) == _norm(headline_of(source))
        score.date += reading.published == PUBLISHED.isoformat()
    return score


def _same_facts(name: str, source: str, text: str) -> bool:
    if detect_genre(text) is None:
        return False
    try:
        return facts(load_text(name, text.encode("utf-8"))) == facts(load_text(name, source.encode("utf-8")))
    except DocumentError:
        return False


def speed(read: Callable[[bytes], Reading], pages: list[tuple[str, str, bytes]]) -> tuple[float, float]:
    """Pages per second (median of RUNS) and the peak memory of reading the largest page (MiB)."""
    rates = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for _, _, page in pages:
            try:
                read(page)
            except DocumentError:
                pass
        rates.append(len(pages) / (time.perf_counter() - started))
    largest = max(pages, key=lambda p: len(p[2]))[2]
    tracemalloc.start()
    try:
        read(largest)
    except DocumentError:
        pass
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(rates), peak


def fixture_pages() -> list[tuple[str, str, bytes]]:
    pages = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        source = path.read_text(encoding="utf-8")
        for style in STYLES:
            pages.append((path.name, source, render(source, style, published=PUBLISHED)))
    return pages


def main() -> None:
    pages = fixture_pages()
    for read in CANDIDATES.values():  # warm up: imports, stoplists, compiled patterns
        try:
            read(pages[0][2])
        except DocumentError:
            pass
    header = ("candidate", "leaks", "lost", "laid out", "facts equal", "title", "date", "pages/s", "peak MiB")
    rows = []
    for label, read in CANDIDATES.items():
        s = measure(read, pages)
        rate, peak = speed(read, pages)
        rows.append((label, str(s.leaks), f"{s.lost}/{s.units}", f"{s.laid_out}/{s.units}", f"{s.facts_equal}/{s.pages}",
                     f"{s.title}/{s.pages}", f"{s.date}/{s.pages}", f"{rate:.0f}", f"{peak:.1f}"))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(f"{len(pages)} pages ({len(pages) // len(STYLES)} documents x {len(STYLES)} site styles), "
          f"{sum(len(p[2]) for p in pages) // 1024} KiB; furniture strings per page: {len(FURNITURE_NAMES) + len(FURNITURE_PHRASES)}")
    for r in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)))


if __name__ == "__main__":
    main()
