"""Fixtures for the PII tests: analyse invented text without NER (fast) and look spans up."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from triage.document import PiiSpan
from triage.pii.stage import analyse

Analyse = Callable[..., list[PiiSpan]]


@pytest.fixture
def pii() -> Analyse:
    """``pii(text, language)`` -> the spans, with every offset checked against the text."""

    def run(text: str, language: str | None = "en") -> list[PiiSpan]:
        spans, _ = analyse(text, language, None)
        for s in spans:
            assert text[s.start : s.end] == s.text
        return spans

    return run


def texts(spans: list[PiiSpan], kind: str) -> list[str]:
    return [s.text for s in spans if s.type == kind]
