"""Web pages (HTML): the main content laid out like the project's plain-text documents, with the
page's title and publication date from its metadata.

A page is decoded (byte order mark, declared charset, else UTF-8, else detection: Windows-1252
pages exist), parsed by lxml, and stripped of its furniture: navigation, banners, cookie notices,
breadcrumbs, share links, bylines, image credits, comments, related and "most read" lists,
metadata lines and footers. Furniture is recognised by what the markup says an element is (its
tag, ARIA role, or the words of its class and id), never by the words a particular site uses.
The main content is then the page's article (or main region) and is laid out as the text layer
expects: the headline first, a blank line between blocks, list items on their own lines
(``- item``, ``12. numbered paragraph``), a table row on one line with its cells separated by
tabs. benchmarks/README.md ("Web pages: which library") compares this with readability, jusText and trafilatura.
"""

from __future__ import annotations

import codecs
import copy
import json
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from cafcass_kg.errors import DocumentError

from .extracted import ExtractedText, decode_plain_text, distribution_version

if TYPE_CHECKING:
    from lxml import etree

MEDIA_TYPE = "text/html"
MIN_CONTENT_CHARACTERS = 100  # of body text besides the headline: less is an empty shell or a login wall

_SNIFF = re.compile(rb"^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.DOTALL)

# --- sniffing and decoding ---------------------------------------------------------------------


def looks_like(data: bytes) -> bool:
    """A doctype or an <html>, <head> or <body> tag opening the file (after a BOM, whitespace and
    comments). Text that merely contains tags (``17<sup>th</sup>``) is not a web page."""
    head = data[:2048]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
        except UnicodeError:
            return False
    return bool(_SNIFF.match(head))


_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*(?P<cs>[\w.:-]+)|<\?xml[^>]*encoding\s*=\s*["'](?P<xcs>[\w.:-]+)""", re.IGNORECASE)
# What browsers actually decode these labels as (the WHATWG encoding standard).
_BROWSER_ENCODING = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                     "ascii": "cp1252", "windows-1252": "cp1252", "iso8859-1": "cp1252"}


def declared_encoding(data: bytes) -> str | None:
    """The charset the page declares in its first kilobytes, as a Python codec name."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    label = (m["cs"] or m["xcs"]).decode("ascii", errors="ignore").lower()
    label = _BROWSER_ENCODING.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_page(name: str, data: bytes) -> tuple[str, str]:
    """The page's text and the encoding it was read in: a byte order mark, then the declared
    charset, then what the bytes say (UTF-8, else detection, as for any text)."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = declared_encoding(data)
        if declared and not declared.startswith("utf-16"):  # a page read as bytes is never UTF-16 without a BOM
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                pass  # a wrong declaration is common: fall through to what the bytes say
    plain = decode_plain_text(name, data)
    return plain.text, plain.encoding or "utf-8"


def parse_page(name: str, text: str) -> etree._Element:
    # Imported when a page is read, not when the readers are listed: a worker under a tight
    # memory limit that reads a text file must not pay for lxml.
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(name, f"the web page cannot be parsed: {exc}") from None
    return tree


# --- metadata ----------------------------------------------------------------------------------

def _meta(tree: etree._Element, *keys: str) -> str | None:
    for key in keys:
        for el in tree.iterfind(".//meta"):
            if key in ((el.get("property") or "").lower(), (el.get("name") or "").lower(), (el.get("itemprop") or "").lower()):
                value = (el.get("content") or "").strip()
                if value:
                    return value
    return None


def json_ld(tree: etree._Element) -> list[dict]:
    """The page's JSON-LD objects (a @graph flattened), ignoring any that do not parse."""
    found: list[dict] = []
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            value = json.loads(script.text or "")
        except ValueError:
            continue
        stack = value if isinstance(value, list) else [value]
        for item in stack:
            if isinstance(item, dict):
                found.append(item)
                found += [g for g in item.get("@graph", []) if isinstance(g, dict)]
    return found


