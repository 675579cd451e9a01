"""Fixture maker: a document's text (the corpus's light markup) typeset as a PDF in the layout of the
real publications, so that the PDF reader is tested on what it will be given.

An Ofsted service-area report: A4, a cover page, the report title repeated as a running header on
every later page, "Page N of M" in the footer, numbered paragraphs with a hanging indent, bold
headings, and the "Record of main findings" as a ruled table with the grades in a right column. A
press release: a capitals headline, a date line, body paragraphs, "ends" and notes to editors, and
a page number in the footer. Markup read: "## heading", "**bold**", "*italic*", "<sup>th</sup>",
"[link](#)", "- item" (indented for a sub-item), "- 12. numbered paragraph", tab-separated table
rows, and three or more blank lines for a page break.

Options make the hard cases: ligature glyphs, soft hyphens that split long words at line ends, a
two-column layout whose lines are drawn across the page (left, right, left, ...) rather than column
by column, a password, an image-only page, and any number of pages of filler.

DejaVu Sans (Debian's fonts-dejavu-core) is used when installed; without it the PDF falls back to
the core Helvetica font, whose text must be Latin-1: ligatures are then not available.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf", "BI": "DejaVuSans-BoldOblique.ttf"}

MARGIN = 20.0  # mm
BODY_SIZE = 11.0  # pt
LINE_HEIGHT = 5.6  # mm
PARAGRAPH_GAP = 3.5  # mm
HANGING_INDENT = 10.0  # mm, for paragraph numbers and bullets

LIGATURES = {"ffi": "\ufb03", "ffl": "\ufb04", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}
# Core fonts take Latin-1 only: typographic punctuation is mapped to its plain form.
LATIN1_MAP = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-", "…": "..."})


def unicode_font_available() -> bool:
    return all((FONT_DIR / f).is_file() for f in FONT_FILES.values())


# --- Reading the markup -------------------------------------------------------------------------


@dataclass
class Item:
    """One block to typeset."""

    kind: str  # "heading", "title", "para", "numbered", "bullet", "table", "continuation", "page-break"
    text: str = ""
    number: str | None = None
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    size: float = BODY_SIZE


_BULLET_LINE = re.compile(r"^(?P<indent>[ \t]*)[-*•][ \t]+(?P<rest>.*)$")
_NUMBER = re.compile(r"^(?P<n>\d{1,3})\.[ \t]+(?P<rest>.*)$")
_HEADING_MARK = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.*)$")


def read_markup(text: str) -> list[Item]:
    """The blocks of a document written in the corpus's light markup."""
    items: list[Item] = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip("\n")):
        if not chunk.strip():
            # Blank lines beyond the one that ends a paragraph: the source's page break.
            if items and items[-1].kind != "page-break":
                items.append(Item("page-break"))
            continue
        lines = [line.rstrip(" ") for line in chunk.strip("\n").split("\n")]
        items += _read_chunk(lines, after_break=bool(items) and items[-1].kind == "page-break")
    return items


def _read_chunk(lines: list[str], after_break: bool) -> list[Item]:
    first = _plain(lines[0]).lstrip("-*• ")
    if after_break and first[:1].islower():
        # the rest of a paragraph that the source broke over a page
        text = "\n".join([_BULLET_LINE.sub(r"\g<rest>", lines[0]), *lines[1:]])
        return [Item("continuation", text)]
    if all("\t" in line for line in lines):
        return [Item("table", rows=[_cells(line) for line in lines])]
    if re.fullmatch(r"-\s*\w+\s*-", lines[0].strip()) and len(lines) == 1:
        return [Item("para", lines[0].strip())]  # "- ends -": a marker framed by dashes, not a list
    if any(_BULLET_LINE.match(line) or _NUMBER.match(line) for line in lines):
        return _list_items(lines)
    if len(lines) == 1:
        heading = _HEADING_MARK.match(lines[0])
        if heading:
            size = 15.0 if len(heading["hashes"]) <= 2 else 12.5
            return [Item("heading", heading["rest"], size=size)]
        if _looks_like_heading(lines[0]):
            title = lines[0].isupper() and len(lines[0]) > 20
            return [Item("heading", lines[0], size=15.0 if title else 12.5)]
    return [Item("para", "\n".join(lines))]


