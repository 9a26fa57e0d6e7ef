"""The queue's search in text: filled when an item is stored, refilled by the migration for items
stored before it existed, and gone with the item when retention erases it."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.config import Config
from sqlalchemy import select

from tests.conftest import Drain
from triage.config import Settings
from triage.service import queue, retention
from triage.service.queue import QueueFilter
from triage.service.runtime import Runtime, Wakeup
from triage.service.submissions import submit_text
from triage.service.views import TextSubmission
from triage.storage.db import MIGRATIONS
from triage.storage.tables import SearchText

LETTER = "Zahtjev za pravnu pomoć: svjedok Ivo BRKIĆ vidio je kamion."


def found(rt: Runtime, words: str) -> list[str]:
    with rt.session() as session:
        page = queue.list_queue(session, QueueFilter(text=words), actor="test", purpose="test")
    return [row.id for row in page.items]


def test_search_finds_words_in_any_case_after_a_migration_and_forgets_erased_items(
    settings: Settings, drain: Drain
) -> None:
    rt = Runtime.build(settings, dispatcher=Wakeup())
    try:
        item = submit_text(rt, TextSubmission(text=LETTER, language="hr"), principal="key:t", idempotency_key=None).id
        drain(rt)
        assert found(rt, "brkić") == [item] and found(rt, "KAMION") == [item] and found(rt, "tractor") == []
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", settings.resolved_database_url)
        command.downgrade(cfg, "0002")  # as if the item had been stored before the search existed
        command.upgrade(cfg, "head")
        assert found(rt, "Ivo BRKIĆ") == [item]
        with rt.session() as session:
            later = dt.datetime.now(dt.UTC) + dt.timedelta(days=9999)
            retention.apply(session, rt.blobs, settings, actor="test", at=later)
            assert session.scalars(select(SearchText)).all() == []
        assert found(rt, "brkić") == []
    finally:
        rt.close()
