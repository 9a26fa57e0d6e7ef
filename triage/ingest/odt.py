"""ODT (OpenDocument text): headings, paragraphs, lists and tables in document order,
page headers first, page footers and notes last.

odfpy parses the package; the tree is walked here so that spaces (``text:s``), tabs and
line breaks keep their meaning, tracked deletions and note citations are skipped, and
foot/end notes do not break the sentence that cites them (they go to the end).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from odf.namespaces import DRAWNS, OFFICENS, STYLENS, TABLENS, TEXTNS
from odf.opendocument import load

from triage.errors import CorruptFile, GuardTripped
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.layout import join_blocks
from triage.ingest.registry import register_ingestor
from triage.ingest.zipparts import ZIP_MAGIC, open_zip

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_PARAGRAPHS = {(TEXTNS, "p"), (TEXTNS, "h")}
_SKIP = {
    (TEXTNS, "tracked-changes"),
    (TEXTNS, "note-citation"),
    (TEXTNS, "sequence-decls"),
    (OFFICENS, "annotation"),
    (OFFICENS, "forms"),
    (TABLENS, "table-columns"),
    (TABLENS, "table-column"),
    (TABLENS, "covered-table-cell"),
}
_INLINE_BREAKS = {(TEXTNS, "tab"): "\t", (TEXTNS, "line-break"): "\n"}


class _Walker:
    """Turns an ODF element tree into blocks; notes are kept aside for the end."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def blocks(self, element: Any) -> Iterator[str]:
        for child in element.childNodes:
            if child.nodeType != child.ELEMENT_NODE or child.qname in _SKIP:
                continue
            if child.qname in _PARAGRAPHS:
                nested: list[Any] = []
                yield self._inline(child, nested)
                for frame in nested:
                    yield from self.blocks(frame)
            elif child.qname == (TABLENS, "table"):
                yield "\n".join(row for row in self._rows(child) if row.strip())
            else:  # lists, list items, sections, table headers, frames
                yield from self.blocks(child)

    def _inline(self, element: Any, nested: list[Any]) -> str:
        out: list[str] = []
        for child in element.childNodes:
            if child.nodeType == child.TEXT_NODE:
                out.append(child.data)
                continue
            if child.nodeType != child.ELEMENT_NODE or child.qname in _SKIP:
                continue
            if child.qname == (TEXTNS, "s"):
                out.append(" " * int(child.getAttrNS(TEXTNS, "c") or 1))
            elif child.qname in _INLINE_BREAKS:
                out.append(_INLINE_BREAKS[child.qname])
            elif child.qname == (TEXTNS, "note"):
                self.notes.extend(
                    b for body in _children(child, (TEXTNS, "note-body")) for b in self.blocks(body)
                )
            elif child.qname == (DRAWNS, "frame"):
                nested.append(child)
            else:  # spans, links, bookmarks, fields
                out.append(self._inline(child, nested))
        return "".join(out)

    def _rows(self, table: Any) -> Iterator[str]:
        for child in table.childNodes:
            if child.nodeType != child.ELEMENT_NODE or child.qname in _SKIP:
                continue
            if child.qname == (TABLENS, "table-row"):
                cells = [
                    " ".join(b.strip() for b in self.blocks(cell) if b.strip())
                    for cell in _children(child, (TABLENS, "table-cell"))
                ]
                yield "\t".join(c for c in cells if c)
            else:  # header rows, row groups
                yield from self._rows(child)


def _children(element: Any, qname: tuple[str, str]) -> list[Any]:
    return [c for c in element.childNodes if c.nodeType == c.ELEMENT_NODE and c.qname == qname]


def _header_footer(doc: Any, walker: _Walker) -> tuple[list[str], list[str]]:
    headers: list[str] = []
    footers: list[str] = []
    for page in _children(doc.masterstyles, (STYLENS, "master-page")):
        for child in page.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            local = child.qname[1]
            if child.qname[0] == STYLENS and local.startswith("header"):
                headers.extend(walker.blocks(child))
            elif child.qname[0] == STYLENS and local.startswith("footer"):
                footers.extend(walker.blocks(child))
    return [t for t in dict.fromkeys(headers) if t.strip()], [t for t in dict.fromkeys(footers) if t.strip()]


@register_ingestor(priority=160)
class OdtIngestor:
    name = "odt"
    media_type = "application/vnd.oasis.opendocument.text"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        # ODF requires an uncompressed first member "mimetype" holding the media type.
        return (
            head.startswith(ZIP_MAGIC) and head[30:38] == b"mimetype" and head[38:].startswith(ODT_MIMETYPE)
        )

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        open_zip(data, ctx, "ODT").close()
        try:
            doc = load(io.BytesIO(data))
        except MemoryError:
            raise
        except Exception as exc:  # odfpy surfaces zip, SAX and key errors alike
            raise CorruptFile(f"ODT cannot be read: {type(exc).__name__}: {str(exc)[:200]}") from exc
        ctx.check_time()
        walker = _Walker()
        try:
            body = list(walker.blocks(doc.text))
            headers, footers = _header_footer(doc, walker)
        except RecursionError as exc:
            raise GuardTripped("ODT nests elements too deeply to read safely") from exc
        return Extraction(
            media_type=self.media_type,
            text=join_blocks([*headers, *body, *footers, *walker.notes]),
            metadata={"paragraphs": sum(1 for b in body if b.strip())},
        )
