"""``triage serve``: the API (and, embedded, the worker pool) on this machine."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from triage.cli.common import (
    AcceptBrokenOption,
    BecauseOption,
    DataDirOption,
    console,
    db_session,
    friendly_errors,
    settings_from,
)
from triage.service import accounts, integrity


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


@friendly_errors
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    http_workers: int = typer.Option(1, "--http-workers", help="API processes (each with its own worker pool)."),
    workers: int | None = typer.Option(None, "--workers", "-w", help="Worker processes per pool (default: cores)."),
    data_dir: Path | None = DataDirOption,
    accept_broken: str | None = AcceptBrokenOption,
    because: str | None = BecauseOption,
) -> None:
    """Serve the review web page at /, the HTTP API at /v1/..., its description at /openapi.json and /docs.

    With no account yet, the first one (user admin, a supervisor) is made and its one-time
    password printed, or taken from TRIAGE_FIRST_USER_PASSWORD. Without TRIAGE_BROKER_URL (the
    embedded default) items are processed here, on SQLite under the data folder; with it, by
    `triage worker` processes on any host.
    """
    import uvicorn

    from api.main import create_app

    settings = settings_from(data_dir, workers)
    with db_session(settings) as session:  # the schema at head before any worker starts
        integrity.check_at_start(session, "serve", accepted_by=accept_broken, reason=because)
        first = settings.first_user_password
        one_time = accounts.first_account(session, first.get_secret_value() if first else None)
    mode = "scale-out (broker)" if settings.scale_out else f"embedded ({settings.workers} worker processes)"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    console.print(f"review page: http://{shown}:{port}/  API docs: http://{shown}:{port}/docs  mode: {mode}",
                  soft_wrap=True)  # fmt: skip
    if one_time is not None:
        console.print(
            f"first account: user [bold]{accounts.FIRST_USER}[/bold] ({accounts.FIRST_ROLE}), one-time password "
            f"[bold]{one_time}[/bold] (to be changed at the first sign-in; shown once). More accounts: "
            "triage users add NAME --role ROLE", soft_wrap=True,
        )  # fmt: skip
    levels = {"api": "INFO", "uvicorn": "INFO", "workers": "INFO", "triage": "WARNING"}
    log_config = {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"out": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "loggers": {name: {"handlers": ["out"], "level": level, "propagate": False} for name, level in levels.items()},
    }  # fmt: skip
    if http_workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_config=log_config)
        return
    # Several processes build the app themselves, from the environment: pass the options on.
    if data_dir is not None:
        os.environ["TRIAGE_DATA_DIR"] = str(data_dir)
    if workers is not None:
        os.environ["TRIAGE_WORKERS"] = str(workers)
    uvicorn.run(
        "api.main:app_from_env", factory=True, host=host, port=port, workers=http_workers, access_log=False,
        log_config=log_config,
    )  # fmt: skip
