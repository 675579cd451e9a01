"""Fixture maker: a document's text (the corpus's light markdown) wrapped as a web page in the
style of a site that publishes such documents, with that site's furniture around it.

Three site styles: ``cafcass`` (the organisation's own WordPress news page), ``govuk`` (a
GOV.UK publication page) and ``trade_press`` (a trade-press article, with a document-viewer
panel of the kind document-hosting sites add). Every piece of furniture is invented for these
tests, and it names people (journalists, photographers, commenters, editors) who must never reach
the extracted text or the graph: ``FURNITURE_NAMES`` lists them and ``FURNITURE_PHRASES`` lists
furniture sentences that must not leak either.

The body markup is what each site's editor would produce: a blank-line-separated block becomes
a paragraph (its line breaks ``<br>``), a heading (``## ``), a list (``- `` lines, nested by
indentation; a numbered paragraph ``- 12.`` an ordered list item with that number) or a table
(tab-separated rows).
"""

from __future__ import annotations

import html
import json
import re
from datetime import date

STYLES = ("cafcass", "govuk", "trade_press")

# People named only in page furniture: none may reach the text or the graph.
FURNITURE_NAMES = (
    "Marcus Pellew",  # trade-press byline
    "Ines Hartigan",  # photographer credited under the picture
    "Dorothy Quarrell", "Tobias Wrenfield", "Ayesha Rothery",  # commenters
    "Greta Ollerton", "Felix Arbuthnot",  # named in "most read" headlines
    "Harriet Cobbold", "Rupert Saltash",  # page created by / last updated by
    "Owen Treadgold", "Priya Lockwood",  # named in Cafcass "Related news" headlines
    "Philippa Venn", "Conrad Maltby",  # named in GOV.UK related content
)

# Furniture sentences (one per kind of furniture) that must not leak into the text.
FURNITURE_PHRASES = (
    "Skip to main content",
    "We use some essential cookies",
    "If a child is in immediate danger",
    "Related news",
    "Share this page",
    "Cafcass National Office, 3rd Floor",
    "Is this page useful?",
    "Help us improve GOV.UK",
    "Related content",
    "See all updates",
    "All content is available under the Open Government Licence",
    "Most read",
    "Photograph:",
    "Comments (3)",
    "Page created by",
    "last updated by",
    "You are on page 1 of 38",
    "Download this document",
    "Subscribe to our newsletter",
    "Back to top",
    "Leave this site quickly",
    "Posted on",
    "senior reporter",
    "Independent report",
    "show all updates",
    "Added an accessible version of the report",
    "Print this page",
    "Report a problem with this page",
    "Leave a comment",
    "Contact the newsroom",
)

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+(?P<body>.*)$")
_NUMBER = re.compile(r"^(?P<n>\d{1,3})\.[ \t]+(?P<body>.*)$")
_DATE_LINE = re.compile(r"\d{4}")


# --- the document body -------------------------------------------------------------------------

def blocks_of(text: str) -> list[list[str]]:
    """The document's blocks: runs of non-blank lines."""
    blocks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip("\n"))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def headline_index(blocks: list[list[str]]) -> int:
    """The block a site would show as the page's headline: a markdown heading, else the first
    one-line block of four words or more that is not a sentence and carries no date."""
    for i, block in enumerate(blocks):
        if len(block) == 1 and _HEADING.match(block[0].strip()):
            return i
    for i, block in enumerate(blocks):
        line = block[0].strip()
        if len(block) == 1 and len(line.split()) >= 4 and not line.endswith(".") and not _DATE_LINE.search(line):
            return i
    return 0


def plain(line: str) -> str:
    """A line's words without the markdown (for a headline or a title)."""
    line = _HEADING.sub(r"\2", line.strip())
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    return re.sub(r"<sup>|</sup>|\*\*|\*", "", line).strip()


def inline(text: str) -> str:
    """Markdown inline markup as HTML: bold, emphasis, superscripts and links."""
    out = html.escape(text.strip(), quote=False)
    out = out.replace("&lt;sup&gt;", "<sup>").replace("&lt;/sup&gt;", "</sup>")
    out = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", lambda m: f'<a href="{html.escape(m[2] or "#")}">{m[1]}</a>', out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out, flags=re.DOTALL)
    out = re.sub(r"(?<!\w)\*(?=\S)(.+?)(?<=\S)\*(?!\w)", r"<em>\1</em>", out)
    return out


