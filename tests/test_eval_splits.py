"""The team's labelled splits (eval/blind, train, valid, valid2) build cleanly and match their sources."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parent.parent / "eval"


@pytest.mark.parametrize(("split", "prefix"), [("blind", "B"), ("train", "T"), ("valid", "V"), ("valid2", "W")])
def test_each_split_checks_and_matches_its_sources(split: str, prefix: str) -> None:
    command = [sys.executable, str(EVAL / "build.py"), split, "--check"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    items = [json.loads(line) for line in (EVAL / split / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    sources = sorted(p.name.split("_")[0] for p in (EVAL / split / "source").glob(f"{prefix}*.txt"))
    assert sources and sorted(item["id"] for item in items) == sources
    for item in items:
        for span in item["pii"]:
            assert item["text"][span["start"] : span["end"]] == span["text"]


def test_the_builder_refuses_an_id_of_the_other_split(tmp_path: Path) -> None:
    (tmp_path / "train" / "source").mkdir(parents=True)
    builder = tmp_path / "build.py"
    builder.write_text((EVAL / "build.py").read_text(encoding="utf-8"), encoding="utf-8")
    source = next((EVAL / "blind" / "source").glob("B001_*.txt"))
    (tmp_path / "train" / "source" / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    command = [sys.executable, str(builder), "train", "--check"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "is not Tnnn" in done.stdout


def test_only_checks_a_part_of_a_split_and_never_writes() -> None:
    command = [sys.executable, str(EVAL / "build.py"), "valid", "--check", "--only", "V1*", "--stats"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "items: 25" in done.stdout, done.stdout[-2000:]
    refused = subprocess.run([*command[:3], "--only", "V1*"], capture_output=True, text=True, check=False)
    assert refused.returncode == 2 and "add --check" in refused.stderr
    nothing = subprocess.run([*command[:4], "--only", "Z*"], capture_output=True, text=True, check=False)
    assert nothing.returncode == 1 and "no source file" in nothing.stdout


def test_the_report_counts_serbo_croatian_as_one_language_and_routine_items_raised(tmp_path: Path) -> None:
    def item(i: str, language: str, urgency: str) -> dict[str, object]:
        return {"id": i, "language": language, "kind": "email", "offences": [], "urgency": urgency,
                "urgency_reasons": [], "deadline": None, "pii": [], "special_categories": [],
                "protected_persons": [], "text": "x"}  # fmt: skip

    gold = [item("1", "sr", "routine"), item("2", "hr", "routine"), item("3", "pl", "immediate")]
    pred = [{"id": "1", "language": "bs", "urgency": {"level": "urgent"}},
            {"id": "2", "language": "hr", "urgency": {"level": "routine"}},
            {"id": "3", "language": "pl", "urgency": {"level": "immediate"}}]  # fmt: skip
    for name, rows in (("gold", gold), ("pred", pred)):
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    command = [
        sys.executable,
        str(EVAL / "report.py"),
        f"x={tmp_path / 'gold.jsonl'}:{tmp_path / 'pred.jsonl'}",
        "--by",
        "",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    row = next(line.split() for line in done.stdout.splitlines() if line.startswith("x "))
    assert row[1:3] == ["3", "1.00"]  # n, language accuracy with bs/hr/sr as one
    assert row[5:7] == ["1.00", "0.50"]  # immediate recall, routine items raised
