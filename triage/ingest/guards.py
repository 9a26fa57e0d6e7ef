"""Limits shared by every container ingestor: depth, member count, expansion, unsafe names.

Containers (archives, mailboxes, e-mails) never write a member to a path taken from the
container: members go to the content-addressed blob store. A member refused by a guard is
still listed as a child with ``error`` set, so the batch runner turns it into an item in an
error state and nothing disappears silently.

Policy (documented in docs/ingest-containers.md):

- depth: a container whose own depth is ``max_archive_depth`` or more is not opened
  (``GuardTripped``); an e-mail at that depth keeps its text and refuses its attachments.
- member count: a container with more than ``max_archive_members`` members is refused as a
  whole (``GuardTripped``) rather than listing thousands of error children.
- expansion: declared sizes are checked first, then real bytes are counted while
  decompressing; a member over ``max_file_bytes`` or past the container's
  ``max_expanded_bytes`` budget becomes an error child and decompression stops there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from triage.document import ChildFile
from triage.errors import CorruptFile, GuardTripped, IngestError
from triage.ingest.base import ExtractContext
from triage.names import display_name

_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class BudgetExceeded(Exception):
    """Internal: a member stream went past its byte limit (turned into an error child)."""


@contextmanager
def library_errors(what: str) -> Iterator[None]:
    """Translate whatever a parsing library raises on damaged input into ``CorruptFile``.

    Fuzzing showed zipfile, py7zr, olefile and the e-mail parser raise many unrelated types
    (IndexError, OverflowError, LZMAError, NotImplementedError ...) on bad bytes; the item
    must end in an error state with a reason, not crash the batch.
    """
    try:
        yield
    except (IngestError, BudgetExceeded, MemoryError):
        raise
    except Exception as exc:
        raise CorruptFile(f"{what} cannot be read: {type(exc).__name__}: {exc}") from exc


def member_error(exc: Exception) -> str:
    """The reason recorded on a member that failed to decompress."""
    return f"corrupt member: {type(exc).__name__}: {exc}"


def check_depth(ctx: ExtractContext, kind: str) -> None:
    """Refuse to open a container whose children would be deeper than the limit."""
    limit = ctx.settings.max_archive_depth
    if ctx.depth >= limit:
        raise GuardTripped(
            f"{kind} at nesting depth {ctx.depth} not opened: the limit is {limit} levels (max_archive_depth)"
        )


def depth_reached(ctx: ExtractContext) -> bool:
    return ctx.depth >= ctx.settings.max_archive_depth


def check_member_count(count: int, ctx: ExtractContext, kind: str) -> None:
    limit = ctx.settings.max_archive_members
    if count > limit:
        raise GuardTripped(
            f"{kind} has {count} members, over the limit of {limit} (max_archive_members); nothing extracted"
        )


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name would escape an extraction folder, or None when it is safe."""
    if not name or "\x00" in name:
        return "member name is empty or contains a NUL byte"
    unified = name.replace("\\", "/")
    if unified.startswith("/"):
        return "absolute member path refused"
    if _DRIVE.match(unified):
        return "member path with a drive letter refused"
    if ".." in unified.split("/"):
        return "member path with '..' (path traversal) refused"
    return None


class _LimitedReader:
    """Reads a stream for the blob store and stops once more than ``limit`` bytes came out."""

    def __init__(self, stream: Readable, limit: int, ctx: ExtractContext) -> None:
        self.stream = stream
        self.limit = limit
        self.ctx = ctx
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        self.ctx.check_time()
        want = _CHUNK if size is None or size < 0 else min(size, _CHUNK)
        chunk = self.stream.read(want)
        self.count += len(chunk)
        if self.count > self.limit:
            raise BudgetExceeded
        return chunk


class MemberBudget:
    """One container's expansion budget and its list of children (stored or refused)."""

    def __init__(self, ctx: ExtractContext) -> None:
        self.ctx = ctx
        self.used = 0
        self.children: list[ChildFile] = []

    @property
    def remaining(self) -> int:
        return max(0, self.ctx.settings.max_expanded_bytes - self.used)

    def member_limit(self) -> int:
        return min(self.ctx.settings.max_file_bytes, self.remaining)

    def refuse(self, name: str, reason: str, size: int = 0, data: bytes = b"") -> ChildFile:
        """Account for a member that will not be processed: an error child."""
        sha = self.ctx.blobs.put_bytes(data)
        child = ChildFile(name=display_name(name), sha256=sha, size=max(0, size), error=reason)
        self.children.append(child)
        return child

    def declared_reason(self, declared: int | None) -> str | None:
        """Why a member whose header declares this size must be refused before reading it."""
        if declared is None:
            return None
        settings = self.ctx.settings
        if declared > settings.max_file_bytes:
            limit = settings.max_file_bytes
            return f"member of {declared} bytes is over the limit of {limit} (max_file_bytes)"
        if declared > self.remaining:
            return (
                f"member of {declared} bytes would take the container past {settings.max_expanded_bytes} "
                "expanded bytes (max_expanded_bytes)"
            )
        return None

    def over_reason(self) -> str:
        return (
            f"member expanded beyond its limit of {self.member_limit()} bytes "
            f"(max_file_bytes {self.ctx.settings.max_file_bytes}, "
            f"max_expanded_bytes {self.ctx.settings.max_expanded_bytes}); decompression stopped"
        )

    def store_stream(self, name: str, stream: Readable, declared: int | None = None) -> ChildFile:
        """Copy a member stream into the blob store, counting the real bytes as they come."""
        reason = self.declared_reason(declared)
        if reason is not None:
            return self.refuse(name, reason, declared or 0)
        reader = _LimitedReader(stream, self.member_limit(), self.ctx)
        try:
            sha, size = self.ctx.blobs.put_stream(reader)  # type: ignore[arg-type]
        except BudgetExceeded:
            reason = self.over_reason()
            self.used += reader.count
            return self.refuse(name, reason, declared if declared is not None else reader.count)
        self.used += size
        child = ChildFile(name=display_name(name), sha256=sha, size=size)
        self.children.append(child)
        return child

    def store_member(
        self,
        name: str,
        declared: int,
        reason: str | None,
        open_stream: Callable[[], AbstractContextManager[Readable] | None],
    ) -> None:
        """One archive member: refused with ``reason``, or streamed into the store.

        A library error on damaged data refuses this member only; the time limit (an
        ``IngestError``) stops the whole container.
        """
        self.ctx.check_time()
        if reason is not None:
            self.refuse(name, reason, declared)
            return
        try:
            stream = open_stream()
            if stream is None:
                self.refuse(name, "member has no data", declared)
                return
            with stream as readable:
                self.store_stream(name, readable, declared)
        except IngestError:
            raise
        except NotImplementedError as exc:
            self.refuse(name, f"unsupported compression: {exc}", declared)
        except Exception as exc:  # any library error on damaged data: this member only
            self.refuse(name, member_error(exc), declared)

    def store_bytes(self, name: str, data: bytes) -> ChildFile:
        """A member already in memory (mail parts): same limits, no streaming needed."""
        self.ctx.check_time()
        reason = self.declared_reason(len(data))
        if reason is not None:
            return self.refuse(name, reason, len(data))
        self.used += len(data)
        child = ChildFile(name=display_name(name), sha256=self.ctx.blobs.put_bytes(data), size=len(data))
        self.children.append(child)
        return child
