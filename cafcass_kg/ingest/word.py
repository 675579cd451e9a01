"""Word documents (.docx): paragraphs and table rows in document order, read by python-docx.

Cafcass issued press releases as Word files. A paragraph becomes a block of text (blank line
between), a table row one line with its cells separated by tabs, as the text layer expects."""

from __future__ import annotations

import io
import zipfile

from cafcass_kg.errors import DocumentError

from .extracted import ExtractedText, distribution_version

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def looks_like(data: bytes) -> bool:
    """A ZIP archive holding word/document.xml."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def extract(name: str, data: bytes) -> ExtractedText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise DocumentError(name, f"the Word document cannot be opened: {exc}") from None
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if text:
                blocks.append(text)
        elif isinstance(item, Table):
            rows = ["\t".join(cell.text.strip().replace("\n", " ") for cell in row.cells) for row in item.rows]
            blocks.append("\n".join(row for row in rows if row.strip()))
    title = (document.core_properties.title or "").strip() or None
    return ExtractedText(text="\n\n".join(blocks) + "\n", media_type=MEDIA_TYPE, extractor="python-docx",
                         extractor_version=distribution_version("python-docx"), title=title)
