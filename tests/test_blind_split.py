"""The blind split builds cleanly from its sources, and its corpus file is the one they give."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BLIND = Path(__file__).resolve().parent.parent / "eval" / "blind"


def test_the_blind_split_checks_and_matches_its_sources() -> None:
    command = [sys.executable, str(BLIND / "build.py"), "--check"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    items = [json.loads(line) for line in (BLIND / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    sources = sorted(p.name.split("_")[0] for p in (BLIND / "source").glob("B*.txt"))
    assert sorted(item["id"] for item in items) == sources
    for item in items:
        for span in item["pii"]:
            assert item["text"][span["start"] : span["end"]] == span["text"]
