"""Shared fixtures: settings in a temporary data folder, and the database URLs to test on."""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from triage.config import Settings
from triage.pii.stage import NER_RESOURCE, load_spacy_ner
from triage.pipeline import PipelineContext
from triage.service import processing
from triage.service.processing import Claim
from triage.service.runtime import Runtime, Wakeup

POSTGRES_URL = os.environ.get("TRIAGE_TEST_POSTGRES_URL")

#: What the service's own logs must never hold, whatever the tests make it do: the personal data of
#: the test items, the test accounts' passwords, and API keys.
NEVER_LOGGED = (
    "NOWAK", "VERNIER", "MARCHAND", "FAVRE", "Pistou", "KOWALSKI", "DE89 3704 0044 0532 0130 00",
    "FR14 2004 1010 0505 0001 3M02 606", "+33 6 71 42 93 05", "a password long enough", "mlt_",
)  # fmt: skip
#: The service's loggers (the test's own HTTP client logs the URLs it asks for, queries included).
SERVICE_LOGGERS = ("api", "triage", "workers", "models", "uvicorn", "celery", "kombu", "alembic", "sqlalchemy")


class _LogScan(logging.Handler):
    """Every record the service logs during the run, checked at the end for ``NEVER_LOGGED``."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records = 0
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(SERVICE_LOGGERS):
            return
        self.records += 1
        try:
            text = record.getMessage() + (self.format(record) if record.exc_info else "")
        except Exception:  # a record that cannot be formatted is not a leak
            return
        self.found.extend(f"{record.name}: {s!r}" for s in NEVER_LOGGED if s in text)


_scan = _LogScan()


def load_file(path: Path) -> ModuleType:
    """A script or bench file that is no package module, imported by its path."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_configure(config: pytest.Config) -> None:
    root = logging.getLogger()
    root.addHandler(_scan)
    root.setLevel(min(root.level, logging.INFO))  # what an installation logs by default, and more


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A full run whose service logs named any test item's personal data, a password or a key fails."""
    logging.getLogger().removeHandler(_scan)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if _scan.found:
        if reporter is not None:
            reporter.write_line(f"personal data or secrets in the service's logs: {sorted(set(_scan.found))}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter is not None:
        reporter.write_line(f"log scan: {_scan.records} records of the service's loggers, no personal data or secret")


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
