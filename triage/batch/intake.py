"""Walks the paths given to ``triage process`` and registers every file as an item.

Nothing is skipped silently: a file that cannot be read still becomes an item, in an
error state that says why.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.orm import Session

from triage.config import Settings
from triage.document import ItemStatus
from triage.storage import repository
from triage.storage.blobs import BlobStore
from triage.storage.tables import Item

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def walk(paths: list[Path]) -> Iterator[Path]:
    """Every file under ``paths`` in a stable order; symbolic links are followed only to files."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    yield Path(root) / name
        else:
            yield path


def register_file(
    session: Session,
    path: Path,
    *,
    settings: Settings,
    blobs: BlobStore,
    batch_id: str,
    submitter: str | None,
    declared_language: str | None,
) -> tuple[Item, bool]:
    """Store and register one file; returns the item and whether it is new to the database."""
    source = str(path.resolve())
    try:
        sha, size = blobs.put_file(path)
    except OSError as exc:
        item, created = repository.intake(
            session, sha256=EMPTY_SHA256, size=0, source=source, filename=path.name,
            batch_id=batch_id, submitter=submitter,
        )  # fmt: skip
        if created:
            repository.mark_error(session, item, "intake", f"cannot read file: {exc.strerror or exc}")
        return item, created
    item, created = repository.intake(
        session, sha256=sha, size=size, source=source, filename=path.name, batch_id=batch_id,
        submitter=submitter, declared_language=declared_language,
    )  # fmt: skip
    if created and size > settings.max_file_bytes:
        repository.mark_error(
            session, item, "intake", f"file of {size} bytes is over the limit of {settings.max_file_bytes}"
        )
    elif created and item.status != ItemStatus.ERROR:
        item.status = ItemStatus.RECEIVED
    return item, created
