"""The PDF reader: each corpus document typeset as a PDF reads into the same facts as its text, and
the hard parts of real PDFs (page furniture, two columns, hyphenation, ligatures, tables, refusals,
long documents) are handled."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from cafcass_kg.ingest import pdf as pdf_text
from cafcass_kg.loaders import load_text
from cafcass_kg.loaders import records as r
from cafcass_kg.ingest import read_bytes

from cafcass_kg.errors import DocumentError
from cafcass_kg.resources import corpus_dir

from .facts import facts, misplaced_evidence
from .render_pdf import (
    Layout,
    filler_report,
    image_only_pdf,
    ofsted_layout,
    press_release_layout,
    render,
    unicode_font_available,
)

CORPUS = sorted(corpus_dir().glob("*.txt"))
REPORT = next(p for p in CORPUS if "Record of main findings" in p.read_text(encoding="utf-8"))
RELEASES = [p for p in CORPUS if p != REPORT]


def _layout(text: str, **options) -> Layout:
    return ofsted_layout(text, **options) if "Record of main findings" in text else press_release_layout(text, **options)


def _same_facts(path: Path, **options) -> None:
    text = path.read_text(encoding="utf-8")
    pdf = render(text, _layout(text, **options))
    from_pdf = load_text(path.stem + ".pdf", pdf)
    from_text = load_text(path.name, text.encode("utf-8"))
    assert facts(from_pdf) == facts(from_text), {"only in the PDF": facts(from_pdf) - facts(from_text),
                                                 "only in the text": facts(from_text) - facts(from_pdf)}
    assert misplaced_evidence(from_pdf) == []
    assert from_pdf.extracted.media_type == "application/pdf"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_corpus_document_as_pdf_gives_the_same_facts(path):
    _same_facts(path)


@pytest.mark.skipif(not unicode_font_available(), reason="ligature glyphs need a Unicode font (fonts-dejavu-core)")
@pytest.mark.parametrize("path", [REPORT, RELEASES[0]], ids=lambda p: p.name[:3])
def test_same_facts_with_ligatures_and_words_hyphenated_at_line_ends(path):
    _same_facts(path, ligatures=True, hyphenate=True)


@pytest.mark.parametrize("path", RELEASES[1::2], ids=lambda p: p.name[:3])
def test_same_facts_from_a_two_column_press_release(path):
    _same_facts(path, two_columns=True)


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    text = REPORT.read_text(encoding="utf-8")
    return render(text, ofsted_layout(text))


@pytest.fixture(scope="module")
def report(report_pdf):
    return load_text("report.pdf", report_pdf)


def test_page_starts_send_each_fact_to_the_page_that_prints_it(report, report_pdf):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(report_pdf)
    printed = [_words(page.get_textpage().get_text_range()) for page in document]
    starts = report.extracted.page_starts
    assert len(starts) == len(printed) and starts[0] == 0 and list(starts) == sorted(starts)
    judgements = [rec for rec in report.parsed.records if isinstance(rec, r.Judgement)]
    assert judgements
    for rec in judgements:
        start, end = rec.evidence
        page = report.extracted.page_of(start)
        assert _words(report.text[start:end]) in printed[page - 1], (rec, page)
    later = [rec for rec in judgements if report.extracted.page_of(rec.evidence[0]) >= 3]
    assert later, "the report's judgements are printed beyond page 2"


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\ufffe", "-")).strip()


def test_running_header_footer_and_page_numbers_are_dropped(report):
    text = report.text
    assert "Page " not in text and not re.search(r"^\d+$", text, re.MULTILINE)
    title = REPORT.read_text(encoding="utf-8").strip().splitlines()[0]
    assert _words(text).count(title) == 1  # on the cover, not as every page's header


def test_record_of_main_findings_rows_are_one_line_each_with_tab_separated_cells(report):
    assert "\nOverall effectiveness\tSatisfactory\n" in report.text
    assert "\nAssessment, intervention and direct work with children\tSatisfactory\n" in report.text


def test_title_comes_from_the_pdf_metadata(report):
    assert report.extracted.title == REPORT.read_text(encoding="utf-8").strip().splitlines()[0]
    assert report.extracted.extractor == "pypdfium2" and report.extracted.extractor_version != "unknown"


def test_numbered_paragraphs_start_with_their_number(report):
    assert re.search(r"^12\. Business planning", report.text, re.MULTILINE)


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
COLUMNS = "\n\n".join(
    f"- {n}. Paragraph {n} of the column text says that the service area met its target for month {n} "
    f"and that the managers reviewed every case allocated in {_MONTHS[n % 12]} with {n + 2} practitioners." for n in range(1, 21)
)


def test_two_columns_drawn_across_the_page_are_read_column_by_column():
    pdf = render("TWO COLUMN NOTICE\n\n" + COLUMNS, Layout(two_columns=True, footer="number"))
    text = read_bytes("columns.pdf", pdf).extracted.text
    order = [int(n) for n in re.findall(r"Paragraph (\d+) of", text)]
    assert order == list(range(1, 21))
    assert re.search(r"met its target for\s+month 7\s+and that", text)


def test_a_word_hyphenated_at_a_line_end_is_rejoined():
    words = "notwithstanding extraordinarily comprehensive reorganisation responsibilities"
    body = " ".join([f"Sentence {n}{'a' * n} repeats {words}." for n in range(12)])
    pdf = render(f"Heading\n\n{body}\n\nA well-known compound and another well-known compound.", Layout(hyphenate=True))
    import pypdfium2 as pdfium

    printed = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "\ufffe" in printed or re.search(r"[a-z]-\r?\n", printed), "the fixture split no word at a line end"
    text = read_bytes("hyphen.pdf", pdf).extracted.text
    assert _words(text).count(words) == 12
    assert "\ufffe" not in text and not re.search(r"[a-z]-\n", text)


@pytest.mark.skipif(not unicode_font_available(), reason="ligature glyphs need a Unicode font (fonts-dejavu-core)")
def test_ligatures_become_letters():
    pdf = render("Heading\n\nThe office found the financial conflict was offset by efficient staff.", Layout(ligatures=True))
    text = read_bytes("ligatures.pdf", pdf).extracted.text
    assert "The office found the financial conflict was offset by efficient staff." in text
    assert not re.search("[\ufb00-\ufb06]", text)


def test_an_encrypted_pdf_is_refused_with_the_reason():
    text = RELEASES[0].read_text(encoding="utf-8")
    pdf = render(text, press_release_layout(text, user_password="secret"))
    with pytest.raises(DocumentError, match="the PDF is encrypted: it cannot be opened without its password"):
        load_text("locked.pdf", pdf)


def test_an_image_only_pdf_is_refused_until_ocr():
    with pytest.raises(DocumentError, match="no text layer: run OCR first"):
        load_text("scan.pdf", image_only_pdf(2))


@pytest.mark.parametrize("damage", ["truncated", "garbled"])
def test_a_damaged_pdf_is_refused_with_a_message(report_pdf, damage):
    data = report_pdf[: len(report_pdf) // 2] if damage == "truncated" else b"%PDF-1.7\n" + b"\x8f not a pdf body " * 50 + b"\n%%EOF\n"
    with pytest.raises(DocumentError, match="the PDF is damaged"):
        load_text("broken.pdf", data)


def test_looks_like_sniffs_the_header_not_the_name():
    assert pdf_text.looks_like(b"%PDF-1.4\n...")
    assert not pdf_text.looks_like(b"Plain text" + b" " * 2000 + b"that mentions %PDF- late")


def _repeated(pdf: bytes, pages: int) -> bytes:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        out.import_pages(source, list(range(min(len(source), pages - len(out)))))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def test_extraction_time_grows_in_proportion_to_pages():
    base = render(filler_report(10), ofsted_layout("Ofsted's inspection of Cafcass: filler"))
    small, large = _repeated(base, 40), _repeated(base, 200)

    def seconds(data: bytes) -> float:
        best = float("inf")
        for _ in range(2):
            began = time.perf_counter()
            pdf_text.extract("long.pdf", data)
            best = min(best, time.perf_counter() - began)
        return best

    ratio = seconds(large) / seconds(small)
    assert ratio < 8, f"200 pages took {ratio:.1f} times as long as 40 (5 would be proportional)"
