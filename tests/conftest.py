"""Shared fixtures: settings in a temporary data folder, and the database URLs to test on."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from triage.config import Settings
from triage.pii.stage import NER_RESOURCE, load_spacy_ner
from triage.pipeline import PipelineContext
from triage.service import processing
from triage.service.processing import Claim
from triage.service.runtime import Runtime, Wakeup

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
    return Settings(data_dir=tmp_path / "data", workers=1, database_url=postgres_schema(request))


def postgres_schema(request: pytest.FixtureRequest) -> str:
    """A database URL on a fresh schema of the test PostgreSQL server, dropped after the test."""
    import sqlalchemy as sa

    assert POSTGRES_URL is not None
    schema = f"t_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    engine = sa.create_engine(POSTGRES_URL, pool_pre_ping=True)  # the server may restart meanwhile (fault tests)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    request.addfinalizer(lambda: _drop_schema(engine, schema))
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"


def _drop_schema(engine: object, schema: str) -> None:
    import sqlalchemy as sa

    assert isinstance(engine, sa.Engine)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def runtime(db_settings: Settings) -> Iterator[Runtime]:
    """The service's runtime on each database, with the embedded dispatcher (nothing runs by itself)."""
    rt = Runtime.build(db_settings, dispatcher=Wakeup())
    yield rt
    rt.close()


@pytest.fixture(scope="session")
def pipeline_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("pipeline"), workers=1)


@pytest.fixture(scope="session")
def pipeline_context(pipeline_settings: Settings) -> PipelineContext:
    """One pipeline context for the session's in-process processing (models load once)."""
    return PipelineContext(pipeline_settings)


Drain = Callable[[Runtime], list[str]]


def process_queued(rt: Runtime, ctx: PipelineContext) -> list[str]:
    """Every queued item processed in this process, as a worker would; returns their ids."""
    done: list[str] = []
    while True:
        with rt.session() as session:
            ids = processing.claimable(session, 50)
            claims = [c for i in ids if isinstance(c := processing.claim(session, i, rt.settings), Claim)]
            session.commit()
        if not claims:
            return done
        for claim in claims:
            doc_json, _ = processing.execute(claim.payload, ctx)
            with rt.session() as session:
                processing.complete(session, claim, doc_json, rt.settings)
                session.commit()
            done.append(claim.item_id)


def shared_context(rt: Runtime, pipeline_context: PipelineContext, **resources: object) -> PipelineContext:
    """A context for ``rt``'s settings that shares the session's spaCy pipelines (and ``resources``)."""
    pipeline_context.resource(NER_RESOURCE, load_spacy_ner)
    return PipelineContext(rt.settings, resources={NER_RESOURCE: pipeline_context.resources[NER_RESOURCE], **resources})


@pytest.fixture
def drain(pipeline_context: PipelineContext) -> Drain:
    """``drain(rt)`` processes every queued item in this process, as a worker would; returns their ids."""
    return lambda rt: process_queued(rt, shared_context(rt, pipeline_context))
