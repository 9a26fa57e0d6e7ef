"""The ingestor contract: one ingestor per file type, chosen by the file's bytes.

An ingestor turns bytes into text (``Extraction``). Containers (archives, e-mails,
mailboxes) put their members into the blob store and list them as ``children``; each
child becomes an item of its own, linked to its parent. Expected failures raise
``IngestError`` subclasses with a reason a person can read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, Field

from triage.config import Settings
from triage.document import ChildFile, ReadingWarning
from triage.errors import GuardTripped
from triage.storage.blobs import BlobStore


class Extraction(BaseModel):
    media_type: str
    text: str = ""
    pages: int = 0
    ocr: bool = False
    metadata: dict[str, Any] = Field(default_factory=dict)
    children: list[ChildFile] = Field(default_factory=list)
    warnings: list[ReadingWarning] = Field(default_factory=list)


@dataclass
class ExtractContext:
    """What an ingestor may use: limits, the blob store for children, the language hint."""

    settings: Settings
    blobs: BlobStore
    depth: int = 0
    filename: str | None = None
    language_hint: str | None = None
    started: float = field(default_factory=time.monotonic)

    def check_time(self) -> None:
        """Long loops (pages, members) call this so a slow file cannot block a batch."""
        if time.monotonic() - self.started > self.settings.file_time_limit_s:
            raise GuardTripped(f"time limit of {self.settings.file_time_limit_s:g} s per file exceeded")


class Ingestor(Protocol):
    """One file type. ``sniff`` looks at the first bytes only; ``extract`` does the work."""

    name: str
    media_type: str

    def sniff(self, head: bytes, filename: str | None) -> bool: ...

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction: ...
