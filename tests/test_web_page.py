"""The web-page reader: a corpus document published as a web page, in the style of each kind of
site that publishes such documents, reads into the same facts as its text file, and nothing of
the page's furniture (names of journalists, commenters, editors; banners, cookie notices) reaches
the text or the graph."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cafcass_kg.ingest import web_page
from cafcass_kg.loaders import load_text
from cafcass_kg.loaders import records as r
from cafcass_kg.ingest import read_bytes

from cafcass_kg.errors import DocumentError

from .facts import facts, misplaced_evidence
from .render_web_page import (
    FURNITURE_NAMES,
    FURNITURE_PHRASES,
    STYLES,
    headline_of,
    render,
)

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
PUBLISHED = date(2012, 3, 7)


def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def text_documents():
    return {path.name: load_text(path.name, path.read_bytes()) for path in CORPUS}


@pytest.fixture(scope="module")
def page_documents():
    return {(path.name, style): load_text(path.name, render(_source(path), style, published=PUBLISHED))
            for path in CORPUS for style in STYLES}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_a_web_page_reads_into_the_same_facts_as_the_text_file(path, style, text_documents, page_documents):
    page = page_documents[(path.name, style)]
    assert page.extracted.media_type == "text/html"
    assert page.parsed.genre == text_documents[path.name].parsed.genre
    assert facts(page) == facts(text_documents[path.name])
    assert misplaced_evidence(page) == []


@pytest.mark.parametrize("style", STYLES)
def test_no_furniture_reaches_the_text_or_the_graph(style, page_documents):
    for path in CORPUS:
        doc = page_documents[(path.name, style)]
        source = _source(path).lower()
        leaked = [s for s in FURNITURE_NAMES + FURNITURE_PHRASES if s.lower() in doc.text.lower() and s.lower() not in source]
        assert leaked == [], (path.name, leaked)
        people = {rec.person for rec in doc.parsed.of(r.PostHolding)} | {rec.person for rec in doc.parsed.of(r.Contact)}
        people |= {rec.speaker for rec in doc.parsed.of(r.Quotation)}
        assert not any(name in person for person in people for name in FURNITURE_NAMES), (path.name, people)


@pytest.mark.parametrize("style", STYLES)
def test_title_and_publication_date_come_from_the_page_metadata(style):
    source = _source(CORPUS[0])
    extracted = read_bytes("page.html", render(source, style, published=PUBLISHED)).extracted
    assert extracted.title == headline_of(source)
    assert extracted.published == PUBLISHED.isoformat()
    assert extracted.extractor == "lxml" and extracted.extractor_version not in ("", "unknown")
    assert extracted.text.startswith(headline_of(source) + "\n\n")


def test_a_date_the_article_itself_shows_stays_in_the_text():
    source = next(_source(p) for p in CORPUS if "<sup>th</sup> February" in _source(p))
    extracted = web_page.extract("page.html", render(source, "cafcass", published=PUBLISHED))
    assert "17th February 2009" in extracted.text
    assert extracted.published == PUBLISHED.isoformat()  # the page's own date, not the body's


def test_the_layout_is_the_text_layers():
    """Paragraph line breaks kept, list items on their own lines (a numbered paragraph keeps its
    number), a table row on one line with tab-separated cells."""
    report = next(p for p in CORPUS if "Record of main findings" in _source(p))
    text = web_page.extract("page.html", render(_source(report), "govuk")).text
    assert "\n\n1. Ofsted carried out the inspection" in text
    assert "\nOverall effectiveness\tSatisfactory\n" in text
    release = _source(CORPUS[0])
    text = web_page.extract("page.html", render(release, "trade_press")).text
    assert "For further information please contact:\nNaomi Lawson, Head of Communications\n" in text
    assert "\n  - Adoption (public law)\n" in text


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "undeclared"])
def test_a_windows_1252_page_is_decoded(declare):
    source = next(_source(p) for p in CORPUS if "‘outstanding’" in _source(p))
    data = render(source, "cafcass", encoding="cp1252", declare_charset=declare)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    extracted = read_bytes("page.html", data).extracted
    assert "‘outstanding’" in extracted.text and "“In the last year" in extracted.text
    assert extracted.encoding == "cp1252"


SHELL = b"""<!DOCTYPE html><html><head><title>Sign in - Social Work Weekly</title></head><body>
<a href="#main">Skip to main content</a>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<div class="cookie-banner"><p>We use some essential cookies to make this website work.</p></div>
<main id="main"><h1>Sign in to keep reading</h1>
<form><label>Email <input name="email"></label><label>Password <input type="password"></label><button>Sign in</button></form>
</main><footer><p>Social Work Weekly, 10 Market Row, Leeds</p></footer></body></html>"""


@pytest.mark.parametrize("page", [SHELL, b"<!doctype html><html><head><title>x</title></head><body></body></html>"],
                         ids=["login wall", "empty shell"])
def test_a_page_without_main_content_is_refused_with_a_reason(page):
    with pytest.raises(DocumentError, match="no main content"):
        load_text("page.html", page)


@pytest.mark.parametrize("data, expected", [
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", True),
    (b"\xef\xbb\xbf\n  <html lang='en'><head></head></html>", True),
    (b"<!-- saved page -->\n<head><title>t</title></head>", True),
    ("<!DOCTYPE html><html></html>".encode("utf-16"), True),
    (b"17<sup>th</sup> February 2009\n\nCafcass news", False),
    (b"Plain text that mentions <html> later on.", False),
])
def test_looks_like_sniffs_the_start_of_the_bytes(data, expected):
    assert web_page.looks_like(data) is expected


def test_the_corpus_text_files_are_not_taken_for_web_pages():
    assert not any(web_page.looks_like(p.read_bytes()) for p in CORPUS)