def _list_items(lines: list[str]) -> list[Item]:
    items: list[Item] = []
    for line in lines:
        bullet = _BULLET_LINE.match(line)
        rest = bullet["rest"] if bullet else line.strip()
        numbered = _NUMBER.match(rest)
        if numbered:
            items.append(Item("numbered", numbered["rest"], number=numbered["n"]))
        elif bullet:
            items.append(Item("bullet", rest, level=1 if len(bullet["indent"].expandtabs(4)) else 0))
        elif items:
            items[-1].text += "\n" + line.strip()
        else:
            items.append(Item("para", line))
    return items


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("\t")]
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return [_plain(c) for c in cells]


def _plain(text: str) -> str:
    return re.sub(r"\*\*|\*|</?sup>|\]\([^)]*\)|\[", "", text)


def _looks_like_heading(line: str) -> bool:
    plain = _plain(line).strip()
    return 0 < len(plain) <= 100 and plain[:1].isupper() and plain[-1] not in ".;,:" and "\t" not in line


# --- Inline runs: bold, italic, superscript ----------------------------------------------------


_RUN = re.compile(r"(\*\*|<sup>|</sup>|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|\[|\]\([^)]*\))")


def inline_runs(text: str) -> list[tuple[str, str, bool]]:
    """(text, style, superscript) runs of a paragraph's markup."""
    runs: list[tuple[str, str, bool]] = []
    bold = italic = sup = False
    for part in _RUN.split(text):
        if part == "**":
            bold = not bold
        elif part == "*":
            italic = not italic
        elif part == "<sup>":
            sup = True
        elif part == "</sup>":
            sup = False
        elif part == "[" or part.startswith("]("):
            continue
        elif part:
            runs.append((part, ("B" if bold else "") + ("I" if italic else ""), sup))
    return runs


# --- Typesetting ---------------------------------------------------------------------------------


@dataclass
class Layout:
    """How a document is typeset."""

    running_header: str | None = None  # on every page after the first
    footer: str = "page-of"  # "page-of" ("Page 3 of 12"), "number" ("3") or "none"
    ligatures: bool = False
    hyphenate: bool = False  # soft hyphens in long words: fpdf2 breaks there and prints "-"
    two_columns: bool = False
    title: str | None = None  # the PDF's /Title
    user_password: str | None = None


class _Document(FPDF):
    def __init__(self, layout: Layout):
        super().__init__(format="A4", unit="mm")
        self.layout = layout
        self.unicode = unicode_font_available()
        if self.unicode:
            for style, file in FONT_FILES.items():
                self.add_font("body", style, str(FONT_DIR / file))
        self.family = "body" if self.unicode else "helvetica"
        self.set_margins(MARGIN, 27, MARGIN)
        self.set_auto_page_break(True, margin=25)
        self.alias_nb_pages()
        self.c_margin = 0  # cells start at the margin, as text in a word processor does

    def header(self) -> None:
        if self.page_no() > 1 and self.layout.running_header:
            self.set_font(self.family, "", 8.5)
            self.set_text_color(90)
            self.set_xy(MARGIN, 12)
            self.cell(0, 4, self.prepared(self.layout.running_header))
            self.set_text_color(0)
            self.set_xy(MARGIN, 27)

    def footer(self) -> None:
        if self.layout.footer == "none":
            return
        self.set_font(self.family, "", 9)
        self.set_xy(MARGIN, -15)
        label = f"Page {self.page_no()} of {{nb}}" if self.layout.footer == "page-of" else str(self.page_no())
        self.cell(0, 4, label, align="R" if self.layout.footer == "page-of" else "C")

    def prepared(self, text: str) -> str:
        """Text as this document's font can show it."""
        if self.unicode:
            return text
        return text.translate(LATIN1_MAP).encode("latin-1", "replace").decode("latin-1")

    def styled(self, text: str) -> str:
        text = self.prepared(text)
        if self.layout.ligatures and self.unicode:
            text = re.sub("ffi|ffl|ff|fi|fl", lambda m: LIGATURES[m.group()], text)
        if self.layout.hyphenate:
            text = re.sub(r"[A-Za-z]{10,}", _with_soft_hyphen, text)
        return text


