"""``triage train``: retrain the offence model from labelled items and report its figures.

Prints the k-fold cross-validated micro precision / recall / F1 of the model alone, of the
terms alone (the baseline that needs no training) and of the two combined, then fits on
every item and saves a versioned artefact that ``triage analyze`` picks up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from triage.cli.common import DataDirOption, console, db_session, friendly_errors, settings_from
from triage.config import Settings
from triage.errors import InvalidInput

if TYPE_CHECKING:
    from triage.offences.training import LabelledItem


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)


@friendly_errors
def train_command(
    corpus: Annotated[
        Path | None, typer.Argument(help="Labelled items, one JSON object a line (corpus format).")
    ] = None,
    reviews: Annotated[
        bool, typer.Option(
            "--from-reviews", "--reviews", help="Also learn from the offences reviewers confirmed or corrected."
        )
    ] = False,
    folds: Annotated[int, typer.Option("--folds", help="Folds of the cross-validation.")] = 5,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Folder for the artefact (default DATA_DIR/classifiers).")
    ] = None,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Train the offence classifier, print its cross-validated figures and save it.

    In scale-out the model is also put into the shared database, where every worker finds it.
    """
    from triage.offences.artefact import classifier_dir, publish, save_model
    from triage.offences.training import cross_validate, data_hash, items_from_corpus, train

    settings = settings_from(data_dir)
    if corpus is None and not reviews:
        raise InvalidInput("give a corpus file, --from-reviews, or both")
    items = items_from_corpus(corpus) if corpus else []
    if reviews:
        items += _reviewed(settings)
        console.print(f"{len(items)} labelled items, reviewers' decisions included")
    if not items:
        raise InvalidInput("no labelled items to learn from")
    with console.status(f"cross-validating on {len(items)} items ({folds} folds)"):
        figures = cross_validate(items, folds)
    table = Table(title=f"offences, {folds}-fold cross-validation, micro averages, {len(items)} items")
    for column in ("reader", "precision", "recall", "F1"):
        table.add_column(column)
    for reader in ("terms", "model", "combined"):
        f = figures[reader]
        table.add_row(reader, f"{f['precision']:.3f}", f"{f['recall']:.3f}", f"{f['f1']:.3f}")
    console.print(table)
    with console.status("training on every item"):
        model = train(items, figures.pop("calibration_pairs"))
    cal = figures["calibration"]
    console.print(
        f"score calibration (Platt, on {cal['pairs']} out-of-fold item/code pairs): "
        f"Brier {cal['brier_raw']:.4f} raw -> {cal['brier_calibrated']:.4f} calibrated (cross-validated)"
    )
    folder = output or classifier_dir(settings)
    manifest = save_model(model, folder, data_hash=data_hash(items), figures=figures, n_items=len(items))
    console.print(f"saved {manifest.with_suffix('.joblib')} (manifest {manifest.name})")
    if settings.scale_out:
        publish(settings, manifest)
        console.print("published to the shared database: every worker uses it from its next start")


def _reviewed(settings: Settings) -> list[LabelledItem]:
    """The ``LabelledSource`` of the review store: reviewers' offence decisions."""
    from triage.service.review import labelled_items

    with db_session(settings, existing=True) as session:
        return labelled_items(session, actor="cli:train")
