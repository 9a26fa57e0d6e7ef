"""one item per submitted file: a unique key that two runs started together cannot both insert

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 12:50:00

Two ``triage process`` runs on one data folder could each find no item for a file and each
insert one. ``top_key`` ("origin:sha256" on items submitted directly, empty on container
members) is unique, so the second insert is refused by the database. A database that
already holds such twins keeps them all (nothing is deleted): the oldest gets the key.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("top_key", sa.String(length=80), nullable=True))
    items = sa.table(
        "items", sa.column("id", sa.String), sa.column("sha256", sa.String), sa.column("origin", sa.String),
        sa.column("parent_id", sa.String), sa.column("created_at", sa.DateTime), sa.column("top_key", sa.String),
    )  # fmt: skip
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(items.c.id, items.c.sha256, items.c.origin)
        .where(items.c.parent_id.is_(None))
        .order_by(items.c.created_at, items.c.id)
    ).all()
    keyed: set[str] = set()
    for row in rows:
        key = f"{row.origin}:{row.sha256}"
        if key not in keyed:
            keyed.add(key)
            conn.execute(sa.update(items).where(items.c.id == row.id).values(top_key=key))
    with op.batch_alter_table("items") as batch:
        batch.create_unique_constraint("uq_items_top_key", ["top_key"])


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_constraint("uq_items_top_key", type_="unique")
        batch.drop_column("top_key")
