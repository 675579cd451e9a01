"""A batch of any size with any number of workers: each bad document or path is named with its
reason, the rest load, and nothing hangs or shows a traceback; each document is read within a
time and a memory limit."""

from __future__ import annotations

import faulthandler
import os
import pickle
import re
import random
import signal
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from cafcass_kg import build as build_module
from cafcass_kg.build import build
from cafcass_kg.cli import main
from cafcass_kg.errors import DocumentError
from cafcass_kg import ingest as formats
from cafcass_kg.loaders import Limits

from .conftest import corpus_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate_corpus import generate  # noqa: E402

RECIPE = b"Lemon drizzle cake. Beat the butter with the sugar, add the eggs one at a time, then the flour. " * 6


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory) -> Path:
    """More documents than the size from which reading and mapping are shared among processes,
    with three bad ones among them."""
    folder = tmp_path_factory.mktemp("batch")
    generate(build_module.PARALLEL_FROM + 6, folder, seed=11)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.txt").write_bytes(random.Random(1).randbytes(4000))
    (folder / "recipe.txt").write_bytes(RECIPE)
    return folder


def test_a_document_error_survives_the_trip_back_from_a_worker():
    error = pickle.loads(pickle.dumps(DocumentError("a.pdf", "the PDF is encrypted", "page 2")))
    assert (error.document, error.reason, error.where, str(error)) == ("a.pdf", "the PDF is encrypted", "page 2",
                                                                       "a.pdf (page 2): the PDF is encrypted")


