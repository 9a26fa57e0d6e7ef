"""``triage analyze CORPUS.jsonl -o PREDICTIONS.jsonl``: predictions for the eval scorer."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.progress import Progress

from triage.analyze import analyze as run_analysis
from triage.analyze import read_corpus, text_stages
from triage.cli.common import DataDirOption, console, friendly_errors, settings_from


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)


@friendly_errors
def analyze(
    corpus: Path = typer.Argument(..., exists=True, dir_okay=False, help="Items in the eval JSONL format."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the predictions (JSONL)."),
    data_dir: Path | None = DataDirOption,
    workers: int = typer.Option(1, "--workers", "-w", help="Worker processes."),
) -> None:
    """Run every text stage on each corpus item and write predictions (shared/eval/SCHEMA.md)."""
    settings = settings_from(data_dir)
    items = read_corpus(corpus)
    console.print(f"stages: {', '.join(text_stages())}")
    started = time.monotonic()
    errors = 0
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8") as fh, Progress(console=console) as bar:
        task = bar.add_task("analysing", total=len(items))
        for prediction in run_analysis(items, settings, workers):
            errors += "error" in prediction
            fh.write(json.dumps(prediction, ensure_ascii=False) + "\n")
            bar.advance(task)
    seconds = time.monotonic() - started
    console.print(
        f"{len(items)} predictions in {seconds:.1f} s ({len(items) / seconds:.1f} items/s incl. model loading), "
        f"{errors} with a stage error -> {output}"
    )
