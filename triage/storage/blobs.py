"""Content-addressed blob folder: original bytes stored once, named by their SHA-256."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from triage.errors import StoreUnwritable, TooLarge

_CHUNK = 1024 * 1024


@contextlib.contextmanager
def _writing(root: Path) -> Iterator[None]:
    """An operating system's refusal to write (no space, read-only, gone) as the domain's error."""
    try:
        yield
    except OSError as exc:
        raise StoreUnwritable(f"the blob store {root} cannot be written: {exc.strerror or exc}") from exc


class NotRegularFile(OSError):
    """A path that is not a plain file: its bytes are never read (a FIFO blocks, a device never ends)."""


_KINDS = {
    stat.S_IFDIR: "a folder", stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFLNK: "a symbolic link",
}  # fmt: skip


def file_kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a plain file")


class BlobStore:
    """Files at ``root/ab/cd/<sha256>``; writes are atomic (temp file, then rename).

    Several worker processes may write the same blob at once: the rename makes the last
    writer win with identical bytes, so no lock is needed.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if not self.exists(sha):
            self._write(sha, iter([data]))
        return sha

    def writer(self, limit: int | None = None) -> BlobWriter:
        """An incoming file written piece by piece (an HTTP upload): see ``BlobWriter``."""
        return BlobWriter(self, limit)

    def put_stream(self, stream: BinaryIO) -> tuple[str, int]:
        """Store a stream of any size without holding it in memory; returns (sha256, size)."""
        with self.writer() as out:
            while chunk := stream.read(_CHUNK):
                out.write(chunk)
            return out.commit()

    def put_file(self, path: Path) -> tuple[str, int]:
        """Store a regular file; anything else (a FIFO, a device) is refused before it is read.

        ``O_NONBLOCK`` keeps a FIFO from hanging the open; the type is checked on the open
        descriptor, so a file swapped for a link or a device after the folder walk is caught.
        """
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as fh:
            kind = stat.S_IFMT(os.fstat(fd).st_mode)
            if kind != stat.S_IFREG:
                raise NotRegularFile(f"not a regular file ({file_kind(kind)}): not read")
            os.set_blocking(fd, True)
            return self.put_stream(fh)

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def delete(self, sha256: str) -> bool:
        """Remove a blob (retention); True if it was there."""
        try:
            self.path(sha256).unlink()
        except FileNotFoundError:
            return False
        return True

    def check_writable(self) -> None:
        """Raise ``OSError`` unless a file can be created here (readiness check)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".probe-")
        os.close(fd)
        os.unlink(tmp)

    def _write(self, sha: str, chunks: Iterator[bytes]) -> None:
        target = self.path(sha)
        with _writing(self.root):
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            try:
                with os.fdopen(fd, "wb") as out:
                    for chunk in chunks:
                        out.write(chunk)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise


class BlobWriter:
    """Bytes on their way into the store: hashed as they arrive, named by their hash at ``commit``.

    Nothing is visible in the store before ``commit``; leaving the ``with`` block without it
    (an error, an upload over ``limit``) removes the partial file.
    """

    def __init__(self, store: BlobStore, limit: int | None) -> None:
        self.store, self.limit = store, limit
        self.size = 0
        self._digest = hashlib.sha256()
        with _writing(store.root):
            store.root.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(dir=store.root, prefix=".incoming-")
        self._out = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            raise TooLarge(f"the upload is larger than the limit of {self.limit} bytes")
        self._digest.update(chunk)
        with _writing(self.store.root):
            self._out.write(chunk)

    def commit(self) -> tuple[str, int]:
        sha = self._digest.hexdigest()
        target = self.store.path(sha)
        with _writing(self.store.root):
            self._out.close()  # flushes: a full disk may say so only now
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._tmp, target)
        return sha, self.size

    def abort(self) -> None:
        with contextlib.suppress(OSError):  # the buffer cannot be flushed to a full disk: it is dropped anyway
            self._out.close()
        Path(self._tmp).unlink(missing_ok=True)

    def __enter__(self) -> BlobWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self._out.closed or Path(self._tmp).exists():
            self.abort()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
