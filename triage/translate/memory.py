"""Translation memory: segments already translated by the same model are not translated again.

Boilerplate, signatures and disclaimers repeat across a dump; a hit costs a lookup instead of
a model call. Keyed by the model id (name + checksum of its files) and a SHA-256 of (source
language, target language, text), so a different or re-installed model never serves an old
translation.

Where it lives (``memory_url``): on one machine, a SQLite file under ``data_dir`` beside the
blobs, protected the same way; in scale-out, the ``translation_memory`` table of the shared
database, so every host's translations serve every other host. It holds document text:
retention forgets entries older than the shortest retention period (``forget_before``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path

from sqlalchemy import Engine, Table, create_engine, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from triage.config import Settings
from triage.storage.tables import MemoryEntry, now

_TABLE: Table = MemoryEntry.__table__  # type: ignore[assignment]


def memory_key(source_lang: str, target_lang: str, text: str) -> str:
    return hashlib.sha256(f"{source_lang}\x00{target_lang}\x00{text}".encode()).hexdigest()


def memory_url(settings: Settings) -> str:
    """The shared database in scale-out, else a SQLite file of this machine."""
    if settings.scale_out:
        return settings.resolved_database_url
    return f"sqlite:///{(settings.data_dir / 'translation_memory.sqlite3').resolve()}"


class TranslationMemory:
    """Remembered translations at ``target`` (a database URL, or the path of a SQLite file)."""

    def __init__(self, target: str | Path) -> None:
        if isinstance(target, Path):
            target.parent.mkdir(parents=True, exist_ok=True)
            target = f"sqlite:///{target.resolve()}"
        self._lock = threading.Lock()
        self._engine: Engine = create_engine(target, pool_pre_ping=not target.startswith("sqlite"))
        if target.startswith("sqlite"):  # its own file: the table is made here (the database's by Alembic)
            Path(target.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            with self._engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            _TABLE.create(self._engine, checkfirst=True)

    def get_many(self, model: str, keys: list[str]) -> dict[str, str]:
        """The stored translations among ``keys`` for ``model``."""
        found: dict[str, str] = {}
        with self._lock, self._engine.connect() as conn:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = conn.execute(
                    select(_TABLE.c.key, _TABLE.c.translation).where(_TABLE.c.model == model, _TABLE.c.key.in_(chunk))
                )
                found.update({key: text for key, text in rows})
        return found

    def put_many(self, model: str, items: dict[str, str]) -> None:
        if not items:
            return
        rows = [{"model": model, "key": key, "translation": text, "created": now()} for key, text in items.items()]
        dialect = self._engine.dialect.name
        upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_TABLE)
        stmt = upsert.on_conflict_do_update(
            index_elements=["model", "key"], set_={"translation": upsert.excluded.translation}
        )
        with self._lock, self._engine.begin() as conn:
            conn.execute(stmt, rows)

    def forget_before(self, cutoff: dt.datetime, *, dry_run: bool = False) -> int:
        """Drop entries made before ``cutoff``; returns how many there were."""
        with self._lock, self._engine.begin() as conn:
            count = conn.scalar(select(func.count()).select_from(_TABLE).where(_TABLE.c.created < cutoff)) or 0
            if not dry_run:
                conn.execute(delete(_TABLE).where(_TABLE.c.created < cutoff))
        return int(count)

    def close(self) -> None:
        with self._lock:
            self._engine.dispose()
