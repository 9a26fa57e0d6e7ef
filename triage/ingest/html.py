"""HTML and XHTML pages: visible text with the block structure kept as line breaks.

Scripts, styles and other invisible elements are dropped; block elements (paragraphs,
headings, list items, table rows...) end a paragraph, ``<br>`` ends a line and table cells
are separated by a tab. Whitespace inside text is collapsed as a browser would, except in
``<pre>``. The sniffer only accepts a file that *starts* with markup, so an e-mail whose
body is HTML (it starts with RFC 822 headers) stays with the e-mail ingestor.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, PreformattedString

from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.layout import tidy
from triage.ingest.registry import register_ingestor

_INVISIBLE = {"script", "style", "noscript", "template", "head", "svg", "canvas", "iframe", "object", "map"}
_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "ul",
}
_LINES = {"br", "tr", "option"}
_CELLS = {"td", "th"}
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_SNIFF_TAGS = re.compile(rb"<(html|head|body|title|meta|div|p|table|h[1-6]|span|br|a|ul)[\s>/]", re.I)
# A paragraph break, a line break and a cell break, as markers that text cannot contain.
PARA, LINE, CELL = "\x00P", "\x00L", "\x00C"


def _lead(head: bytes) -> bytes:
    """The first markup, lower-cased, past BOMs, whitespace and XML declarations/comments."""
    text = head[:4096]
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = text[: len(text) // 2 * 2].decode("utf-16", "replace").encode("utf-8")
    text = text.removeprefix(b"\xef\xbb\xbf").lstrip()
    while text.startswith((b"<?xml", b"<!--")):
        end = text.find(b"?>" if text.startswith(b"<?") else b"-->")
        if end < 0:
            break
        text = text[end + 3 :].lstrip()
    return text.lower()


def looks_like_html(head: bytes) -> bool:
    lead = _lead(head)
    if lead.startswith((b"<!doctype html", b"<html")):
        return True
    return lead.startswith(b"<") and _SNIFF_TAGS.search(lead[:1024]) is not None


def _pieces(root: Tag) -> Iterator[str]:
    """Text and break markers in document order; iterative, so deep nesting cannot overflow."""
    # Each entry is (node, inside <pre>) or a marker (str) to emit after a node's children.
    stack: list[tuple[Any, bool] | str] = [(child, False) for child in reversed(list(root.children))]
    while stack:
        entry = stack.pop()
        if isinstance(entry, str):
            yield entry
            continue
        node, pre = entry
        if isinstance(node, PreformattedString):  # comments, doctype, CDATA, processing instructions
            continue
        if isinstance(node, NavigableString):
            yield str(node) if pre else _SPACES.sub(" ", str(node))
            continue
        if not isinstance(node, Tag) or node.name in _INVISIBLE:
            continue
        name = node.name
        if name in _BLOCKS:
            yield PARA
            stack.append(PARA)
        elif name in _CELLS:
            yield CELL
        elif name in _LINES:
            stack.append(LINE)
        in_pre = pre or name in ("pre", "textarea")
        stack.extend((child, in_pre) for child in reversed(list(node.children)))


def render_text(soup: BeautifulSoup) -> str:
    """The visible text of a parsed page, one paragraph per block element."""
    raw = "".join(_pieces(soup))
    out: list[str] = []
    for para in raw.split(PARA):
        lines = ["\t".join(c.strip() for c in line.split(CELL) if c.strip()) for line in para.split(LINE)]
        out.append("\n".join(line for line in lines if line))
    return tidy("\n\n".join(p for p in out if p))


@register_ingestor(priority=900)
class HtmlIngestor:
    name = "html"
    media_type = "text/html"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return looks_like_html(head)

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(data, "lxml")
        ctx.check_time()
        metadata: dict[str, Any] = {"encoding": soup.original_encoding}
        if soup.title is not None and soup.title.string:
            metadata["title"] = _SPACES.sub(" ", soup.title.string).strip()
        root = soup.find("html")
        if isinstance(root, Tag) and isinstance(root.get("lang"), str):
            metadata["declared_language"] = str(root.get("lang"))
        return Extraction(media_type=self.media_type, text=render_text(soup), metadata=metadata)
