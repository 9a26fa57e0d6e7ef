"""The battery runner (eval/battery.py) says which invented lines miss their expectation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent / "eval"


def test_a_battery_reports_each_line_that_misses_and_fails(tmp_path: Path) -> None:
    battery = tmp_path / "mini.tsv"
    battery.write_text(
        "en\timmediate\tWe have your son. Call the police and you will never see him again.\n"
        "en\tdrug_trafficking\tThe weather in Leeds was fine on Tuesday.\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(EVAL / "battery.py"), str(battery)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "1 of 2 as expected" in done.stdout
    assert "mini.tsv:2 en expected drug_trafficking, got none" in done.stdout
    assert "mini.tsv:1" not in done.stdout


def test_the_teams_batteries_parse() -> None:
    for path in (EVAL / "batteries").glob("*.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            language, expected, text = line.split("\t", 2)
            assert language.isalpha() and expected and text.strip(), f"{path.name}: {line!r}"


def test_a_malformed_battery_is_refused_with_its_line(tmp_path: Path) -> None:
    battery = tmp_path / "bad.tsv"
    battery.write_text("en\timmediate\tWe have your son.\nen\tdrugs\tTwo kilos on Tuesday.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(EVAL / "battery.py"), str(battery)], capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert "bad.tsv:2: 'drugs' is no urgency level and no offence code" in done.stderr