def _with_soft_hyphen(m: re.Match) -> str:
    word = m.group()
    cut = len(word) // 2
    return word[:cut] + "\u00ad" + word[cut:]


def render(text: str, layout: Layout | None = None) -> bytes:
    """The PDF of a document written in the corpus's markup."""
    layout = layout or Layout()
    pdf = _Document(layout)
    if layout.title:
        pdf.set_title(layout.title)
    if layout.user_password:
        pdf.set_encryption(owner_password=layout.user_password + "-owner", user_password=layout.user_password)
    pdf.add_page()
    items = read_markup(text)
    if layout.two_columns:
        _two_columns(pdf, items)
    else:
        for previous, item in zip([None, *items], items):
            _typeset(pdf, item, previous)
    return bytes(pdf.output())


def _typeset(pdf: _Document, item: Item, previous: Item | None) -> None:
    if item.kind == "page-break":
        # The source's page break; a few lines at the top of a page are spacing, not a page.
        if pdf.get_y() > pdf.t_margin + 0.15 * (pdf.h - pdf.t_margin - pdf.b_margin):
            pdf.add_page()
        else:
            pdf.ln(2 * PARAGRAPH_GAP)
    elif item.kind == "heading":
        if pdf.get_y() > pdf.t_margin + 1:
            pdf.ln(2)
        pdf.set_font(pdf.family, "B", item.size)
        pdf.multi_cell(0, item.size * 0.5, pdf.styled(_plain(item.text)), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(PARAGRAPH_GAP)
    elif item.kind == "table":
        _table(pdf, item.rows)
        pdf.ln(PARAGRAPH_GAP)
    elif item.kind == "numbered":
        _hanging(pdf, f"{item.number}.", item.text, 0)
    elif item.kind == "bullet":
        _hanging(pdf, "•" if pdf.unicode else "-", item.text, item.level * HANGING_INDENT)
    else:
        # a continuation keeps the indent of the paragraph it continues
        indent = HANGING_INDENT if item.kind == "continuation" and previous and previous.kind == "page-break" else 0
        _paragraph(pdf, item.text, indent)


def _paragraph(pdf: _Document, text: str, indent: float) -> None:
    pdf.set_left_margin(MARGIN + indent)
    pdf.set_x(MARGIN + indent)
    _write_runs(pdf, text)
    pdf.set_left_margin(MARGIN)
    pdf.ln(LINE_HEIGHT + PARAGRAPH_GAP)


def _hanging(pdf: _Document, marker: str, text: str, indent: float) -> None:
    pdf.set_font(pdf.family, "", BODY_SIZE)
    if pdf.will_page_break(LINE_HEIGHT):
        pdf.add_page()
    pdf.set_x(MARGIN + indent)
    pdf.cell(HANGING_INDENT, LINE_HEIGHT, pdf.prepared(marker))
    pdf.set_left_margin(MARGIN + indent + HANGING_INDENT)
    _write_runs(pdf, text)
    pdf.set_left_margin(MARGIN)
    pdf.ln(LINE_HEIGHT + PARAGRAPH_GAP)


def _write_runs(pdf: _Document, text: str) -> None:
    for run, style, sup in inline_runs(text):
        pdf.set_font(pdf.family, style, BODY_SIZE)
        pdf.char_vpos = "SUP" if sup else "LINE"
        pdf.write(LINE_HEIGHT, pdf.styled(run))
    pdf.char_vpos = "LINE"


def _table(pdf: _Document, rows: list[list[str]]) -> None:
    columns = max(len(r) for r in rows)
    ruled = not all(r[-1].replace(" ", "").isdigit() for r in rows if len(r) > 1)  # a contents list is not ruled
    widths = (3, 1) if columns == 2 else tuple([3] + [1] * (columns - 1))
    pdf.set_font(pdf.family, "", BODY_SIZE - 1)
    with pdf.table(col_widths=widths, first_row_as_headings=False, text_align="LEFT", line_height=5,
                   borders_layout="ALL" if ruled else "NONE", padding=(1.5, 2) if ruled else (0.5, 0),
                   width=pdf.epw) as table:
        for cells in rows:
            row = table.row()
            for cell in cells + [""] * (columns - len(cells)):
                row.cell(pdf.prepared(cell))


# --- Two columns, drawn line by line across the page ----------------------------------------------


def _two_columns(pdf: _Document, items: list[Item]) -> None:
    """Fill the left column, then the right, page by page, but draw the lines across the page (left
    line, right line, ...) as some producers do: the content stream's order is not the reading order."""
    gutter = 8.0
    width = (pdf.epw - gutter) / 2
    lines = _column_lines(pdf, items, width)
    top, bottom = pdf.t_margin, pdf.h - pdf.b_margin
    pages: list[list[tuple[float, float, str, str, float]]] = [[]]
    column, y = 0, top
    for text, style, size, space_after in lines:
        height = LINE_HEIGHT * size / BODY_SIZE
        if y + height > bottom:
            column, y = column + 1, top
            if column == 2:
                pages.append([])
                column = 0
        if text:
            pages[-1].append((y, MARGIN + column * (width + gutter), text, style, size))
        y += height + space_after
    for number, placed in enumerate(pages):
        if number:
            pdf.add_page()
        for y, x, text, style, size in sorted(placed):
            pdf.set_font(pdf.family, style, size)
            pdf.set_xy(x, y)
            pdf.cell(width, LINE_HEIGHT, text)


def _column_lines(pdf: _Document, items: list[Item], width: float) -> list[tuple[str, str, float, float]]:
    lines: list[tuple[str, str, float, float]] = []
    for item in items:
        if item.kind in ("page-break", "table"):
            continue
        text = _plain(item.text)
        if item.kind == "numbered":
            text = f"{item.number}. {text}"
        elif item.kind == "bullet":
            text = f"{'•' if pdf.unicode else '-'} {text}"
        style, size = ("B", item.size) if item.kind == "heading" else ("", BODY_SIZE)
        pdf.set_font(pdf.family, style, size)
        wrapped = pdf.multi_cell(width, LINE_HEIGHT, pdf.styled(text), dry_run=True, output=MethodReturnValue.LINES)
        for i, line in enumerate(wrapped):
            lines.append((line, style, size, PARAGRAPH_GAP if i == len(wrapped) - 1 else 0.0))
    return lines


# --- Special files ----------------------------------------------------------------------------


def image_only_pdf(pages: int = 1) -> bytes:
    """A scan: each page one picture of text-like stripes, no text layer."""
    from PIL import Image, ImageDraw

    pdf = FPDF(format="A4", unit="mm")
    picture = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(picture)
    for y in range(60, 760, 24):
        draw.rectangle((50, y, 550 - (y * 7) % 120, y + 9), fill=40)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


_FILLER = (
    "The service area reviewed {n} cases in the quarter and allocated most of them within two working days of receipt.",
    "Managers hold monthly meetings with the local authorities to agree how cases that need an urgent response are passed on.",
    "Practitioners record their work with children promptly, and the records seen were clear about the decisions made and why.",
    "Supervision takes place regularly and its records show that managers challenge practice where the analysis is weak.",
)


def filler_report(pages: int, title: str = "Ofsted's inspection of Cafcass: a filler service area") -> str:
    """A report of about ``pages`` pages: headings and numbered paragraphs of ordinary prose."""
    parts = [title, ""]
    number = 1
    for page in range(pages):
        parts += [f"Section {page + 1}", ""]
        for i in range(5):
            sentences = " ".join(s.format(n=number * 3 + i) for s in _FILLER)
            parts += [f"- {number}. {sentences}", ""]
            number += 1
    return "\n".join(parts)


def ofsted_layout(text: str, **options) -> Layout:
    """The page furniture of an Ofsted service-area report: its title as the running header and
    "Page N of M" in the footer."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Layout(running_header=first, footer="page-of", title=first, **options)


def press_release_layout(text: str, **options) -> Layout:
    """A press release: a page number at the foot of each page, no running header."""
    return Layout(running_header=None, footer="number", **options)
