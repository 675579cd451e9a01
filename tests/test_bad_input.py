"""Bad documents are reported with the file and the reason; the rest of a batch still loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cafcass_kg.cli import main
from cafcass_kg.errors import DocumentError
from cafcass_kg.loaders import load_text

from .conftest import CORPUS, corpus_file


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40, "binary"),
        ("Cafcass press release caf\u00e9 ".encode("latin-1") * 30, "not UTF-8: byte 0xe9 at line 1"),
        (b"Minutes of the parish council meeting held on Tuesday. " * 10, "unknown genre"),
    ],
)
def test_bad_documents_are_named_and_explained(data, reason):
    with pytest.raises(DocumentError) as info:
        load_text("bad.txt", data)
    assert str(info.value).startswith("bad.txt")
    assert reason in str(info.value)


def test_truncated_report_is_reported():
    text = corpus_file("004").read_text(encoding="utf-8")
    cut = text[: text.index("Ambition and prioritisation\n\nGrade")]
    with pytest.raises(DocumentError, match="truncated"):
        load_text("cut.txt", cut.encode())


def test_batch_with_bad_documents_still_loads_the_good_ones(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    (docs / "empty.txt").write_bytes(b"")
    (docs / "latin1.txt").write_bytes("Cafcass caf\u00e9".encode("latin-1"))
    out = tmp_path / "out.trig"
    result = CliRunner().invoke(main, ["build", str(docs), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "5 documents loaded, 2 skipped" in result.stderr
    assert "empty.txt: the file is empty" in result.stderr
    assert "latin1.txt: the file is not UTF-8" in result.stderr
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


def test_missing_input_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such file or folder" in result.stderr


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
