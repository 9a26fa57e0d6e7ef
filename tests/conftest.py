"""Shared fixtures: settings in a temporary data folder, and the database URLs to test on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from triage.config import Settings

POSTGRES_URL = os.environ.get("TRIAGE_TEST_POSTGRES_URL")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", workers=1)


def _database_params() -> list[object]:
    reason = (
        "needs PostgreSQL: set TRIAGE_TEST_POSTGRES_URL, e.g. "
        "postgresql+psycopg://postgres@127.0.0.1:5432/test (.ci/run does)"
    )
    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgres", id="postgres",
            marks=[pytest.mark.postgres, pytest.mark.skipif(POSTGRES_URL is None, reason=reason)],
        ),
    ]  # fmt: skip


@pytest.fixture(params=_database_params())
def db_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for each database backend: SQLite always, PostgreSQL when configured.

    Each PostgreSQL test gets a schema of its own so tests never see each other's rows.
    """
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path / "data", workers=1)
    import sqlalchemy as sa

    assert POSTGRES_URL is not None
    schema = f"t_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    request.addfinalizer(lambda: _drop_schema(engine, schema))
    sep = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    return Settings(data_dir=tmp_path / "data", workers=1, database_url=url)


def _drop_schema(engine: object, schema: str) -> None:
    import sqlalchemy as sa

    assert isinstance(engine, sa.Engine)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()
