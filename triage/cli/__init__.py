"""The ``triage`` command line: one module per command group, each with ``register(app)``."""

from __future__ import annotations

import logging
from importlib import import_module

import typer

from triage.storage.private import owner_only_files

COMMAND_MODULES: list[str] = [
    "triage.cli.process",
    "triage.cli.analyze",
    "triage.cli.show",
    "triage.cli.export",
    "triage.cli.models",
    "triage.cli.train",
    "triage.cli.accounts",
    "triage.cli.audit",
    "triage.cli.retention",
    "triage.cli.prepare",
    # The service's edges register their own commands (`serve`, `worker`), importing FastAPI and
    # Celery only when those commands run.
    "api.cli",
    "workers.cli",
]

app = typer.Typer(
    name="triage",
    help="Offline intake, translation and triage of mutual legal assistance requests and evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)



@app.callback()
def _every_command() -> None:
    # Before any command writes a file: reports, exports and the database are evidence.
    owner_only_files()


for _module in COMMAND_MODULES:
    import_module(_module).register(app)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