_SITE_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,40}$")


def page_title(tree: etree._Element) -> str | None:
    """The page's own title: og:title or JSON-LD headline, else <title> less its site name."""
    title = _meta(tree, "og:title", "twitter:title", "dc.title")
    if not title:
        title = next((str(o["headline"]) for o in json_ld(tree) if o.get("headline")), None)
    if not title:
        el = tree.find(".//title")
        raw = _collapse(el.text_content()) if el is not None else ""
        title = _SITE_SUFFIX.sub("", raw) or None
    return _collapse(title) if title else None


_LONG_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b")


def iso_date(value: str) -> str | None:
    """An ISO date from an ISO timestamp or a "3 April 2024" date."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        m = _LONG_DATE.search(value)
        if m:
            return datetime.strptime(f"{m[1]} {m[2]} {m[3]}", "%d %B %Y").date().isoformat()
    except ValueError:
        return None
    return None


def page_published(tree: etree._Element) -> str | None:
    """When the page says it was first published: meta tags, JSON-LD, a <time> marked as the
    publication date, or a "Published 3 April 2024" metadata line (GOV.UK)."""
    candidates = [_meta(tree, "article:published_time", "og:published_time", "datepublished", "govuk:first-published-at",
                        "dc.date.issued", "dc.date", "date")]
    candidates += [str(o["datePublished"]) for o in json_ld(tree) if o.get("datePublished")]
    candidates += [t.get("datetime") or "" for t in tree.iterfind(".//time") if "published" in _words_of(t) or t.get("itemprop") == "datePublished"]
    candidates += [_labelled_date(tree)]
    candidates += [t.get("datetime") or "" for t in tree.iterfind(".//article//time")]
    for value in candidates:
        day = iso_date(value) if value else None
        if day:
            return day
    return _dated_element(tree)


def _dated_element(tree: etree._Element) -> str | None:
    """The day an element marked as a date shows ("<span class="date">Wednesday, April 3, 2024</span>"
    in a byline): the last resort, when no metadata dates the page."""
    from cafcass_kg.dates import parse_period

    for el in tree.iter("span", "div", "p", "time", "li"):
        if not {"date", "dateline", "posted", "pubdate"} & set(_words_of(el)):
            continue
        text = _collapse(el.text_content())
        period = parse_period(text) if len(text) < 60 else None
        if period is not None and period.kind == "day":
            return period.iso
    return None


def _labelled_date(tree: etree._Element) -> str | None:
    """A definition list or line that labels a date "Published"."""
    for dt in tree.iterfind(".//dt"):
        if _collapse(dt.text_content()).rstrip(":").lower() == "published":
            dd = dt.getnext()
            if dd is not None and dd.tag == "dd":
                return dd.text_content()
    for el in tree.iter("p", "div", "span", "dd", "li"):
        text = _collapse(el.text_content())
        if len(text) < 80:
            m = re.match(r"(?:First\s+)?Published:?\s+(.+)", text)
            if m and _LONG_DATE.search(m[1]):
                return m[1]
    return None


# --- furniture ---------------------------------------------------------------------------------

_DROPPED_TAGS = {"script", "style", "noscript", "template", "svg", "canvas", "form", "button", "input", "select", "textarea",
                 "label", "iframe", "object", "embed", "nav", "header", "footer", "aside", "figure", "img", "picture", "video",
                 "audio", "map", "dialog", "menu"}
_DROPPED_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "alert",
                  "menu", "menubar", "toolbar", "status", "form", "figure", "img", "note"}
# Words in a class or id that name furniture in the templates of news sites, CMSs and GOV.UK.
_FURNITURE_WORDS = {
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "skip", "skiplink", "masthead", "header", "footer",
    "sidebar", "widget", "banner", "cookie", "cookies", "consent", "gdpr", "share", "sharing", "social", "related",
    "comment", "comments", "discussion", "byline", "author", "authors", "credit", "credits", "caption", "meta", "metadata",
    "dateline", "posted", "published", "updated", "timestamp", "date", "dates", "history", "tags", "tag", "categories",
    "category", "cat", "newsletter", "subscribe", "subscription", "promo", "advert", "advertisement", "ad", "ads",
    "sponsored", "popular", "trending", "mostread", "most", "toolbar", "download", "downloads", "print", "feedback",
    "pagination", "pager", "helpline", "exit", "alert", "notice", "overlay", "modal", "popup", "login", "signin",
    "paywall", "rating", "survey", "hidden", "visually", "sr", "screen", "disclaimer",
}
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")


def _words_of(el: etree._Element) -> set[str]:
    value = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return set(_WORD_SPLIT.split(value)) - {""}


def is_furniture(el: etree._Element) -> bool:
    """Does the markup say this element is page furniture rather than the document?"""
    if not isinstance(el.tag, str):
        return True  # comments and processing instructions
    if el.tag in _DROPPED_TAGS:
        return True
    if (el.get("role") or "").lower() in _DROPPED_ROLES:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true" or "display:none" in (el.get("style") or "").replace(" ", ""):
        return True
    return bool(_words_of(el) & _FURNITURE_WORDS)


def without_furniture(root: etree._Element) -> etree._Element:
    """``root`` with its furniture removed (in place), keeping the text that follows each."""
    for el in list(root.iter()):
        if el is root or el.getparent() is None:
            continue
        if is_furniture(el):
            _drop(el)
    return root


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if el.tail and el.tail.strip():
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def main_region(tree: etree._Element) -> etree._Element:
    """The element holding the document: the page's one <article>, else its main region, else
    the body."""
    body = tree.find(".//body")
    body = tree if body is None else body
    articles = [a for a in body.iter("article") if len(_collapse(a.text_content())) > MIN_CONTENT_CHARACTERS]
    outermost = [a for a in articles if not any(p.tag == "article" for p in a.iterancestors())]
    if len(outermost) == 1:
        return outermost[0]
    for el in body.iter():
        if el.tag == "main" or (el.get("role") or "").lower() == "main":
            return el
    return body


def headline_of(region: etree._Element, tree: etree._Element) -> str | None:
    """The document's headline: the first <h1> of its region, else of the page."""
    for scope in (region, tree):
        h1 = scope.find(".//h1")
        if h1 is not None:
            text = _collapse(h1.text_content())
            if text:
                return text
    return None


