"""Which library reads the project's PDFs best: the comparison that chose the PDF reader.

    .venv/bin/python benchmarks/compare_pdf_readers.py [--pages 100] [--repeats 3]

Each candidate's own text extraction is run side by side, in this one run, on fixture PDFs typeset
by tests/render_pdf.py: an Ofsted report (running header, "Page N of M" footers, numbered
paragraphs, the "Record of main findings" table), the same with ligature glyphs and words
hyphenated at line ends, a two-column page whose lines are drawn across the page, and a long report
for speed and memory. The project's reader (loaders/pdf_text.py, on pypdfium2) is measured too.

Only pypdfium2 is a dependency of the project. The others are installed just for this script:

    .venv/bin/pip install pypdf==7.1.0 pdfplumber==0.11.10 pdfminer.six==20260107

Speed is the median of --repeats runs; peak memory is the peak resident set of a fresh process that
imports the library and reads the long report once, and how much reading added to the peak after
the import (PDFium allocates outside Python, so tracemalloc would not see it).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import itertools  # noqa: E402

from tests.render_pdf import Layout, filler_report, ofsted_layout, render  # noqa: E402

LIBRARIES = ("pypdfium2", "pypdf", "pdfplumber", "pdfminer.six", "project reader")
LONG_WORDS = "notwithstanding extraordinarily comprehensive reorganisation responsibilities"


# --- Each library's own text extraction, page by page ---------------------------------------------


def pages_pypdfium2(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    return [page.get_textpage().get_text_range() for page in document]


def pages_pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pages_pdfplumber(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages]


def pages_pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).split("\f")


def pages_project(data: bytes) -> list[str]:
    from cafcass_kg.ingest import pdf as pdf_text

    extracted = pdf_text.extract("fixture.pdf", data)
    bounds = [*extracted.page_starts, len(extracted.text)]
    return [extracted.text[a:b] for a, b in itertools.pairwise(bounds)]


READERS = {"pypdfium2": pages_pypdfium2, "pypdf": pages_pypdf, "pdfplumber": pages_pdfplumber,
           "pdfminer.six": pages_pdfminer, "project reader": pages_project}


# --- Fixtures --------------------------------------------------------------------------------------


def fixtures(long_pages: int) -> dict[str, bytes]:
    report = next(p for p in sorted((ROOT / "corpus").glob("*.txt")) if "Record of main findings" in p.read_text(encoding="utf-8"))
    text = report.read_text(encoding="utf-8")
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    columns = "\n\n".join(f"- {n}. Paragraph {n} says that the area met its target for {months[n % 12]} and that managers "
                          f"reviewed every case allocated that month with {n + 2} practitioners." for n in range(1, 21))
    hyphenated = " ".join(f"Sentence {n}{'a' * n} repeats {LONG_WORDS}." for n in range(12))
    return {
        "report": render(text, ofsted_layout(text)),
        "report, ligatures": render(text, ofsted_layout(text, ligatures=True)),
        "hyphenated": render(f"Heading\n\n{hyphenated}", Layout(hyphenate=True)),
        "two columns": render("TWO COLUMN NOTICE\n\n" + columns, Layout(two_columns=True, footer="number")),
        "long": _repeated(render(filler_report(10), ofsted_layout("Ofsted's inspection of Cafcass: filler")), long_pages),
    }


def _repeated(pdf: bytes, pages: int) -> bytes:
    import pypdfium2 as pdfium

    source, out = pdfium.PdfDocument(pdf), pdfium.PdfDocument.new()
    while len(out) < pages:
        out.import_pages(source, list(range(min(len(source), pages - len(out)))))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# --- What each output gets right -------------------------------------------------------------------


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def quality(reader, docs: dict[str, bytes]) -> dict[str, str]:
    report = reader(docs["report"])
    whole = "\n".join(report)
    ligatures = "\n".join(reader(docs["report, ligatures"]))
    hyphenated = _flat("\n".join(reader(docs["hyphenated"])))
    columns = "\n".join(reader(docs["two columns"]))
    order = [int(n) for n in re.findall(r"Paragraph (\d+) says", columns)]
    return {
        "table row on one line": _yes(re.search(r"^Overall effectiveness[ \t]+Satisfactory\s*$", whole, re.MULTILINE)),
        "cells tab-separated": _yes(re.search(r"^Overall effectiveness\tSatisfactory$", whole, re.MULTILINE)),
        "two-column order": _yes(order == list(range(1, 21))),
        "hyphen-split words whole": f"{hyphenated.count(LONG_WORDS)}/12",
        "ligatures as letters": _yes(not re.search("[\ufb00-\ufb06]", ligatures) and "financial" in ligatures),
        "page footers left": str(sum(1 for page in report if re.search(r"Page \d+ of \d+", page))),
        "running headers left": str(max(0, sum(page.count("Ofsted's inspection of Cafcass: Coventry") for page in report) - 1)),
    }


def _yes(value) -> str:
    return "yes" if value else "no"


# --- Speed and memory --------------------------------------------------------------------------------


def pages_per_second(reader, data: bytes, pages: int, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        reader(data)
        times.append(time.perf_counter() - began)
    return pages / statistics.median(times)


def peak_memory_mib(library: str, path: Path) -> tuple[float, float]:
    """Peak resident set of a fresh process that reads the file, and its growth while reading (MiB)."""
    warm = {"pypdfium2": "import pypdfium2", "pypdf": "import pypdf", "pdfplumber": "import pdfplumber",
            "pdfminer.six": "import pdfminer.high_level", "project reader": "import cafcass_kg.ingest.pdf"}
    import inspect

    # The reader's own source, not this module: importing the fixture maker would raise the baseline.
    reader = READERS[library]
    code = (
        f"import io, itertools, json, re, sys\nsys.path.insert(0, {str(ROOT)!r})\n{warm[library]}\n"
        # VmHWM, not ru_maxrss: after fork and exec, Linux reports the parent's peak in ru_maxrss.
        "def peak():\n    return int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        f"{inspect.getsource(reader)}\n"
        f"data = open({str(path)!r}, 'rb').read()\n"
        "before = peak()\n"
        f"{reader.__name__}(data)\n"
        "after = peak()\n"
        "print(json.dumps([after / 1024, (after - before) / 1024]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    peak, growth = json.loads(out.stdout.strip().splitlines()[-1])
    return peak, growth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="pages of the long report (speed and memory)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    docs = fixtures(args.pages)
    long_path = Path("/tmp") / f"compare-pdf-readers-{args.pages}.pdf"
    long_path.write_bytes(docs["long"])
    rows = {}
    for library in LIBRARIES:
        try:
            reader = READERS[library]
            row = quality(reader, docs)
            row["pages/s"] = f"{pages_per_second(reader, docs['long'], args.pages, args.repeats):.0f}"
            peak, growth = peak_memory_mib(library, long_path)
            row["peak RSS MiB (+reading)"] = f"{peak:.0f} (+{growth:.1f})"
        except ImportError as exc:
            row = {"error": f"not installed ({exc.name})"}
        rows[library] = row
    long_path.unlink()
    checks = list(next(r for r in rows.values() if "error" not in r))
    width = max(len(c) for c in checks) + 2
    print(f"{'':{width}}" + "".join(f"{name:>16}" for name in rows))
    for check in checks:
        print(f"{check:{width}}" + "".join(f"{row.get(check, row.get('error', '')):>16}" for row in rows.values()))
    print(f"\n(long report: {args.pages} pages; speed the median of {args.repeats} runs)")


if __name__ == "__main__":
    main()
