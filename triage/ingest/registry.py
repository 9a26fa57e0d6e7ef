"""Ingestors keyed by file type, tried in priority order against the file's first bytes.

Adding a format is one module with a class decorated by ``@register_ingestor(priority)``
and one line in ``INGESTOR_MODULES``. Lower priority numbers are tried first: exact magic
numbers before heuristics, plain text last.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TypeVar

from triage.errors import GuardTripped, UnsupportedFormat
from triage.ingest.base import ExtractContext, Extraction, Ingestor

INGESTOR_MODULES: list[str] = [
    "triage.ingest.email_eml",
    "triage.ingest.mbox",
    "triage.ingest.msg",
    "triage.ingest.pst",
    "triage.ingest.archive_zip",
    "triage.ingest.archive_tar",
    "triage.ingest.archive_7z",
    "triage.ingest.compressed",
    "triage.ingest.text",
    "triage.ingest.pdf",
    "triage.ingest.image",
    "triage.ingest.docx",
    "triage.ingest.odt",
    "triage.ingest.html",
    "triage.ingest.rtf",
]

HEAD_BYTES = 8192

_REGISTRY: list[tuple[int, Ingestor]] = []
_loaded = False

C = TypeVar("C")


def register_ingestor(priority: int) -> Callable[[type[C]], type[C]]:
    def decorate(cls: type[C]) -> type[C]:
        _REGISTRY.append((priority, cls()))  # type: ignore[arg-type]
        _REGISTRY.sort(key=lambda pair: pair[0])
        return cls

    return decorate


def ingestors() -> list[Ingestor]:
    global _loaded
    if not _loaded:
        for module in INGESTOR_MODULES:
            import_module(module)
        _loaded = True
    return [ing for _, ing in _REGISTRY]


def choose(data: bytes, filename: str | None = None) -> Ingestor:
    """The ingestor for these bytes; the name is only a tie-breaker for ambiguous formats."""
    head = data[:HEAD_BYTES]
    for ingestor in ingestors():
        if ingestor.sniff(head, filename):
            return ingestor
    raise UnsupportedFormat(
        f"unrecognised file type (first bytes {head[:8].hex()}); known: {[i.name for i in ingestors()]}"
    )


def extract_bytes(data: bytes, ctx: ExtractContext) -> Extraction:
    if len(data) > ctx.settings.max_file_bytes:
        raise GuardTripped(f"file of {len(data)} bytes is over the limit of {ctx.settings.max_file_bytes}")
    result = choose(data, ctx.filename).extract(data, ctx)
    if len(result.text) > ctx.settings.max_text_chars:
        raise GuardTripped(
            f"extracted text of {len(result.text)} characters is over the limit of {ctx.settings.max_text_chars} "
            "(max_text_chars)"
        )
    return result
