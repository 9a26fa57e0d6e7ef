"""``triage models ...``: list, install, verify, convert, remove and pull translation models.

Models come onto an offline machine as folders or archives copied from a connected one
(``pull`` there, then copy ``data/models`` or the hub cache); ``install`` checksums every
file and registers it, and the service loads only what the manifest lists and verifies.
The model code is imported inside each command: ``triage --help`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from triage.cli.common import DataDirOption, console, friendly_errors, settings_from

if TYPE_CHECKING:  # models/ is imported inside the commands, keeping `triage --help` light
    from models.translation.registry import ModelRegistry

models_app = typer.Typer(help="Translation models: install, verify, convert, list, remove, pull.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")


def _registry(data_dir: Path | None) -> ModelRegistry:
    from models.translation.registry import ModelRegistry

    return ModelRegistry(settings_from(data_dir).resolved_models_dir)


def _langs(value: str | None) -> list[str] | None:
    return [v.strip().lower() for v in value.split(",") if v.strip()] if value else None


@contextmanager
def _bytes_bar(
    description: str, total: int | None = None
) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """A byte progress bar; yields (advance, set_total)."""
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
        console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task(description, total=total)
        yield (lambda n: bar.advance(task, n)), (lambda n: bar.update(task, total=n))


@models_app.command("list")
@friendly_errors
def list_models(data_dir: Path | None = DataDirOption) -> None:
    """The installed models: languages, family, backend, licence."""
    registry = _registry(data_dir)
    entries = registry.list()
    if not entries:
        console.print(f"no translation model installed in {registry.root}")
        return
    for e in entries:
        langs = e.languages_label if len(e.sources) <= 6 else f"{len(e.sources)} languages"
        backend = e.backend + (f" {e.quantization}" if e.quantization else "")
        derived = f"  from {e.derived_from}" if e.derived_from else ""
        line = f"[bold]{e.name}[/]  {langs}  {e.family}  {backend}  licence {e.licence}  {len(e.files)} files"
        console.print(
            line + derived,
            markup=True,
            highlight=False,
            soft_wrap=True,
        )


PathArg = Annotated[
    Path, typer.Argument(help="A model folder, an archive of one, or a hub cache folder models--ORG--NAME.")
]
NameOpt = Annotated[str | None, typer.Option("--name", help="Registry name (default: folder, repo or NAME-ct2-Q).")]
SourcesOpt = Annotated[
    str | None, typer.Option("--sources", help="Source languages, comma-separated ISO 639-1; * for any.")
]
TargetsOpt = Annotated[str | None, typer.Option("--targets", help="Target languages, comma-separated ISO 639-1.")]
LicenceOpt = Annotated[str | None, typer.Option("--licence", help="Licence (default: the model card's).")]
ReplaceOpt = Annotated[bool, typer.Option("--replace", help="Replace an installed model of the same name.")]
QuantOpt = Annotated[str, typer.Option("--quantization", "-q", help="int8 (CPU), float16 or int8_float16 (GPU), ...")]
CacheOpt = Annotated[Path | None, typer.Option("--cache-dir", help="Hub cache folder (default: huggingface_hub's).")]


@models_app.command("install")
@friendly_errors
def install(
    path: PathArg,
    name: NameOpt = None,
    sources: SourcesOpt = None,
    targets: TargetsOpt = None,
    licence: LicenceOpt = None,
    replace: ReplaceOpt = False,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Copy a model in, checksum every file and register it."""
    from models.translation.registry import InstallRequest

    request = InstallRequest(source=path, name=name, sources=_langs(sources), targets=_langs(targets),
                             licence=licence, replace=replace)  # fmt: skip
    with _bytes_bar("install") as (advance, set_total):
        entry = _registry(data_dir).install(request, advance, set_total)
    console.print(
        f"installed [bold]{entry.name}[/] ({entry.languages_label}, {entry.backend}, licence {entry.licence})"
    )


@models_app.command("verify")
@friendly_errors
def verify(
    names: Annotated[list[str] | None, typer.Argument(help="Models to check (default: all).")] = None,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Check every file of the models against the checksums recorded at install."""
    registry = _registry(data_dir)
    failed = 0
    for name in names or [e.name for e in registry.list()]:
        with _bytes_bar(f"verify {name}", registry.bytes_of(name)) as (advance, _):
            report = registry.verify(name, advance)
        if report.ok:
            console.print(f"[green]ok[/] {name}")
        else:
            failed += 1
            console.print(f"[red]FAILED[/] {name}: " + "; ".join(report.problems))
    if failed:
        raise typer.Exit(1)


@models_app.command("convert")
@friendly_errors
def convert(
    name: Annotated[str, typer.Argument(help="An installed transformers model.")],
    quantization: QuantOpt = "int8",
    new_name: NameOpt = None,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Convert to CTranslate2 (the fast path) and register the result beside the original."""
    from models.translation.convert import convert as run_convert

    registry = _registry(data_dir)
    with console.status(f"converting {name} to CTranslate2 {quantization} ..."):
        entry = run_convert(registry, name, quantization, new_name)
    console.print(f"installed [bold]{entry.name}[/] ({entry.backend} {entry.quantization}) from {name}")


@models_app.command("remove")
@friendly_errors
def remove(name: Annotated[str, typer.Argument()], data_dir: Path | None = DataDirOption) -> None:
    """Unregister a model and delete its folder."""
    entry = _registry(data_dir).remove(name)
    console.print(f"removed {entry.name}")


@models_app.command("pull")
@friendly_errors
def pull(
    repo_id: Annotated[str, typer.Argument(help="Hub repository, e.g. Helsinki-NLP/opus-mt-fr-en.")],
    revision: Annotated[str | None, typer.Option("--revision")] = None,
    cache_dir: CacheOpt = None,
    name: NameOpt = None,
    licence: LicenceOpt = None,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Operators on a connected machine: download from the hub, then install (never used by the service).

    With HF_HUB_OFFLINE=1 the repo is taken from the local hub cache instead.
    """
    from models.translation.hub import pull as run_pull

    registry = _registry(data_dir)
    with console.status(f"fetching {repo_id} ..."):
        entry = run_pull(registry, repo_id, revision, cache_dir, name, licence)
    console.print(f"installed [bold]{entry.name}[/] ({entry.languages_label}, licence {entry.licence})")
