"""What a stage may use besides the document: settings and per-process resources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from triage.config import Settings

T = TypeVar("T")


@dataclass
class PipelineContext:
    """Per-process state shared by stages.

    ``resource`` builds heavy objects (spaCy pipelines, translators, classifiers) once per
    process and keeps them, so a worker pays for loading a model once, not once per item.
    ``notes`` collects what a stage wants the batch summary to show (e.g. memory hit rate).
    """

    settings: Settings
    resources: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, float] = field(default_factory=dict)

    def resource(self, key: str, factory: Callable[[], T]) -> T:
        if key not in self.resources:
            self.resources[key] = factory()
        value: T = self.resources[key]
        return value

    def count(self, key: str, amount: float = 1) -> None:
        self.notes[key] = self.notes.get(key, 0) + amount
