"""Web pages -> article text and metadata.

Ordered cascade (``extract_page``):
1. trafilatura: main-content extraction with title, date and site name.
2. If step 1 is unavailable or finds nothing: headings, paragraphs and list items inside
   <article>/<main>/<body> with lxml, minus navigation, header, footer and asides, and
   title/date/site/canonical URL from meta tags. This keeps short pages (a few
   paragraphs) that trafilatura's main-content heuristics reject.

No Document is made here; ``ingest`` masks boilerplate and builds it.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)


def extract_page(html: str) -> dict[str, Any] | None:
    """{"text", "title", "published", "source", "url"} from a page, or None."""
    return try_trafilatura(html) or extract_html_with_lxml(html)

@lru_cache(maxsize=1)
def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml>=5.2 without lxml_html_clean
        log.warning("trafilatura is unavailable (%s); using the lxml fallback for HTML", exc)
        return None
    return trafilatura


def try_trafilatura(html: str) -> dict[str, Any] | None:
    """trafilatura's text and metadata, or None (unavailable, failed or nothing found)."""
    trafilatura = _trafilatura()
    if trafilatura is None:
        return None
    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                             include_tables=False)
    except Exception as exc:  # noqa: BLE001 - a third-party extractor; fall back, never crash
        log.warning("trafilatura failed (%s: %s); trying the lxml fallback", type(exc).__name__, exc)
        return None
    if result is None or not (result.text or "").strip():
        return None
    return {"text": result.text, "title": result.title, "published": result.date,
            "source": result.sitename or result.hostname, "url": result.url}


BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
             "form", "iframe", "svg", "button", "figure")
META_XPATHS = {
    "title": ('//meta[@property="og:title"]/@content', "//title/text()"),
    "published": ('//meta[@property="article:published_time"]/@content',
                  '//meta[@name="date"]/@content', "//time/@datetime"),
    "source": ('//meta[@property="og:site_name"]/@content',),
    "url": ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'),
}


def extract_html_with_lxml(html: str) -> dict[str, Any] | None:
    """The fallback extractor: block texts of the main container, plus simple metadata."""
    root = parse_html(html)
    if root is None:
        return None
    meta = {key: _first_xpath(root, paths) for key, paths in META_XPATHS.items()}
    for element in root.xpath("//" + " | //".join(DROP_TAGS)):
        element.drop_tree()
    containers = root.xpath("//article") or root.xpath("//main") or root.xpath("//body")
    blocks = []
    for container in containers[:1]:
        for element in container.iter(*BLOCK_TAGS):
            if element.getparent() is not None and _has_block_ancestor(element, container):
                continue
            line = " ".join(element.text_content().split())
            if line:
                blocks.append(line)
    return {"text": "\n".join(blocks), **meta} if blocks else None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries): one line per block, spaces collapsed."""
    if "<" not in fragment:
        return fragment.strip()
    root = parse_html(f"<div>{fragment}</div>")
    if root is None:
        return ""
    for element in root.xpath("//script | //style"):
        element.drop_tree()
    for element in root.iter(*BLOCK_TAGS, "br", "div"):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def parse_html(html: str) -> Any:
    """An lxml tree, or None when lxml cannot build one (empty, control characters, ...)."""
    from lxml import etree, html as lxml_html

    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        log.debug("lxml could not parse HTML: %s", exc)
        return None


def _has_block_ancestor(element: Any, container: Any) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not container:
        if parent.tag in BLOCK_TAGS:
            return True
        parent = parent.getparent()
    return False


def _first_xpath(root: Any, paths: tuple[str, ...]) -> str | None:
    for path in paths:
        for value in root.xpath(path):
            value = " ".join(str(value).split())
            if value:
                return value
    return None

