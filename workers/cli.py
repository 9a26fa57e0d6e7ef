"""``triage worker``: a Celery worker on the configured broker (scale-out)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from triage.cli.common import (
    AcceptBrokenOption,
    BecauseOption,
    DataDirOption,
    db_session,
    friendly_errors,
    settings_from,
)
from triage.pipeline import QUEUES
from triage.service import integrity


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)


@friendly_errors
def worker(
    queues: str = typer.Option(
        ",".join(QUEUES), "--queues", "-Q", help=f"Queues to take, comma-separated, of {', '.join(QUEUES)}."
    ),
    concurrency: int | None = typer.Option(None, "--concurrency", "-c", help="Worker processes (default: cores)."),
    pool: str = typer.Option("prefork", "--pool", help="Celery pool: prefork (default) or solo (one process)."),
    loglevel: str = typer.Option("INFO", "--loglevel", help="Log level of the worker."),
    data_dir: Path | None = DataDirOption,
    accept_broken: str | None = AcceptBrokenOption,
    because: str | None = BecauseOption,
) -> None:
    """Take tasks from the broker (TRIAGE_BROKER_URL): extraction and OCR, translation, analysis.

    Run one per host, or several; a GPU host takes only the translation queue (-Q translate).
    Every worker also sweeps for items left behind (a worker killed, a message lost).
    """
    from celery.signals import worker_process_init

    from triage.errors import InvalidInput
    from workers import state
    from workers.app import create_celery, queue_name
    from workers.sweeper import Sweeper

    settings = settings_from(data_dir)
    chosen = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = sorted(set(chosen) - set(QUEUES))
    if unknown or not chosen:
        raise InvalidInput(f"unknown queue(s) {unknown}; known: {', '.join(QUEUES)}")
    app = create_celery(settings)
    app.steps["worker"].add(Sweeper)
    with db_session(settings) as session:  # the schema at head once, here, before the pool starts
        integrity.check_at_start(session, "worker", accepted_by=accept_broken, reason=because)
    worker_process_init.connect(lambda **_: state.warm_up(settings), weak=False)
    if pool == "solo":
        state.warm_up(settings)
    argv = [
        "worker", "--pool", pool, "--loglevel", loglevel, "-n", f"triage-{os.getpid()}@%h",
        "-Q", ",".join(queue_name(settings, q) for q in chosen),
        "--concurrency", str(concurrency or settings.workers), "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    app.worker_main(argv)
