"""Processes a dump: register every file, then process every item (``triage process``).

Without a broker the embedded pool does the work here; with one (``TRIAGE_BROKER_URL``)
the items go to the Celery workers and this command follows their progress. Interrupting
(Ctrl-C, a kill) loses nothing: every result is committed on arrival, and items not
finished stay queued, so the next run (or a worker) picks up exactly those.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.document import Document
from triage.errors import InvalidInput
from triage.names import display_name
from triage.service import intake
from triage.service.pool import LocalPool
from triage.service.runtime import Runtime
from triage.storage.repository import FIRST_QUEUE, Arrival
from triage.storage.tables import Item
from triage.vocabulary import TERMINAL_STATUSES, ItemStatus


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
    roots: list[str] = field(default_factory=list)  # every submitted file's item, new or known
    empty_paths: list[Path] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    error_stages: Counter[str] = field(default_factory=Counter)
    needs_human_translation: int = 0
    warnings: Counter[str] = field(default_factory=Counter)  # items per reading warning
    pages: int = 0
    notes: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def rate(self) -> float:
        return len(self.processed) / self.seconds if self.seconds else 0.0

    def account(self, item: Item, doc: Document | None) -> None:
        self.processed.append(item.id)
        self.statuses[item.status] += 1
        if item.status == ItemStatus.ERROR:
            self.error_stages[item.error_stage or "unknown"] += 1
        if doc is not None:
            human, codes = doc.needs_human_translation, {w.code for w in doc.warnings}
        else:  # finished by a Celery worker: the stored record
            stored = item.document or {}
            human = bool(stored.get("needs_human_translation"))
            codes = {w["code"] for w in cast(list[dict[str, str]], stored.get("warnings") or [])}
        self.needs_human_translation += human
        self.warnings.update(codes)
        self.pages += item.pages or 0


def process_paths(
    paths: list[Path],
    settings: Settings,
    *,
    submitter: str | None = None,
    declared_language: str | None = None,
    progress: Progress | None = None,
    rt: Runtime | None = None,
) -> BatchResult:
    progress = progress or Progress()
    declared_language = intake.check_language(declared_language)
    empty = [p for p in paths if p.is_dir() and next(intake.walk([p]), None) is None]
    if len(empty) == len(paths):
        raise InvalidInput(f"nothing to process: no files under {', '.join(map(str, empty))}")
    own = rt is None
    rt = rt or Runtime.build(settings)
    started = time.monotonic()

    def account(item: Item, doc: Document | None) -> None:
        result.account(item, doc)
        progress.on_item(item, doc)

    try:
        with rt.session() as session:
            batch = intake.new_batch(session, submitter=submitter, paths=[str(p) for p in paths])
            session.commit()
            result = BatchResult(batch_id=batch.id, empty_paths=empty)
            arrival = Arrival(
                source="", submitter=submitter, batch_id=batch.id, declared_language=declared_language
            )
            new: list[str] = []
            for found in intake.walk(paths):
                item, created = intake.register_path(
                    session, found, settings=settings, blobs=rt.blobs,
                    arrival=replace(arrival, source=display_name(str(found.path.absolute()))),
                )  # fmt: skip
                session.commit()
                result.files_seen += 1
                result.files_new += created
                result.roots.append(item.id)
                progress.on_intake(1)
                if created and item.status == ItemStatus.ERROR:  # refused at intake: reported with the rest
                    progress.on_total(1)
                    account(item, None)
                elif created:
                    new.append(item.id)
            try:
                if settings.scale_out:
                    rt.dispatcher.items(FIRST_QUEUE, new)
                    _follow(session, batch.id, account, progress, set(result.processed))
                else:
                    progress.on_total(_in_work(session))
                    pool = LocalPool(rt, on_item=account, on_new=progress.on_total)
                    pool.run(until_idle=True)
                    result.notes = pool.notes
            except KeyboardInterrupt:
                result.interrupted = True
            result.seconds = time.monotonic() - started
            batch.summary = {
                "files_seen": result.files_seen, "files_new": result.files_new,
                "processed": len(result.processed), "statuses": dict(result.statuses), "pages": result.pages,
                "notes": result.notes, "seconds": round(result.seconds, 3), "interrupted": result.interrupted,
                "warnings": dict(result.warnings),
            }  # fmt: skip
            if not result.interrupted:
                batch.finished_at = dt.datetime.now(dt.UTC)
            session.commit()
    finally:
        if own:
            rt.close()
    return result


def _in_work(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Item).where(Item.status.in_([ItemStatus.RECEIVED, ItemStatus.PROCESSING]))
    ) or 0


def _follow(
    session: Session, batch_id: str, account: Callable[[Item, Document | None], None], progress: Progress,
    seen: set[str], poll_s: float = 1.0,
) -> None:  # fmt: skip
    """Report the batch's items as the Celery workers finish them, until none is left in work."""
    counted = len(seen)
    while True:
        session.expire_all()
        items = list(session.scalars(select(Item).where(Item.batch_id == batch_id)))
        progress.on_total(max(len(items) - counted, 0))
        counted = max(counted, len(items))
        for item in items:
            if item.id not in seen and item.status in TERMINAL_STATUSES:
                seen.add(item.id)
                account(item, None)
        if all(i.status in TERMINAL_STATUSES for i in items):
            return
        time.sleep(poll_s)