@pytest.mark.parametrize("workers", [1, 2])
def test_bad_documents_in_a_large_batch_are_named_and_the_rest_load(big_batch, workers):
    result = build([big_batch], workers=workers)
    reasons = {Path(e.document).name: e.reason for e in result.skipped}
    assert set(reasons) == {"empty.txt", "noise.txt", "recipe.txt"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["noise.txt"]
    assert "not about Cafcass" in reasons["recipe.txt"]
    assert len(result.loaded) == build_module.PARALLEL_FROM + 6


def test_the_command_exits_1_naming_each_bad_document_and_path(big_batch, tmp_path):
    out = tmp_path / "kg.trig"
    missing = tmp_path / "gone.pdf"
    result = CliRunner().invoke(main, ["build", "-q", "--no-validate", "--workers", "2", str(big_batch), str(missing),
                                       "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{build_module.PARALLEL_FROM + 6} documents loaded, 4 skipped" in result.stderr
    for name in ("empty.txt", "noise.txt", "recipe.txt", "gone.pdf: no such file or folder"):
        assert name in result.stderr
    assert "Traceback" not in result.output and out.exists()


def test_a_dangling_link_in_a_folder_is_a_named_skip(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "release.txt").write_bytes(corpus_file("001").read_bytes())
    (folder / "moved.pdf").symlink_to(tmp_path / "nowhere.pdf")
    result = build([folder])
    assert [Path(e.document).name for e in result.skipped] == ["moved.pdf"]
    assert "cannot be read" in result.skipped[0].reason and len(result.loaded) == 1


class _CrashingReader:
    """A reader that dies the way a native library does on a file it cannot handle."""

    MEDIA_TYPE = "application/x-crash"

    @staticmethod
    def looks_like(data: bytes) -> bool:
        return data.startswith(b"%CRASH")

    @staticmethod
    def extract(name: str, data: bytes):
        faulthandler.disable()  # the test runner's crash report would only be noise here
        os.kill(os.getpid(), signal.SIGSEGV)


def test_a_crashed_worker_costs_only_its_document(tmp_path, monkeypatch):
    readers = formats.readers()
    monkeypatch.setattr(formats, "readers", lambda: (_CrashingReader, *readers))  # inherited by forked workers
    for name in ("001", "002", "003"):
        (tmp_path / f"{name}.txt").write_bytes(corpus_file(name).read_bytes())
    (tmp_path / "damaged.pdf").write_bytes(b"%CRASH" + b"x" * 500)
    result = build([tmp_path], workers=2)
    assert len(result.loaded) == 3
    [error] = result.skipped
    assert error.document.endswith("damaged.pdf") and "SIGSEGV" in error.reason


def _long_report(megabytes: float) -> bytes:
    one = corpus_file("004").read_bytes()
    return one * max(1, int(megabytes * 1e6 / len(one)))


def test_a_document_over_the_time_limit_is_named_and_the_batch_goes_on(tmp_path):
    (tmp_path / "long.txt").write_bytes(_long_report(3))
    (tmp_path / "release.txt").write_bytes(corpus_file("001").read_bytes())
    result = build([tmp_path], workers=1, limits=Limits(seconds=0.5))
    assert [Path(d.name).name for d in result.loaded] == ["release.txt"]
    [error] = result.skipped
    assert error.document.endswith("long.txt") and "longer than the limit of 0.5 s" in error.reason


def _build_in_a_new_process(folder: Path, tmp_path: Path, *options: str) -> subprocess.CompletedProcess:
    """The command in a process of its own: a worker forked from this test process would inherit its
    heap, whose free space a document can use without growing the worker's address space."""
    return subprocess.run([sys.executable, "-m", "cafcass_kg.cli", "build", "-q", "--no-validate", *options, str(folder),
                           "-o", str(tmp_path / "kg.trig")], capture_output=True, text=True, timeout=300)


def test_a_document_over_the_memory_limit_is_named(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "long.txt").write_bytes(_long_report(2))  # about 160 MB to read
    (folder / "release.txt").write_bytes(corpus_file("001").read_bytes())
    result = _build_in_a_new_process(folder, tmp_path, "--memory-limit", "40")
    assert result.returncode == 1, result.stderr
    assert "1 document loaded, 1 skipped" in result.stderr
    assert re.search(r"long\.txt: .*memory limit of 40 MB", result.stderr) and "Traceback" not in result.stderr


@pytest.mark.parametrize("limits, message", [
    (Limits(file_bytes=1000), "the file is 4,605 bytes, over the limit of 1,000"),
    (Limits(text_characters=1000), "characters, over the limit of 1,000"),
])
def test_size_limits_refuse_with_the_size_and_the_limit(tmp_path, limits, message):
    path = tmp_path / "release.txt"
    path.write_bytes(corpus_file("001").read_bytes())
    result = build([path], limits=limits)
    assert not result.loaded and message in result.skipped[0].reason


# ---- hostile PDFs, written byte by byte (a PDF library would refuse to write some of them) ----------

def raw_pdf(contents: list[bytes], compressed: bool = False) -> bytes:
    """A PDF with one page per content stream, its text in Helvetica."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for i, content in enumerate(contents):
        page, stream = 4 + 2 * i, 5 + 2 * i
        kids.append(b"%d 0 R" % page)
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                         b"/Contents %d 0 R >>" % stream)
        deflated = b" /Filter /FlateDecode" if compressed else b""
        objects[stream] = b"<< /Length %d%s >>\nstream\n" % (len(content), deflated) + content + b"\nendstream"
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(contents)
    out, offsets = bytearray(b"%PDF-1.7\n"), {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size + b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _text_page(first: int) -> bytes:
    lines = (b"(%d. Cafcass family court advisers saw the children of the area within the week.) Tj T*" % n
             for n in range(first, first + 40))
    return b"BT /F1 11 Tf 72 770 Td 14 TL\n" + b"\n".join(lines) + b"\nET"


def _batch_with(tmp_path: Path, name: str, data: bytes) -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / name).write_bytes(data)
    (tmp_path / "release.txt").write_bytes(corpus_file("001").read_bytes())
    return tmp_path


def _only_skip(result, name: str) -> str:
    assert [Path(d.name).name for d in result.loaded] == ["release.txt"]
    [error] = result.skipped
    assert Path(error.document).name == name
    return error.reason


def test_a_pdf_of_500_pages_is_stopped_by_the_time_limit(tmp_path):
    pdf = raw_pdf([_text_page(40 * i + 1) for i in range(500)])
    result = build([_batch_with(tmp_path, "long.pdf", pdf)], workers=2, limits=Limits(seconds=0.5))
    assert "longer than the limit of 0.5 s" in _only_skip(result, "long.pdf")


def test_a_pdf_of_a_million_tiny_objects_is_stopped_by_a_limit(tmp_path):
    page = b"BT /F1 4 Tf\n" + b"".join(b"1 0 0 1 %d %d Tm (a) Tj\n" % (40 + 5 * (i % 100), 40 + 7 * (i // 100))
                                     for i in range(1000)) + b"ET"
    pdf = raw_pdf([zlib.compress(page)] * 1000, compressed=True)  # 1,000 pages of 1,000 text objects
    result = build([_batch_with(tmp_path, "tiny.pdf", pdf)], workers=2,
                   limits=Limits(seconds=2, memory_bytes=512 << 20))
    assert re.search(r"longer than the limit of 2 s|memory limit of 512 MB", _only_skip(result, "tiny.pdf"))


def test_a_decompression_bomb_is_stopped_by_the_memory_limit(tmp_path):
    deflate = zlib.compressobj(1)
    chunk = b" " * (16 << 20)
    bomb = b"".join([*(deflate.compress(chunk) for _ in range(32)), deflate.flush()])  # 512 MB from about 2 MB
    folder = _batch_with(tmp_path / "docs", "bomb.pdf", raw_pdf([bomb], compressed=True))
    result = _build_in_a_new_process(folder, tmp_path, "--memory-limit", "128")
    assert result.returncode == 1 and "1 document loaded, 1 skipped" in result.stderr, result.stderr
    assert re.search(r"bomb\.pdf: .*memory limit of 128 MB", result.stderr) and "Traceback" not in result.stderr


def test_a_pdf_cut_short_yields_the_pages_it_has_with_a_warning():
    from cafcass_kg.loaders import load_text

    pdf = raw_pdf([_text_page(40 * i + 1) for i in range(3)])
    cut = pdf[: pdf.rindex(b"xref")]  # a download that stopped before the file's index
    doc = load_text("cut.pdf", cut)
    assert any("cut short" in w for w in doc.warnings)
    assert len(doc.extracted.page_starts) == 3 and "100. Cafcass" in doc.text
