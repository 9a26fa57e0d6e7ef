"""The queue's search in text: an item's text and its translation, folded once when it is stored.

Folding (Unicode case folding) lets one ``LIKE`` find "Nowak" in "NOWAK" on SQLite and
PostgreSQL alike; the row goes with the item when retention erases it.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from triage.document import Document
from triage.storage.tables import SearchText


def fold(text: str) -> str:
    return text.casefold()


def search_text(doc: Document) -> str:
    return fold("\n".join([doc.text, *(t.text for t in doc.translations)]))


def index(session: Session, item_id: str, doc: Document) -> None:
    session.merge(SearchText(item_id=item_id, text=search_text(doc)))


def forget(session: Session, item_id: str) -> None:
    session.execute(delete(SearchText).where(SearchText.item_id == item_id))
