"""Analysis of a corpus in the format of shared/eval/SCHEMA.md, writing predictions in it.

This is how quality becomes a number: the same stages as ``triage process``, minus
extraction (the corpus already holds text), over every line of the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from triage.config import Settings
from triage.document import Document
from triage.errors import InvalidInput
from triage.pipeline import get_stages, run_pipeline
from triage.service import worker


def read_corpus(path: Path) -> list[dict[str, Any]]:
    items = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not isinstance(obj.get("text"), str):
                raise InvalidInput(f"{path}:{number}: each line needs a string 'id' and a string 'text'")
            items.append(obj)
    return items


def text_stages() -> list[str]:
    """The stages that run on text (all but those that need a stored file)."""
    return [s.name for s in get_stages() if not s.needs_file]


def _init(settings: Settings) -> None:
    worker.init_worker(settings, warm_up=False)


def analyze_one(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    ctx = worker.context()
    before = dict(ctx.notes)
    doc = run_pipeline(Document(text=item["text"]), ctx, from_file=False)
    prediction = doc.to_prediction(item["id"])
    if doc.error:
        prediction["error"] = {"stage": doc.error_stage, "reason": doc.error}
    prediction["needs_human_translation"] = doc.needs_human_translation
    return prediction, {k: v - before.get(k, 0) for k, v in ctx.notes.items()}


def analyze(items: list[dict[str, Any]], settings: Settings, workers: int = 1) -> Iterator[dict[str, Any]]:
    """Predictions in corpus order; ``workers`` > 1 spreads items over processes."""
    if workers <= 1:
        _init(settings)
        for item in items:
            yield analyze_one(item)[0]
        return
    with get_context("spawn").Pool(workers, initializer=_init, initargs=(settings,)) as pool:
        for prediction, _notes in pool.imap(analyze_one, items, chunksize=2):
            yield prediction
