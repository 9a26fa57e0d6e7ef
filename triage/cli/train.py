"""``triage train``: retrain the offence model from labelled items and report its figures.

Prints the k-fold cross-validated micro precision / recall / F1 of the model alone, of the
terms alone (the baseline that needs no training) and of the two combined, then fits on
every item and saves a versioned artefact that ``triage analyze`` picks up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from triage.cli.common import DataDirOption, console, friendly_errors, settings_from


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)


@friendly_errors
def train_command(
    corpus: Annotated[Path, typer.Argument(help="Labelled items, one JSON object a line (corpus format).")],
    folds: Annotated[int, typer.Option("--folds", help="Folds of the cross-validation.")] = 5,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Folder for the artefact (default DATA_DIR/classifiers).")
    ] = None,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Train the offence classifier, print its cross-validated figures and save it."""
    from triage.offences.artefact import classifier_dir, save_model
    from triage.offences.training import cross_validate, data_hash, items_from_corpus, train

    items = items_from_corpus(corpus)
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
    folder = output or classifier_dir(settings_from(data_dir))
    manifest = save_model(model, folder, data_hash=data_hash(items), figures=figures, n_items=len(items))
    console.print(f"saved {manifest.with_suffix('.joblib')} (manifest {manifest.name})")
