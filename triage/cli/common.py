"""What every command shares: settings from options, readable errors, the console."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.errors import Conflict, InvalidInput, NotFound, TriageError

console = Console()
err_console = Console(stderr=True, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")

#: Exit codes, one per kind of failure, so scripts can tell them apart.
EXIT_CODES: dict[type[TriageError], int] = {NotFound: 3, InvalidInput: 4, Conflict: 5}


def settings_from(data_dir: Path | None = None, workers: int | None = None) -> Settings:
    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if workers is not None:
        overrides["workers"] = workers
    return Settings(**overrides)  # type: ignore[arg-type]


def friendly_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Domain and settings errors become one readable line and an exit code, not a traceback."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            problems = "; ".join(
                ".".join(map(str, e["loc"])) + ": " * bool(e["loc"]) + e["msg"].removeprefix("Value error, ")
                for e in exc.errors()
            )
            err_console.print(f"[red]error:[/] invalid settings: {problems}")
            raise typer.Exit(2) from None
        except TriageError as exc:
            err_console.print(f"[red]error:[/] {exc}")
            raise typer.Exit(next((c for t, c in EXIT_CODES.items() if isinstance(exc, t)), 1)) from None

    return wrapper


DataDirOption = typer.Option(
    None, "--data-dir", help="Folder for the database, blobs and reports (env TRIAGE_DATA_DIR; default ./data)."
)

AcceptBrokenOption = typer.Option(
    None, "--accept-broken-audit-chain", metavar="ADMIN",
    help="Start although the audit log does not verify: an admin account's name (logged, with --because).",
)  # fmt: skip
BecauseOption = typer.Option(None, "--because", help="Why a broken audit log is accepted (kept in the log).")

ActorOption = typer.Option(
    None, "--actor", help="Who acts, as the audit log will name it (default: cli:LOGIN-NAME)."
)


def actor_name(actor: str | None) -> str:
    return actor or f"cli:{getpass.getuser()}"


@contextmanager
def db_session(settings: Settings, *, existing: bool = False) -> Iterator[Session]:
    """A session on the installation's database (schema brought to head), closed with its engine.

    ``existing``: commands that only read what was processed before refuse a data folder that
    holds no database, rather than create an empty one (a typo in ``--data-dir``).
    """
    from triage.storage.db import Database

    if existing and settings.database_url is None:
        path = Path(settings.resolved_database_url.removeprefix("sqlite:///"))
        if not path.exists():
            raise NotFound(
                f"no database in the data folder {settings.data_dir}: nothing was processed there "
                "(check --data-dir or TRIAGE_DATA_DIR)"
            )
    db = Database(settings)
    try:
        with db.session() as session:
            yield session
    finally:
        db.dispose()
