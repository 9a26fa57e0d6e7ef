"""Translation memory: segments already translated by the same model are not translated again.

Boilerplate, signatures and disclaimers repeat across a dump; a hit costs a SQLite lookup
instead of a model call. Keyed by the model id (name + checksum of its files) and a SHA-256
of (source language, target language, text), so a different or re-installed model never
serves an old translation. The file holds document text: it lives under ``data_dir``
with the blobs and is protected the same way.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translation_memory (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    translation TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (model, key)
)
"""


def memory_key(source_lang: str, target_lang: str, text: str) -> str:
    return hashlib.sha256(f"{source_lang}\x00{target_lang}\x00{text}".encode()).hexdigest()


class TranslationMemory:
    """A small SQLite store shared by the worker processes of one machine (WAL mode)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)

    def get_many(self, model: str, keys: list[str]) -> dict[str, str]:
        """The stored translations among ``keys`` for ``model``."""
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, translation FROM translation_memory WHERE model = ? AND key IN ({marks})",
                    [model, *chunk],
                )
                found.update(dict(rows.fetchall()))
        return found

    def put_many(self, model: str, items: dict[str, str]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO translation_memory (model, key, translation) VALUES (?, ?, ?)",
                [(model, key, text) for key, text in items.items()],
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