def paragraph_html(lines: list[str]) -> str:
    # Bold can run across the line breaks of one paragraph ("**For further ...\n... 796484**").
    joined = "\n".join(line.strip() for line in lines)
    body = inline(joined).replace("\n", "<br>\n")
    return f"<p>{body}</p>"


def table_html(lines: list[str]) -> str:
    rows = []
    for line in lines:
        cells = line.rstrip("\n").split("\t")
        rows.append("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in cells) + "</tr>")
    return '<table class="table">\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"


def list_html(lines: list[str]) -> str:
    """Nested lists from "- " lines by indentation; numbered items in an ordered list."""
    items = []
    for line in lines:
        m = _ITEM.match(line)
        indent = len(m["indent"].expandtabs(4)) if m else 0
        items.append((indent, m["body"] if m else line.strip()))
    return _list_level(items, 0, len(items))


def _list_level(items: list[tuple[int, str]], start: int, end: int) -> str:
    base = items[start][0]
    numbered = all(_NUMBER.match(body) for indent, body in items[start:end] if indent == base)
    tag = "ol" if numbered else "ul"
    parts = [f"<{tag}>"]
    i = start
    while i < end:
        _, body = items[i]
        j = i + 1
        while j < end and items[j][0] > base:
            j += 1
        number = _NUMBER.match(body) if numbered else None
        value = f' value="{number["n"]}"' if number else ""
        text = number["body"] if number else body
        nested = _list_level(items, i + 1, j) if j > i + 1 else ""
        parts.append(f"<li{value}>{inline(text)}{nested}</li>")
        i = j
    parts.append(f"</{tag}>")
    return "\n".join(parts)


def block_html(lines: list[str]) -> str:
    first = lines[0].strip()
    heading = _HEADING.match(first)
    if len(lines) == 1 and heading:
        level = min(len(heading[1]) + 1, 4)  # the page's own <h1> is the headline
        return f"<h{level}>{inline(heading[2])}</h{level}>"
    if all(_ITEM.match(line) for line in lines):
        return list_html(lines)
    if all("\t" in line for line in lines):
        return table_html(lines)
    return paragraph_html(lines)


def body_html(text: str) -> tuple[str, str]:
    """The headline (plain words) and the body HTML of everything else, in document order."""
    blocks = blocks_of(text)
    at = headline_index(blocks)
    headline = plain(blocks[at][0])
    rest = blocks[:at] + blocks[at + 1:]
    return headline, "\n".join(block_html(b) for b in rest)


# --- the site styles ---------------------------------------------------------------------------

def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _head(title: str, charset: str | None, extra: str) -> str:
    meta_charset = f'<meta charset="{charset}">\n' if charset else ""
    return (f"<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n{meta_charset}"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n{extra}\n"
            "<link rel=\"stylesheet\" href=\"/assets/site.css\">\n"
            "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>\n"
            "</head>\n")


def cafcass_page(headline: str, body: str, published: date, charset: str | None) -> str:
    iso = published.isoformat()
    head = _head(f"{headline} - Cafcass", charset,
                 f'<meta property="og:title" content="{html.escape(headline)}">\n'
                 '<meta property="og:site_name" content="Cafcass">\n'
                 '<meta property="og:type" content="article">\n'
                 f'<meta property="article:published_time" content="{iso}T09:30:00+00:00">\n'
                 f'<meta property="article:modified_time" content="{iso}T16:02:11+00:00">')
    return head + f"""<body class="post-template-default single single-post">
<a class="skip-link screen-reader-text" href="#content">Skip to main content</a>
<div class="cookie-notice" role="dialog" aria-label="Cookies on this website">
<p>We use some essential cookies to make this website work. We would also like to set analytics cookies to understand how you use the site.</p>
<button>Accept analytics cookies</button> <button>Reject analytics cookies</button> <a href="/cookies">View cookies</a>
</div>
<div class="helpline-banner">
<p><strong>If a child is in immediate danger</strong>, call the police on 999. Cafcass does not run a helpline or an emergency service.</p>
<a class="quick-exit" href="https://www.bbc.co.uk/weather">Leave this site quickly</a>
</div>
<header class="site-header">
<a class="logo" href="/"><img src="/logo.svg" alt="Cafcass - Children and Family Court Advisory and Support Service"></a>
<nav class="main-navigation" aria-label="Main menu">
<ul>
<li><a href="/grown-ups/">For grown-ups</a></li>
<li><a href="/children-and-young-people/">For children and young people</a></li>
<li><a href="/professionals/">For professionals</a></li>
<li><a href="/about-cafcass/">About Cafcass</a></li>
<li><a href="/news/">News</a></li>
<li><a href="/contact-us/">Contact us</a></li>
</ul>
</nav>
<form class="search-form" role="search"><label>Search this website <input type="search" name="s"></label><button>Search</button></form>
</header>
<nav class="breadcrumbs" aria-label="Breadcrumb">
<a href="/">Home</a> &gt; <a href="/about-cafcass/">About Cafcass</a> &gt; <a href="/news/">News</a> &gt; <span>{html.escape(headline)}</span>
</nav>
<main id="content" class="site-main">
<article class="post type-post status-publish format-standard hentry category-news">
<header class="entry-header">
<h1 class="entry-title">{html.escape(headline)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published" datetime="{iso}T09:30:00+00:00">{_long_date(published)}</time></span>
<span class="cat-links">in <a href="/category/news/" rel="category tag">News</a></span></div>
</header>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer">
<div class="share-links"><h2>Share this page</h2>
<ul><li><a href="https://twitter.com/intent/tweet">Share on X</a></li><li><a href="https://www.facebook.com/sharer">Share on Facebook</a></li>
<li><a href="https://www.linkedin.com/shareArticle">Share on LinkedIn</a></li><li><a href="mailto:?subject=Cafcass">Share by email</a></li></ul></div>
</footer>
</article>
<aside class="related-news" aria-labelledby="related-heading">
<h2 id="related-heading">Related news</h2>
<ul>
<li><a href="/news/1/">Cafcass welcomes Owen Treadgold as Head of Service for the South West</a> <time datetime="{published.year}-03-02">2 March {published.year}</time></li>
<li><a href="/news/2/">Priya Lockwood, Chief Executive of a partner charity, said the new guidance would help families</a></li>
<li><a href="/news/3/">Family Justice Young People's Board publishes its top tips for professionals</a></li>
</ul>
</aside>
</main>
<footer class="site-footer">
<div class="footer-address"><h2>Contact Cafcass</h2>
<p>Cafcass National Office, 3rd Floor, 21 Bloomsbury Street, London WC1B 3HF</p>
<p>Telephone: 0300 456 4000</p></div>
<ul class="footer-links"><li><a href="/accessibility/">Accessibility statement</a></li><li><a href="/privacy-notice/">Privacy notice</a></li>
<li><a href="/cookies/">Cookies</a></li><li><a href="/freedom-of-information/">Freedom of information</a></li><li><a href="/sitemap/">Sitemap</a></li></ul>
<p class="copyright">&copy; Cafcass {published.year}. Subscribe to our newsletter for the latest news.</p>
<a class="back-to-top" href="#top">Back to top</a>
</footer>
<script src="/assets/site.js"></script>
</body>
</html>
"""


def govuk_page(headline: str, body: str, published: date, charset: str | None) -> str:
    updated = date(published.year + (published.month == 12), published.month % 12 + 1, 1)
    head = _head(f"{headline} - GOV.UK", charset,
                 '<meta name="govuk:format" content="html_publication">\n'
                 '<meta property="og:site_name" content="GOV.UK">')
    return head + f"""<body class="govuk-template__body">
<script>document.body.className += ' js-enabled';</script>
<div id="global-cookie-message" class="gem-c-cookie-banner govuk-clearfix" role="region" aria-label="Cookies on GOV.UK">
<div class="govuk-cookie-banner__message"><h2 class="govuk-cookie-banner__heading">Cookies on GOV.UK</h2>
<p>We use some essential cookies to make this website work.</p>
<p>We'd like to set additional cookies to understand how you use GOV.UK, remember your settings and improve government services.</p>
<button class="govuk-button">Accept additional cookies</button><button class="govuk-button">Reject additional cookies</button>
<a class="govuk-link" href="/help/cookies">View cookies</a></div></div>
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="gem-c-layout-super-navigation-header" role="banner">
<a class="govuk-header__link" href="/">GOV.UK</a>
<nav aria-label="Menu"><ul><li><a href="/browse">Topics</a></li><li><a href="/government/organisations">Government activity</a></li></ul></nav>
<form class="gem-c-search" role="search"><label for="site-search">Search GOV.UK</label><input id="site-search" type="search"></form>
</header>
<div class="govuk-width-container">
<div class="gem-c-breadcrumbs govuk-breadcrumbs" data-module="gem-track-click">
<ol class="govuk-breadcrumbs__list">
<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="/">Home</a></li>
<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="/education">Education, training and skills</a></li>
<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="/education/inspections">Inspections</a></li>
</ol></div>
<main class="govuk-main-wrapper" id="main-content" role="main" lang="en">
<div class="gem-c-title govuk-!-margin-top-8">
<span class="govuk-caption-xl gem-c-title__context">Independent report</span>
<h1 class="gem-c-title__text govuk-heading-xl">{html.escape(headline)}</h1>
</div>
<div class="gem-c-metadata" data-module="gem-toggle">
<dl>
<dt class="gem-c-metadata__term">From:</dt>
<dd class="gem-c-metadata__definition"><a href="/government/organisations/ofsted" class="govuk-link">Ofsted</a></dd>
<dt class="gem-c-metadata__term">Published</dt>
<dd class="gem-c-metadata__definition">{_long_date(published)}</dd>
<dt class="gem-c-metadata__term">Updated</dt>
<dd class="gem-c-metadata__definition">{_long_date(updated)}, <a href="#history" class="govuk-link">see all updates</a></dd>
</dl>
</div>
<div class="govuk-grid-row">
<div class="govuk-grid-column-two-thirds">
<div class="govuk-govspeak gem-c-govspeak direction-ltr" data-module="govspeak">
{body}
</div>
<div id="history" class="app-c-published-dates">
<p>Published {_long_date(published)}<br>Last updated {_long_date(updated)} <a href="#full-history">+ show all updates</a></p>
<ol><li><time datetime="{updated.isoformat()}">{_long_date(updated)}</time>: Added an accessible version of the report.</li>
<li><time datetime="{published.isoformat()}">{_long_date(published)}</time>: First published.</li></ol>
</div>
<div class="gem-c-print-link"><button class="govuk-link">Print this page</button></div>
</div>
<div class="govuk-grid-column-one-third">
<aside class="gem-c-related-navigation" role="complementary">
<h2 class="gem-c-related-navigation__main-heading">Related content</h2>
<ul>
<li><a href="/government/news/1">Ofsted appoints Philippa Venn as National Director for social care</a></li>
<li><a href="/government/news/2">Conrad Maltby, Chief Inspector, said inspections would be shorter</a></li>
<li><a href="/government/publications/3">Inspecting Cafcass: framework</a></li>
</ul>
<h2>Explore the topic</h2><ul><li><a href="/education/inspections">Inspections</a></li></ul>
</aside>
</div>
</div>
</main>
<div class="gem-c-feedback govuk-!-display-none-print">
<h2>Is this page useful?</h2><button>Yes this page is useful</button><button>No this page is not useful</button>
<a href="/contact/govuk">Report a problem with this page</a>
<p>Help us improve GOV.UK: don't include personal or financial information like your National Insurance number or credit card details.</p>
</div>
</div>
<footer class="gem-c-layout-footer govuk-footer" role="contentinfo">
<div class="govuk-footer__navigation"><h2>Services and information</h2>
<ul><li><a href="/browse/benefits">Benefits</a></li><li><a href="/browse/births-deaths-marriages">Births, death, marriages and care</a></li><li><a href="/browse/childcare-parenting">Childcare and parenting</a></li></ul></div>
<ul class="govuk-footer__inline-list"><li><a href="/help">Help</a></li><li><a href="/help/privacy-notice">Privacy</a></li><li><a href="/help/cookies">Cookies</a></li>
<li><a href="/help/accessibility-statement">Accessibility statement</a></li><li><a href="/contact">Contact</a></li></ul>
<p class="govuk-footer__licence-description">All content is available under the Open Government Licence v3.0, except where otherwise stated</p>
<a class="govuk-footer__copyright-logo" href="https://www.nationalarchives.gov.uk/">&copy; Crown copyright</a>
</footer>
</body>
</html>
"""


def trade_press_page(headline: str, body: str, published: date, charset: str | None) -> str:
    iso = published.isoformat()
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
          "datePublished": f"{iso}T07:15:00+00:00", "dateModified": f"{iso}T11:40:00+00:00",
          "author": {"@type": "Person", "name": "Marcus Pellew"},
          "image": {"@type": "ImageObject", "url": "https://example.org/img/court.jpg"},
          "publisher": {"@type": "Organization", "name": "Social Work Weekly"}}
    head = _head(f"{headline} | Social Work Weekly", charset,
                 '<meta name="author" content="Marcus Pellew">\n'
                 f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    return head + f"""<body class="article-page">
<a href="#article-body" class="skip">Skip to main content</a>
<div id="cookie-consent" class="consent-overlay"><p>We use some essential cookies to run this site and, with your consent, advertising cookies.
<a href="/privacy">Privacy and cookie policy</a></p><button>I accept</button><button>Manage options</button></div>
<header class="masthead"><a href="/" class="brand">Social Work Weekly</a>
<nav class="topnav"><a href="/news">News</a> <a href="/children">Children</a> <a href="/adults">Adults</a> <a href="/jobs">Jobs</a> <a href="/login">Log in</a></nav>
<div class="subscribe-strip"><a href="/subscribe">Subscribe to our newsletter</a></div>
</header>
<div class="page">
<div class="doc-viewer-toolbar"><span class="page-count">You are on page 1 of 38</span>
<a class="btn-download" href="/download/report.pdf">Download this document (PDF, 1.2MB)</a> <a href="/print">Print</a> <a href="/embed">Embed</a></div>
<article class="story">
<h1 class="story-headline">{html.escape(headline)}</h1>
<div class="byline">By <a rel="author" href="/author/marcus-pellew">Marcus Pellew</a>, senior reporter
<time class="dateline" datetime="{iso}T07:15:00+00:00">{_long_date(published)}</time></div>
<figure class="lead-image"><img src="/img/court.jpg" alt="A family court building">
<figcaption>A family court in the Midlands. Photograph: Ines Hartigan</figcaption></figure>
<div class="story-body" id="article-body">
{body}
</div>
<p class="page-meta">Page created by Harriet Cobbold, last updated by Rupert Saltash on {_long_date(published)}.</p>
<div class="share-tools"><span>Share this page</span> <a href="#">Email</a> <a href="#">X</a> <a href="#">LinkedIn</a></div>
</article>
<section class="comments" id="comments"><h2>Comments (3)</h2>
<ol class="comment-list">
<li class="comment"><div class="comment-author">Dorothy Quarrell</div><time>{_long_date(published)} at 9:14 am</time>
<p>Good to see the advisers recognised for once. Our local team has always been quick to respond.</p></li>
<li class="comment"><div class="comment-author">Tobias Wrenfield</div><time>{_long_date(published)} at 11:02 am</time>
<p>Tobias Wrenfield, Head of Service at a neighbouring authority, said the figures do not match what families tell him.</p></li>
<li class="comment"><div class="comment-author">Ayesha Rothery</div><time>{_long_date(published)} at 1:47 pm</time>
<p>Reply to Tobias: caseloads differ between areas, so comparing them is hard.</p></li>
</ol>
<form class="comment-form"><label>Leave a comment <textarea></textarea></label><button>Post comment</button></form>
</section>
<aside class="sidebar most-read"><h2>Most read</h2>
<ol>
<li><a href="/a/1">Greta Ollerton named Chief Executive of children's charity</a></li>
<li><a href="/a/2">Felix Arbuthnot, Director of Children's Services, said the council would appeal</a></li>
<li><a href="/a/3">Agency social worker numbers fall for second year</a></li>
</ol></aside>
</div>
<footer class="site-foot"><p>Social Work Weekly, 10 Market Row, Leeds LS1 6AB</p>
<p><a href="/terms">Terms</a> | <a href="/privacy">Privacy</a> | <a href="/contact">Contact the newsroom</a> | <a href="#top">Back to top</a></p></footer>
</body>
</html>
"""


_PAGES = {"cafcass": cafcass_page, "govuk": govuk_page, "trade_press": trade_press_page}


def render(text: str, style: str, published: date = date(2011, 12, 14), encoding: str = "utf-8",
           declare_charset: bool = True) -> bytes:
    """The document ``text`` as the bytes of a web page in ``style``.

    ``encoding`` is how the page is encoded ("cp1252" for a Windows-1252 page); with
    ``declare_charset`` false the page says nothing about its encoding."""
    headline, body = body_html(text)
    charset = {"cp1252": "windows-1252"}.get(encoding, encoding) if declare_charset else None
    page = _PAGES[style](headline, body, published, charset)
    return page.encode(encoding)


def headline_of(text: str) -> str:
    """The headline ``render`` shows for ``text`` (the page's title)."""
    return body_html(text)[0]
