from __future__ import annotations

import pytest

from triage.config import Settings
from triage.document import Document
from triage.errors import ConfigError, StageError
from triage.pipeline import PipelineContext, Stage, get_stages, run_pipeline


def test_core_stages_are_registered_in_order() -> None:
    names = [s.name for s in get_stages()]
    assert names[:3] == ["extract", "language", "segment"]
    orders = [s.order for s in get_stages()]
    assert orders == sorted(orders)


def test_unknown_stage_names_are_refused_with_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="known"):
        get_stages(["nope"])


def test_a_failing_stage_marks_the_item_and_stops() -> None:
    calls: list[str] = []

    def good(doc: Document, ctx: PipelineContext) -> None:
        calls.append("good")

    def bad(doc: Document, ctx: PipelineContext) -> None:
        raise StageError("bad", "model exploded")

    def never(doc: Document, ctx: PipelineContext) -> None:
        calls.append("never")

    stages = [Stage("good", 1, good), Stage("bad", 2, bad), Stage("never", 3, never)]
    doc = run_pipeline(Document(text="x"), PipelineContext(Settings()), stages)
    assert calls == ["good"]
    assert doc.error_stage == "bad" and doc.error is not None and "model exploded" in doc.error
    assert [(s.name, s.ok) for s in doc.stages] == [("good", True), ("bad", False)]


def test_rerunning_is_idempotent() -> None:
    text = "The request concerns a fraud committed in March. The suspect lives in Lyon."
    ctx = PipelineContext(Settings())
    doc = run_pipeline(Document(text=text), ctx, from_file=False)
    timings = {"stages": {"__all__": {"seconds"}}}
    first = doc.model_dump(exclude=timings)
    run_pipeline(doc, ctx, from_file=False)
    assert doc.model_dump(exclude=timings) == first
    assert all(s.seconds is not None and s.seconds >= 0 for s in doc.stages)
    assert doc.error is None
    assert "extract" not in [s.name for s in doc.stages]  # it needs a stored file
