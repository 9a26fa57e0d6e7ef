"""Engine and sessions; the schema is always brought to the newest Alembic revision first."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from triage.config import Settings
from triage.errors import ConfigError
from triage.storage import audit
from triage.storage.private import owner_only_files, tighten

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers (the review page, `triage show`) work while a batch writes.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    try:
        engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    except Exception as exc:  # bad URL or missing driver
        raise ConfigError(f"cannot use database URL {url.split('@')[-1]!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


#: PostgreSQL advisory lock key held while migrating ("triage" in ASCII).
_MIGRATION_LOCK = 0x747269616765


@contextlib.contextmanager
def _migration_lock(url: str, engine: Engine) -> Iterator[None]:
    """Processes that start together (API workers, Celery workers) migrate one after the other."""
    if url.startswith("sqlite:///"):
        lock_path = Path(url.removeprefix("sqlite:///") + ".migrate.lock")
        with open(lock_path, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            yield
        return
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
        return
    yield


def upgrade(url: str, engine: Engine | None = None) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    owned = engine is None
    engine = engine or make_engine(url)
    try:
        with _migration_lock(url, engine):
            command.upgrade(cfg, "head")
    finally:
        if owned:
            engine.dispose()


class Database:
    """One database: engine, session factory, schema kept at head."""

    def __init__(self, settings: Settings, *, migrate: bool = True) -> None:
        url = settings.resolved_database_url
        owner_only_files()
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            path.parent.mkdir(parents=True, exist_ok=True)
            tighten(settings.data_dir, path.parent, *(path.with_name(path.name + end) for end in ("", "-wal", "-shm")))
        self.url = url
        self.engine = make_engine(url)
        if migrate:
            upgrade(url, self.engine)
        self.session = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self.session)

    def dispose(self) -> None:
        self.engine.dispose()
