"""The ordered registry of pipeline stages.

A stage is a plain function ``(doc, ctx) -> None`` that fills its own part of the document.
Contract: a stage is idempotent (it replaces, never appends to, the outputs it owns), raises
``TriageError`` subclasses for expected failures, and never touches storage or the network.
Stages register themselves with ``@register_stage(name, order)``; the modules that hold
them are listed once in ``triage.pipeline.plugins``.

Each stage belongs to one of the ``QUEUES``, the groups a scaled-out installation runs on
separate worker queues (extraction and OCR; translation, on GPU hosts; analysis). The
groups run in the order of ``QUEUES``; the embedded pool runs them one after the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from triage.document import Document
from triage.errors import ConfigError
from triage.pipeline.context import PipelineContext

StageFn = Callable[[Document, PipelineContext], None]

#: The stage groups, in the order an item goes through them.
QUEUES: tuple[str, ...] = ("extract", "translate", "analyse")


@dataclass(frozen=True)
class Stage:
    name: str
    order: int
    fn: StageFn
    needs_file: bool = False  # runs only on items that come from a stored file
    queue: str = "analyse"


_STAGES: dict[str, Stage] = {}
_loaded = False


def register_stage(
    name: str, order: int, *, needs_file: bool = False, queue: str = "analyse"
) -> Callable[[StageFn], StageFn]:
    if queue not in QUEUES:
        raise ConfigError(f"stage {name!r}: unknown queue {queue!r}; known: {list(QUEUES)}")

    def decorate(fn: StageFn) -> StageFn:
        _STAGES[name] = Stage(name, order, fn, needs_file, queue)
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


def stages_of(queues: list[str]) -> list[Stage]:
    """The stages of the given groups, in order."""
    return [s for s in get_stages() if s.queue in queues]


def queues_from(queue: str) -> list[str]:
    """``queue`` and the groups after it."""
    return list(QUEUES[QUEUES.index(queue) :])


def next_queue(queue: str) -> str | None:
    index = QUEUES.index(queue) + 1
    return QUEUES[index] if index < len(QUEUES) else None
