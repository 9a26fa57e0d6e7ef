"""the review web page: sign-in sessions, sign-in limits and one-time passwords, the queue's text search

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 10:20:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from triage.document import Document
from triage.storage.search import search_text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=256), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_user_name"), ["user_name"], unique=False)
    search = op.create_table(
        "search_texts",
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"]),
        sa.PrimaryKeyConstraint("item_id"),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("failed_signins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    # Items processed before: their search text (core tables, so later models cannot break this step).
    items = sa.table("items", sa.column("id", sa.String), sa.column("document", sa.JSON))
    session = Session(bind=op.get_bind())
    rows = [
        {"item_id": item_id, "text": search_text(Document.model_validate(document))}
        for item_id, document in session.execute(sa.select(items.c.id, items.c.document))
        if document
    ]
    if rows:
        op.bulk_insert(search, rows)


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_signins")
        batch_op.drop_column("must_change_password")
    op.drop_table("search_texts")
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_name"))
    op.drop_table("web_sessions")
