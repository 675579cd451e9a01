"""Bad documents are reported with the file and the reason; the rest of a batch still loads."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cafcass_kg.cli import main
from cafcass_kg.errors import DocumentError
from cafcass_kg.loaders import load_text
from cafcass_kg.loaders import records as r

from .conftest import CORPUS, corpus_file


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40, "binary"),
        (random.Random(3).randbytes(5000), "binary"),
        (b"Minutes of the parish council meeting held on Tuesday. " * 10, "not about Cafcass"),
        (b"Victoria sponge. Cream the butter and sugar, beat in the eggs, fold in the flour and bake. " * 5,
         "not about Cafcass"),
    ],
    ids=["empty", "blank", "png", "random-bytes", "other-body", "recipe"],
)
def test_bad_documents_are_named_and_explained(data, reason):
    with pytest.raises(DocumentError) as info:
        load_text("bad.txt", data)
    assert str(info.value).startswith("bad.txt")
    assert reason in str(info.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_text_in_any_common_encoding_loads_with_its_encoding_recorded(encoding):
    text = corpus_file("001").read_text(encoding="utf-8")
    if encoding in ("cp1252", "latin-1"):
        text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"') \
            if encoding == "latin-1" else text
        text += "\nCaf\u00e9 and cr\u00e8che staff were not interviewed.\n"
    doc = load_text("release.txt", text.encode(encoding))
    assert doc.text == text.lstrip("\ufeff")
    assert doc.extracted.encoding.replace("_", "-") in {
        "utf-8": {"utf-8"}, "utf-8-sig": {"utf-8"}, "utf-16": {"utf-16"},
        "cp1252": {"cp1252", "windows-1252"}, "latin-1": {"cp1252", "latin-1", "iso8859-1", "iso8859-15"},
    }[encoding]
    assert doc.source.byte_size == len(text.encode(encoding))


def test_a_truncated_report_loads_its_section_grades_with_a_warning():
    text = corpus_file("004").read_text(encoding="utf-8")
    cut = text[: text.index("Record of main findings\n\nCafcass service area")]
    doc = load_text("cut.txt", cut.encode())
    assert any("no Record of main findings: section grades only" in w for w in doc.warnings)
    stated = {j.stated_in for j in doc.parsed.of(r.Judgement)}
    assert "section" in stated and "record-of-main-findings" not in stated


def test_an_excerpt_that_starts_mid_page_still_gives_the_facts_it_states():
    text = corpus_file("004").read_text(encoding="utf-8")
    start = text.index("Cafcass consists of") - 40  # mid-sentence, as a copy of a later page begins
    doc = load_text("excerpt.txt", text[start: start + 3000].encode())
    assert doc.warnings, "an excerpt says what it lacks"
    counts = doc.parsed.of(r.ServiceAreaCount)
    assert [c.count for c in counts] == [17], "and yields what it states"


def test_a_document_about_cafcass_of_no_known_layout_loads_as_such():
    article = ("Family courts: new figures\n\n"
               "Cafcass, the Children and Family Court Advisory and Support Service, received 14,000 new "
               "care applications in 2023-24, a rise on the year before.\n\n"
               "The service said its family court advisers were working on more cases than ever.\n")
    doc = load_text("article.html.txt", article.encode())
    assert doc.parsed.genre == "document-about-cafcass"
    assert any("no known layout" in w for w in doc.warnings)


def test_batch_with_bad_documents_still_loads_the_good_ones(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    (docs / "empty.txt").write_bytes(b"")
    (docs / "noise.txt").write_bytes(random.Random(5).randbytes(3000))
    out = tmp_path / "out.trig"
    result = CliRunner().invoke(main, ["build", str(docs), str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "5 documents loaded, 3 skipped" in result.stderr
    assert "empty.txt: the file is empty" in result.stderr
    assert "noise.txt: the file is binary" in result.stderr
    assert "missing.txt: no such file or folder" in result.stderr
    assert "Traceback" not in result.output
    assert out.stat().st_size > 10_000


def test_nothing_loadable_leaves_the_old_graph_alone(tmp_path):
    out = tmp_path / "kg.trig"
    out.write_text("# an earlier graph\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "empty.txt"), "-o", str(out)])
    assert result.exit_code == 2
    assert "nothing to build" in result.stderr and "Traceback" not in result.output
    assert out.read_text() == "# an earlier graph\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_missing_input_alone_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "kg.trig")])
    assert result.exit_code == 2 and "nope: no such file or folder" in result.stderr
    assert not (tmp_path / "kg.trig").exists()


def test_malformed_query_and_graph_give_messages_not_tracebacks(tmp_path):
    bad_query = tmp_path / "bad.rq"
    bad_query.write_text("SELEC ?x WHERE {")
    graph = tmp_path / "g.trig"
    graph.write_text("<a> <b> .")
    runner = CliRunner()
    r1 = runner.invoke(main, ["query", str(bad_query), "--graph", str(graph)])
    assert r1.exit_code == 2 and "not valid TRIG" in r1.stderr
    good = tmp_path / "g.ttl"
    good.write_text("<http://x/a> <http://x/b> <http://x/c> .")
    r2 = runner.invoke(main, ["query", str(bad_query), "--graph", str(good)])
    assert r2.exit_code == 2 and "does not parse" in r2.stderr
    update = tmp_path / "u.rq"
    update.write_text("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    r3 = runner.invoke(main, ["query", str(update), "--graph", str(good)])
    assert r3.exit_code == 2 and "read-only" in r3.stderr


def _quads(store_folder: Path, query_file: Path) -> int:
    query_file.write_text("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    result = CliRunner().invoke(main, ["query", "--graph", str(store_folder), "--format", "csv", str(query_file)])
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.splitlines()[1])


def test_a_failed_rebuild_leaves_the_store_folder_as_it_was(tmp_path):
    """The store folder is built beside the old one and only then renamed into place."""
    store, query = tmp_path / "kg.oxigraph", tmp_path / "count.rq"
    first = CliRunner().invoke(main, ["build", "-q", "--no-validate", "-o", str(store)])
    assert first.exit_code == 0, first.stderr
    before = _quads(store, query)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "empty.txt").write_bytes(b"")
    again = CliRunner().invoke(main, ["build", str(tmp_path / "docs"), "-o", str(store)])
    assert again.exit_code == 2 and "nothing to build" in again.stderr
    assert _quads(store, query) == before > 5000
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no half-built folder left


def test_a_folder_that_is_not_a_store_is_a_clear_error(tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("ASK {}")
    (tmp_path / "notes").mkdir()
    result = CliRunner().invoke(main, ["query", "--graph", str(tmp_path / "notes"), str(query)])
    assert result.exit_code == 2 and "not a graph store written by 'cafcass-kg build'" in result.stderr
    assert "Traceback" not in result.output
