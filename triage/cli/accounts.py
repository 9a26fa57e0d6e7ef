"""``triage users ...`` and ``triage keys ...``: accounts for people and keys for systems."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from triage.cli.common import (
    ActorOption,
    DataDirOption,
    actor_name,
    console,
    db_session,
    friendly_errors,
    settings_from,
)
from triage.service import accounts
from triage.service.views import AccountView
from triage.vocabulary import AccessRole

users_app = typer.Typer(help="People's accounts: add, list, disable.", no_args_is_help=True)
keys_app = typer.Typer(help="Systems' API keys: create, list, revoke.", no_args_is_help=True)
ROLES = ", ".join(AccessRole)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")


def _table(title: str, rows: list[AccountView]) -> None:
    table = Table(title=title)
    for column in ("name", "role", "created", "disabled"):
        table.add_column(column)
    for row in rows:
        table.add_row(row.name, row.role, row.created_at.strftime("%Y-%m-%d %H:%M"),
                      row.disabled_at.strftime("%Y-%m-%d %H:%M") if row.disabled_at else "")  # fmt: skip
    console.print(table)


@users_app.command("add")
@friendly_errors
def add_user(
    name: str = typer.Argument(..., help="The user name people sign in with."),
    role: str = typer.Option(..., "--role", help=f"One of: {ROLES}."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    actor: str | None = ActorOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Add a person's account; the password is asked for (or read with --password-stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with db_session(settings_from(data_dir)) as session:
        user = accounts.add_user(session, name, role, password, actor=actor_name(actor))
    console.print(f"user [bold]{user.name}[/] added with role {user.role}")


@users_app.command("list")
@friendly_errors
def list_users(data_dir: Path | None = DataDirOption) -> None:
    """Every account, with its role and whether it is disabled."""
    with db_session(settings_from(data_dir)) as session:
        _table("users", accounts.list_users(session))


@users_app.command("disable")
@friendly_errors
def disable_user(
    name: str = typer.Argument(..., help="The user to disable."),
    actor: str | None = ActorOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Disable an account (it is kept, for the audit trail, but can no longer sign in)."""
    with db_session(settings_from(data_dir)) as session:
        accounts.disable_user(session, name, actor=actor_name(actor))
    console.print(f"user [bold]{name}[/] disabled")


@keys_app.command("create")
@friendly_errors
def create_key(
    name: str = typer.Argument(..., help="A name for the system that uses the key (e.g. the case system)."),
    role: str = typer.Option(..., "--role", help=f"One of: {ROLES}."),
    actor: str | None = ActorOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Create an API key and print it once: only a hash of it is kept."""
    with db_session(settings_from(data_dir)) as session:
        key, plain = accounts.create_key(session, name, role, actor=actor_name(actor))
    console.print(f"key [bold]{key.name}[/] (role {key.role}); shown once, keep it safe:", highlight=False)
    typer.echo(plain)


@keys_app.command("list")
@friendly_errors
def list_keys(data_dir: Path | None = DataDirOption) -> None:
    """Every key by name, with its role and whether it is revoked (never the key itself)."""
    with db_session(settings_from(data_dir)) as session:
        _table("keys", accounts.list_keys(session))


@keys_app.command("revoke")
@friendly_errors
def revoke_key(
    name: str = typer.Argument(..., help="The key to revoke."),
    actor: str | None = ActorOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Revoke a key at once; requests that present it are refused from now on."""
    with db_session(settings_from(data_dir)) as session:
        accounts.revoke_key(session, name, actor=actor_name(actor))
    console.print(f"key [bold]{name}[/] revoked")
