"""The ordered registry of pipeline stages.

A stage is a plain function ``(doc, ctx) -> None`` that fills its own part of the document.
Contract: a stage is idempotent (it replaces, never appends to, the outputs it owns), raises
``TriageError`` subclasses for expected failures, and never touches storage or the network.
Stages register themselves with ``@register_stage(name, order)``; the modules that hold
them are listed once in ``triage.pipeline.plugins``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from triage.document import Document
from triage.errors import ConfigError
from triage.pipeline.context import PipelineContext

StageFn = Callable[[Document, PipelineContext], None]


@dataclass(frozen=True)
class Stage:
    name: str
    order: int
    fn: StageFn
    needs_file: bool = False  # runs only on items that come from a stored file


_STAGES: dict[str, Stage] = {}
_loaded = False


def register_stage(name: str, order: int, *, needs_file: bool = False) -> Callable[[StageFn], StageFn]:
    def decorate(fn: StageFn) -> StageFn:
        _STAGES[name] = Stage(name, order, fn, needs_file)
        return fn

    return decorate


def _load_plugins() -> None:
    global _loaded
    if not _loaded:
        from triage.pipeline.plugins import STAGE_MODULES

        for module in STAGE_MODULES:
            import_module(module)
        _loaded = True


def get_stages(names: list[str] | None = None) -> list[Stage]:
    """Registered stages in order; ``names`` selects a subset (unknown names are an error)."""
    _load_plugins()
    if names is not None:
        unknown = sorted(set(names) - set(_STAGES))
        if unknown:
            raise ConfigError(f"unknown stage(s) {unknown}; known: {sorted(_STAGES)}")
    stages = sorted(_STAGES.values(), key=lambda s: s.order)
    return [s for s in stages if names is None or s.name in names]


def stage_names() -> list[str]:
    return [s.name for s in get_stages()]
