"""DOCX (Word 2007+): paragraphs and tables in document order, headers first, footers and
notes last.

python-docx opens and validates the package; the body is walked directly in WordprocessingML
because python-docx's ``paragraphs`` and ``tables`` lists lose their relative order and
skip text in content controls, text boxes and hyperlinks. Deleted revisions, field codes
and the ``mc:Fallback`` copy of drawings (which repeats the text box text) are skipped.
Table rows become one line each, cells separated by a tab.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import docx
from lxml import etree

from triage.errors import CorruptFile, GuardTripped, IngestError
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.layout import join_blocks
from triage.ingest.registry import register_ingestor
from triage.ingest.zipparts import ZIP_MAGIC, head_member_names, open_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {
    MC + "Fallback",
    W + "delText",
    W + "instrText",
    W + "pPr",
    W + "rPr",
    W + "sectPr",
    W + "tblPr",
    W + "tblGrid",
    W + "trPr",
    W + "tcPr",
    W + "footnoteReference",
    W + "endnoteReference",
}
_INLINE = {W + "t": None, W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_PART_ORDER = ("/header", "/footer", "/footnotes", "/endnotes")
#: How libxml2 reports a failed allocation (the worker's memory limit) through lxml.
_OUT_OF_MEMORY = ("Memory allocation failed", "unknown error")


def _inline(element: Any, out: list[str], nested: list[Any]) -> None:
    """Text of a paragraph's runs in order; text boxes are collected as nested blocks."""
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag in _INLINE:
            out.append(child.text or "" if tag == W + "t" else _INLINE[tag] or "")
        elif tag == W + "txbxContent":
            nested.append(child)
        else:
            _inline(child, out, nested)


def blocks(container: Any) -> Iterator[str]:
    """Paragraphs and tables of a body, header, cell or text box, in document order."""
    for child in container:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == W + "p":
            out: list[str] = []
            nested: list[Any] = []
            _inline(child, out, nested)
            yield "".join(out)
            for box in nested:
                yield from blocks(box)
        elif tag == W + "tbl":
            yield "\n".join(row for row in _rows(child) if row.strip())
        else:  # content controls, custom XML, inserted revisions, mc:Choice
            yield from blocks(child)


def _rows(table: Any) -> Iterator[str]:
    for child in table:
        if child.tag == W + "tr":
            cells = [" ".join(b.strip() for b in blocks(tc) if b.strip()) for tc in _cells(child)]
            yield "\t".join(c for c in cells if c)
        elif child.tag not in _SKIP and isinstance(child.tag, str):
            yield from _rows(child)


def _cells(row: Any) -> Iterator[Any]:
    for child in row:
        if child.tag == W + "tc":
            yield child
        elif child.tag not in _SKIP and isinstance(child.tag, str):
            yield from _cells(child)


def _side_parts(document: Any) -> dict[str, list[Any]]:
    """Header, footer and note parts, each parsed, grouped by kind and in part-name order."""
    found: dict[str, list[tuple[str, Any]]] = {kind: [] for kind in _PART_ORDER}
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        kind = next((k for k in _PART_ORDER if rel.reltype.endswith(k)), None)
        if kind is not None:
            part = rel.target_part
            found[kind].append((str(part.partname), etree.fromstring(part.blob, _PARSER)))
    return {kind: [root for _, root in sorted(parts, key=lambda p: p[0])] for kind, parts in found.items()}


def _unique(texts: list[str]) -> list[str]:
    """Headers repeat per section; keep each text once, in first-seen order."""
    return [t for t in dict.fromkeys(texts) if t.strip()]


def _note_blocks(root: Any) -> Iterator[str]:
    for note in root:
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        yield from blocks(note)


@register_ingestor(priority=150)
class DocxIngestor:
    name = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        if not head.startswith(ZIP_MAGIC):
            return False
        names = head_member_names(head)
        if any(n.startswith("word/") for n in names):
            return True
        # The word/ parts may lie beyond the first bytes: the name breaks the tie.
        return "[Content_Types].xml" in names and (filename or "").lower().endswith((".docx", ".docm"))

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        open_zip(data, ctx, "DOCX").close()
        try:
            document = docx.Document(io.BytesIO(data))
            parts = _side_parts(document)
        except (IngestError, MemoryError):
            raise
        except etree.XMLSyntaxError as exc:
            if any(sign in str(exc) for sign in _OUT_OF_MEMORY):
                raise GuardTripped(
                    "DOCX needs more memory than the worker's limit (worker_memory_mb) to be read"
                ) from exc
            raise CorruptFile(f"DOCX cannot be read: XMLSyntaxError: {str(exc)[:200]}") from exc
        except Exception as exc:  # python-docx and lxml raise many types for a broken package
            raise CorruptFile(f"DOCX cannot be read: {type(exc).__name__}: {str(exc)[:200]}") from exc
        ctx.check_time()
        try:
            body = list(blocks(document.element.body))
            headers = _unique([b for root in parts["/header"] for b in blocks(root)])
            footers = _unique([b for root in parts["/footer"] for b in blocks(root)])
            notes = [
                b for kind in ("/footnotes", "/endnotes") for root in parts[kind] for b in _note_blocks(root)
            ]
        except RecursionError as exc:
            raise GuardTripped("DOCX nests tables or text boxes too deeply to read safely") from exc
        core = document.core_properties
        metadata: dict[str, Any] = {
            "paragraphs": sum(1 for b in body if b.strip()),
            "tables": len(document.element.body.findall(W + "tbl")),
        }
        if core.title:
            metadata["title"] = core.title
        if core.language:
            metadata["declared_language"] = core.language
        return Extraction(
            media_type=self.media_type,
            text=join_blocks([*headers, *body, *footers, *notes]),
            metadata=metadata,
        )