# --- layout ------------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "ul", "ol", "dl", "dt", "dd", "table", "pre",
               "h1", "h2", "h3", "h4", "h5", "h6", "hr", "address", "center", "li", "tr", "td", "th", "tbody", "thead",
               "tfoot", "body", "html", "figure", "details", "summary", "fieldset", "hgroup", "caption"}
_SPACES = re.compile(r"[ \t\r\n\f]+")


def _collapse(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def inline_text(el: etree._Element, skip_lists: bool = False) -> str:
    """The text of an element as a reader sees it: whitespace collapsed, <br> a line break."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(_SPACES.sub(" ", node.text))
        for child in node:
            if not isinstance(child.tag, str):
                pass
            elif child.tag == "br":
                parts.append("\n")
            elif skip_lists and child.tag in ("ul", "ol"):
                pass
            else:
                if child.tag in _BLOCK_TAGS and parts and not parts[-1].endswith((" ", "\n")):
                    parts.append(" ")
                walk(child)
            if child.tail:
                parts.append(_SPACES.sub(" ", child.tail))

    walk(el)
    lines = [line.strip(" ") for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def lay_out(region: etree._Element) -> list[str]:
    """The blocks of ``region`` in document order: paragraphs, headings, lists and tables."""
    blocks: list[str] = []
    _blocks_into(region, blocks)
    return [b for b in blocks if b.strip()]


def _blocks_into(el: etree._Element, blocks: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("ul", "ol"):
        blocks.append("\n".join(list_lines(el, 0)))
    elif tag == "table" and not _is_layout_table(el):
        blocks.append("\n".join(table_rows(el)))
    elif tag == "pre":
        blocks.append(el.text_content().strip("\n"))
    elif tag in ("hr",):
        return
    elif _has_block_children(el):
        _mixed_into(el, blocks)
    else:
        blocks.append(inline_text(el))


def _has_block_children(el: etree._Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el)


def _mixed_into(el: etree._Element, blocks: list[str]) -> None:
    """A container: its block children are blocks, runs of loose text and inline elements
    between them are paragraphs."""
    from lxml import etree

    run = etree.Element("p")
    run.text = el.text

    def flush() -> None:
        nonlocal run
        text = inline_text(run)
        if text:
            blocks.append(text)
        run = etree.Element("p")

    for child in list(el):
        if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
            flush()
            _blocks_into(child, blocks)
            run.text = child.tail
        else:
            run.append(copy.deepcopy(child))  # the copy carries the child's tail text with it
    flush()


def list_lines(el: etree._Element, depth: int) -> list[str]:
    """One line per item: "- item" in a bullet list, "N. item" in a numbered one (the number the
    page shows: the list's start, or an item's own value), nested lists indented."""
    lines: list[str] = []
    number = _int(el.get("start"), 1)
    for li in el:
        if not isinstance(li.tag, str) or li.tag != "li":
            continue
        number = _int(li.get("value"), number)
        marker = f"{number}." if el.tag == "ol" else "-"
        text = " ".join(inline_text(li, skip_lists=True).split("\n"))
        if text:
            lines.append(f"{'  ' * depth}{marker} {text}")
        for nested in li.iter("ul", "ol"):
            if _nearest_list_item(nested) is li:
                lines += list_lines(nested, depth + 1)
        number += 1
    return lines


def _nearest_list_item(el: etree._Element) -> etree._Element | None:
    for ancestor in el.iterancestors():
        if ancestor.tag == "li":
            return ancestor
    return None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def table_rows(table: etree._Element) -> list[str]:
    """One line per row, cells separated by a tab, trailing empty cells dropped."""
    rows = []
    for tr in table.iter("tr"):
        if _nearest_table(tr) is not table:
            continue
        cells = [" ".join(inline_text(c).split("\n")) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append("\t".join(cells))
    return rows


def _nearest_table(el: etree._Element) -> etree._Element | None:
    return next((a for a in el.iterancestors() if a.tag == "table"), None)


def _is_layout_table(table: etree._Element) -> bool:
    """A table used to lay out a page (its cells hold paragraphs, lists or tables), not data."""
    return any(c.tag in ("p", "div", "table", "ul", "ol", "h1", "h2", "h3") for cell in table.iter("td", "th") for c in cell)


# --- the reader --------------------------------------------------------------------------------

def main_text(tree: etree._Element) -> tuple[str | None, list[str]]:
    """The headline and the blocks of the page's main content."""
    region = main_region(tree)
    headline = headline_of(region, tree)
    blocks = lay_out(without_furniture(region))
    return headline, headline_first(headline, blocks)


def headline_first(headline: str | None, blocks: list[str]) -> list[str]:
    if not headline:
        return blocks
    rest = [b for b in blocks if _collapse(b) != headline]
    return [headline, *rest]


def extract(name: str, data: bytes) -> ExtractedText:
    text, encoding = decode_page(name, data)
    tree = parse_page(name, text)
    title = page_title(tree)
    published = page_published(tree)
    headline, blocks = main_text(tree)
    body = blocks[1:] if headline else blocks
    if sum(len(b) for b in body) < MIN_CONTENT_CHARACTERS:
        raise DocumentError(name, "the web page has no main content: once its navigation, banners and other page "
                                  "furniture are set aside, nothing of a document is left (an empty page, or a login wall?)")
    return ExtractedText(text="\n\n".join(blocks) + "\n", media_type=MEDIA_TYPE, extractor="lxml",
                         extractor_version=distribution_version("lxml"), encoding=encoding,
                         title=title or headline, published=published)
