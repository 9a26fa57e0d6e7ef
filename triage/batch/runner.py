"""Processes a dump: register every file, then run the pipeline over a process pool.

Interrupting (Ctrl-C, a kill) loses nothing: every result is committed on arrival, and
items not finished stay 'received', so the next run picks up exactly those.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool
from sqlalchemy.orm import Session

from triage.batch.intake import register_file, walk
from triage.batch.worker import init_worker, process_one
from triage.config import Settings
from triage.document import Document, ItemStatus
from triage.storage import repository
from triage.storage.blobs import BlobStore
from triage.storage.db import Database
from triage.storage.tables import Batch, Item

#: A worker that dies (segfault in a parser, out of memory) gets one more try before
#: its item is put in an error state.
RETRIES_AFTER_CRASH = 1


@dataclass
class Progress:
    """Callbacks the command line turns into progress bars; all optional."""

    on_intake: Callable[[int], None] = lambda n: None
    on_total: Callable[[int], None] = lambda n: None
    on_item: Callable[[Item, Document | None], None] = lambda item, doc: None


@dataclass
class BatchResult:
    batch_id: str
    files_seen: int = 0
    files_new: int = 0
    processed: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    error_stages: Counter[str] = field(default_factory=Counter)
    needs_human_translation: int = 0
    pages: int = 0
    notes: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def rate(self) -> float:
        return len(self.processed) / self.seconds if self.seconds else 0.0


def process_paths(
    paths: list[Path],
    settings: Settings,
    *,
    submitter: str | None = None,
    declared_language: str | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    progress = progress or Progress()
    db = Database(settings)
    blobs = BlobStore(settings.blob_dir)
    started = time.monotonic()
    with db.session() as session:
        batch = Batch(paths=[str(p) for p in paths])
        session.add(batch)
        repository.reset_interrupted(session)
        session.commit()
        result = BatchResult(batch_id=batch.id)
        for path in walk(paths):
            item, created = register_file(
                session, path, settings=settings, blobs=blobs, batch_id=batch.id,
                submitter=submitter, declared_language=declared_language,
            )  # fmt: skip
            session.commit()
            result.files_seen += 1
            result.files_new += created
            progress.on_intake(1)
            if created and item.status == ItemStatus.ERROR:  # refused at intake: reported with the rest
                progress.on_total(1)
                _account(result, item, None, progress)
        try:
            _run_pool(session, settings, batch.id, result, progress)
        except KeyboardInterrupt:
            result.interrupted = True
        result.seconds = time.monotonic() - started
        batch.summary = {
            "files_seen": result.files_seen, "files_new": result.files_new,
            "processed": len(result.processed), "statuses": dict(result.statuses), "pages": result.pages,
            "notes": result.notes, "seconds": round(result.seconds, 3), "interrupted": result.interrupted,
        }  # fmt: skip
        if not result.interrupted:
            batch.finished_at = dt.datetime.now(dt.UTC)
        session.commit()
    db.dispose()
    return result


def _payload(item: Item) -> dict[str, Any]:
    return {
        "id": item.id, "sha256": item.sha256, "filename": item.filename, "depth": item.depth,
        "declared_language": item.declared_language,
    }  # fmt: skip


def _run_pool(session: Session, settings: Settings, batch_id: str, result: BatchResult, progress: Progress) -> None:
    queue: deque[Item] = deque(repository.pending(session))
    progress.on_total(len(queue))
    crashes: Counter[str] = Counter()
    expanded: Counter[str] = Counter()  # items created under each submitted file (zip-of-zips bombs)
    inflight: dict[Future[Any], Item] = {}
    with ProcessPool(
        max_workers=settings.workers, initializer=init_worker, initargs=[settings.model_dump_json()]
    ) as pool:
        try:
            while queue or inflight:
                while queue and len(inflight) < settings.workers * 2:
                    item = queue.popleft()
                    future: Future[Any] = pool.schedule(
                        process_one, args=[_payload(item)], timeout=settings.file_time_limit_s
                    )
                    inflight[future] = item
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for future in done:
                    item = inflight.pop(future)
                    doc = _collect(session, future, item, crashes, queue, result, settings.file_time_limit_s)
                    if doc is None and item.status == ItemStatus.RECEIVED:
                        continue  # requeued after a crash
                    children = doc.children if doc else []
                    root = _root_id(session, item)
                    room = settings.max_items_per_upload - expanded[root]
                    if len(children) > room:
                        refused = len(children) - max(room, 0)
                        children = children[: max(room, 0)]
                        repository.mark_error(
                            session, item, "extract",
                            f"{refused} members not expanded: the limit of {settings.max_items_per_upload} "
                            "items per submitted file was reached",
                        )  # fmt: skip
                    expanded[root] += len(children)
                    for child in children:
                        child_item = repository.add_child(session, item, child, batch_id)
                        if child_item is not None and child_item.status == ItemStatus.RECEIVED:
                            queue.append(child_item)
                            progress.on_total(1)
                        elif child_item is not None:
                            _account(result, child_item, None, progress)
                    session.commit()
                    _account(result, item, doc, progress)
        except KeyboardInterrupt:
            pool.stop()  # type: ignore[no-untyped-call]
            session.rollback()
            raise


def _root_id(session: Session, item: Item) -> str:
    while item.parent_id is not None:
        parent = session.get(Item, item.parent_id)
        if parent is None:
            break
        item = parent
    return item.id


def _collect(
    session: Session, future: Future[Any], item: Item, crashes: Counter[str], queue: deque[Item],
    result: BatchResult, limit: float,
) -> Document | None:  # fmt: skip
    try:
        doc_json, notes = future.result()
    except FutureTimeout:
        repository.mark_error(
            session, item, "extract", f"time limit of {limit:g} s per file exceeded"
        )
        return None
    except ProcessExpired as exc:
        crashes[item.id] += 1
        if crashes[item.id] <= RETRIES_AFTER_CRASH:
            queue.append(item)
            return None
        repository.mark_error(session, item, "worker", f"worker process died (exit code {exc.exitcode})")
        return None
    except Exception as exc:  # an error outside the pipeline's own handling: keep the item
        repository.mark_error(session, item, "worker", f"{type(exc).__name__}: {exc}")
        return None
    doc = Document.model_validate(doc_json)
    repository.save_result(session, item, doc)
    for key, value in notes.items():
        result.notes[key] = result.notes.get(key, 0) + value
    return doc


def _account(result: BatchResult, item: Item, doc: Document | None, progress: Progress) -> None:
    result.processed.append(item.id)
    result.statuses[item.status] += 1
    if item.status == ItemStatus.ERROR:
        result.error_stages[item.error_stage or "unknown"] += 1
    if doc is not None and doc.needs_human_translation:
        result.needs_human_translation += 1
    result.pages += item.pages or 0
    progress.on_item(item, doc)
