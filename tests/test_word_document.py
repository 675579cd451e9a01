"""Word documents: Cafcass issued press releases as .docx. A corpus document written as a Word file
(paragraphs, and its tab-separated rows as a table) reads into the facts of the text file."""

from __future__ import annotations

import io
import re

import docx
import pytest

from cafcass_kg.errors import DocumentError
from cafcass_kg.ingest import word as word_document
from cafcass_kg.loaders import load_text

from .conftest import CORPUS
from .facts import facts, misplaced_evidence

MARKUP = re.compile(r"<sup>|</sup>|\*\*|^#{1,6}\s+|\]\([^)]*\)|\[|^- (?=\d+\.)", re.M)


def as_word(text: str, title: str | None = None) -> bytes:
    """Each paragraph of ``text`` a Word paragraph, each run of tab-separated rows a table."""
    document = docx.Document()
    if title:
        document.core_properties.title = title
    for block in re.split(r"\n\s*\n", MARKUP.sub("", text)):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all("\t" in line for line in lines):
            rows = [line.rstrip("\t").split("\t") for line in lines]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for row, cells in zip(table.rows, rows):
                for cell, value in zip(row.cells, cells):
                    cell.text = value.strip()
        else:
            for line in lines:
                document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_a_word_copy_states_the_facts_of_the_text(path):
    text = path.read_text(encoding="utf-8")
    from_text = load_text(path.name, text.encode())
    from_word = load_text(path.stem + ".docx", as_word(text, title="Press office copy"))
    assert from_word.extracted.media_type == word_document.MEDIA_TYPE
    assert from_word.extracted.extractor == "python-docx" and from_word.extracted.title == "Press office copy"
    assert facts(from_word) == facts(from_text)
    assert misplaced_evidence(from_word) == []


def test_a_damaged_word_file_is_refused_with_a_message():
    data = as_word(CORPUS.joinpath("001_7b9ec2b201002841.txt").read_text(encoding="utf-8"))
    broken = data.replace(b"word/document.xml", b"word/documenx.xml", 1)
    with pytest.raises(DocumentError, match="the Word document cannot be opened"):
        load_text("broken.docx", broken)
