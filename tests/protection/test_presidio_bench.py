"""bench/pii_vs_presidio.py: its mapping targets our types, and it fails clearly without Presidio."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import load_file
from triage.minimise.policy import PII_TYPES

BENCH = Path(__file__).resolve().parents[2] / "bench" / "pii_vs_presidio.py"


def load_bench() -> ModuleType:
    return load_file(BENCH)


def test_entity_map_targets_schema_types() -> None:
    bench = load_bench()
    assert set(bench.ENTITY_MAP.values()) <= set(PII_TYPES)
    assert bench.ENTITY_MAP["EMAIL_ADDRESS"] == "EMAIL" and bench.ENTITY_MAP["CRYPTO"] == "CRYPTO_WALLET"


def test_missing_presidio_exits_with_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    bench = load_bench()
    monkeypatch.setitem(sys.modules, "presidio_analyzer", None)
    with pytest.raises(SystemExit) as info:
        bench.build_presidio()
    assert "pip install presidio-analyzer" in str(info.value.code)


def test_scorer_is_imported_not_reimplemented() -> None:
    bench = load_bench()
    scorer_path = BENCH.parents[2] / "shared" / "eval" / "score.py"
    if not scorer_path.is_file():
        pytest.skip("shared evaluation not present next to the repository")
    scorer = bench.load_scorer(scorer_path)
    labels = {"language": "en", "offences": [], "urgency": "routine", "deadline": None}
    gold = {"A": {"id": "A", **labels, "pii": [{"start": 0, "end": 4, "type": "PERSON"}]}}
    pred = {"A": {"id": "A", "pii": [{"start": 2, "end": 6, "type": "PERSON"}]}}
    assert bench.relaxed(scorer, gold, pred, bench._any)["recall"] == 1.0
