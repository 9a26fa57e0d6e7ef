"""7-Zip archives via py7zr (LGPL-2.1+): members into the blob store, guarded like ZIP.

py7zr decompresses through writer objects we supply, so real bytes are counted as they
come out and decompression is aborted once the container's expansion budget is spent.
"""

from __future__ import annotations

import io
import tempfile
from typing import Any

import py7zr
from py7zr.exceptions import PasswordRequired
from py7zr.io import Py7zIO, WriterFactory

from triage.errors import EncryptedFile, IngestError
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.guards import (
    BudgetExceeded,
    MemberBudget,
    check_depth,
    check_member_count,
    library_errors,
    member_error,
    unsafe_name_reason,
)
from triage.ingest.registry import register_ingestor

_MAGIC = b"7z\xbc\xaf\x27\x1c"
_SPOOL_IN_MEMORY = 8 * 1024 * 1024


class _CountingWriter(Py7zIO):
    """Keeps one member (on disk past 8 MiB), drops what is past its limit, counts all."""

    def __init__(self, shared: _Counter, limit: int) -> None:
        self.shared = shared
        self.limit = limit
        self.written = 0
        self.overflow = False
        self.spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115 closed in _account

    def write(self, s: bytes | bytearray) -> int:
        self.shared.add(len(s))
        self.written += len(s)
        if self.written > self.limit:
            self.overflow = True
        elif not self.overflow:
            self.spool.write(s)
        return len(s)

    def read(self, size: int | None = None) -> bytes:
        return self.spool.read(-1 if size is None else size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.spool.seek(offset, whence)

    def flush(self) -> None:
        self.spool.flush()

    def size(self) -> int:
        return self.written


class _Counter:
    """Real decompressed bytes of the whole archive; past the budget the extraction stops."""

    def __init__(self, ctx: ExtractContext, budget: int) -> None:
        self.ctx = ctx
        self.budget = budget
        self.total = 0

    def add(self, n: int) -> None:
        self.ctx.check_time()
        self.total += n
        if self.total > self.budget:
            raise BudgetExceeded


class _Factory(WriterFactory):
    def __init__(self, counter: _Counter, member_limit: int) -> None:
        self.counter = counter
        self.member_limit = member_limit
        self.writers: dict[str, _CountingWriter] = {}

    def create(self, filename: str) -> Py7zIO:
        writer = _CountingWriter(self.counter, self.member_limit)
        self.writers[filename] = writer
        return writer

    def close_all(self) -> None:
        for writer in self.writers.values():
            writer.spool.close()


def _member_reason(entry: Any) -> str | None:
    reason = unsafe_name_reason(entry.filename)
    if reason is not None:
        return reason
    if entry.is_symlink or getattr(entry, "is_junction", False):
        return "link member refused (links are never followed)"
    if getattr(entry, "is_socket", False):
        return "special file member refused"
    return None


def _open(data: bytes) -> py7zr.SevenZipFile:
    with library_errors("7z archive"):
        try:
            return py7zr.SevenZipFile(io.BytesIO(data), mode="r")
        except PasswordRequired as exc:  # before library_errors turns it into CorruptFile
            raise EncryptedFile("7z archive with encrypted headers: no password is available") from exc


@register_ingestor(priority=320)
class SevenZipIngestor:
    name = "7z"
    media_type = "application/x-7z-compressed"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return head.startswith(_MAGIC)

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        check_depth(ctx, "7z archive")
        budget = MemberBudget(ctx)
        with _open(data) as archive:
            with library_errors("7z archive"):
                entries = [entry for entry in archive.files if not entry.is_directory]
                encrypted = archive.needs_password()
            check_member_count(len(entries), ctx, "7z archive")
            targets = []
            for entry in entries:
                reason = _member_reason(entry)
                if reason is None and encrypted:
                    reason = "encrypted member: no password is available"
                if reason is None:
                    reason = budget.declared_reason(entry.uncompressed)
                if reason is not None:
                    budget.refuse(entry.filename, reason, entry.uncompressed or 0)
                else:
                    targets.append(entry)
            factory = _Factory(_Counter(ctx, budget.remaining), budget.member_limit())
            failure = None
            if targets:
                try:
                    archive.extract(targets=[e.filename for e in targets], factory=factory)
                except BudgetExceeded:
                    failure = budget.over_reason()
                except IngestError:
                    factory.close_all()
                    raise  # the time limit stops the whole container
                except Exception as exc:  # any library error on damaged data: members not finished
                    failure = member_error(exc)
        for entry in targets:
            self._account(entry, factory.writers.get(entry.filename), failure, budget)
        metadata = {"members": len(entries)}
        return Extraction(media_type=self.media_type, metadata=metadata, children=budget.children)

    @staticmethod
    def _account(
        entry: Any, writer: _CountingWriter | None, failure: str | None, budget: MemberBudget
    ) -> None:
        declared = entry.uncompressed or 0
        if writer is None:
            if declared == 0 and failure is None:
                budget.store_bytes(entry.filename, b"")
            else:
                budget.refuse(entry.filename, failure or "member was not extracted", declared)
            return
        with writer.spool:
            if writer.overflow:
                budget.refuse(entry.filename, budget.over_reason(), declared)
            elif writer.written != declared:
                reason = failure or "member is shorter than declared (corrupt)"
                budget.refuse(entry.filename, reason, declared)
            else:
                writer.spool.seek(0)
                budget.store_stream(entry.filename, writer.spool, declared)
