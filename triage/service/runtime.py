"""What the settings build once per process: the database, the blob store and the dispatcher.

The dispatcher sends work to workers. Without a broker (the embedded default) it only wakes
the in-process pool; with one it is the Celery adapter in ``workers/``, imported by name so
``triage`` never imports Celery. A message a dispatcher loses costs time, never an item:
the sweep (``processing.sweep``) finds items nobody took and sends them again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Protocol, cast

from sqlalchemy.orm import Session

from triage.config import Settings
from triage.errors import ConfigError
from triage.storage.blobs import BlobStore
from triage.storage.db import Database


class Dispatcher(Protocol):
    """Hands work to workers; best effort, never raises for a broker that is down."""

    def items(self, queue: str, item_ids: Sequence[str]) -> None:
        """Ask for ``queue``'s stage group to run on each item."""

    def deliveries(self, delivery_ids: Sequence[str]) -> None:
        """Ask for these completion callbacks to be attempted."""

    def check(self) -> None:
        """Raise ``Unavailable`` if the broker does not answer (readiness)."""


@dataclass
class Wakeup:
    """The embedded dispatcher: work is in the database already; this wakes the local pool."""

    event: threading.Event = field(default_factory=threading.Event)

    def items(self, queue: str, item_ids: Sequence[str]) -> None:
        if item_ids:
            self.event.set()

    def deliveries(self, delivery_ids: Sequence[str]) -> None:
        if delivery_ids:
            self.event.set()

    def check(self) -> None:
        return None


#: Dispatchers for a configured broker, by name; imported only when used.
DISPATCHERS: dict[str, str] = {"celery": "workers.dispatch:CeleryDispatcher"}


def load_dispatcher(settings: Settings, name: str = "celery") -> Dispatcher:
    if not settings.scale_out:
        return Wakeup()
    try:
        module_name, _, attr = DISPATCHERS[name].partition(":")
    except KeyError:
        raise ConfigError(f"unknown dispatcher {name!r}; known: {sorted(DISPATCHERS)}") from None
    return cast(Dispatcher, getattr(import_module(module_name), attr)(settings))


@dataclass
class Runtime:
    """The collaborators every entry point needs, built from the settings in one place."""

    settings: Settings
    db: Database
    blobs: BlobStore
    dispatcher: Dispatcher

    @classmethod
    def build(cls, settings: Settings, *, dispatcher: Dispatcher | None = None, migrate: bool = True) -> Runtime:
        return cls(
            settings=settings,
            db=Database(settings, migrate=migrate),
            blobs=BlobStore(settings.blob_dir),
            dispatcher=dispatcher if dispatcher is not None else load_dispatcher(settings),
        )

    def session(self) -> Session:
        return self.db.session()

    def close(self) -> None:
        self.db.dispose()
