"""Run invented batteries of one-line items and report the lines whose expectation fails.

    python eval/battery.py eval/batteries/*.tsv

Each line of a battery is ``LANGUAGE<TAB>EXPECTED<TAB>TEXT``: EXPECTED is an urgency level
(``immediate``, ``urgent``, ``routine``: the level the item must get) or an offence code (the
item must be labelled with it). ``\\n`` in TEXT is a line break. The lines are written by the
team from general vocabulary (see eval/batteries/README.md), never copied from a labelled
split: they say whether a concept is read in every language, not how well the service does
on unseen items; the splits' figures do that.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from triage.config import Settings
from triage.document import Document
from triage.offences.taxonomy import load_taxonomy
from triage.pipeline import run_pipeline
from triage.service import worker
from triage.vocabulary import UrgencyLevel

LEVELS = {level.value for level in UrgencyLevel}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batteries", nargs="+", type=Path, help="TSV files: language, expected, text")
    args = parser.parse_args(argv)
    expectations = LEVELS | set(load_taxonomy().codes)
    batteries: dict[Path, list[list[str]]] = {}
    for path in args.batteries:
        try:
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except (OSError, UnicodeDecodeError) as exc:
            parser.error(f"{path}: cannot be read ({exc})")
        rows = [line.split("\t", 2) for line in lines]
        for number, fields in enumerate(rows, 1):
            if len(fields) < 3 or not all(fields):
                parser.error(f"{path}:{number}: a line is LANGUAGE<TAB>EXPECTED<TAB>TEXT")
            if fields[1] not in expectations:
                parser.error(f"{path}:{number}: {fields[1]!r} is no urgency level and no offence code")
        batteries[path] = rows
    worker.init_worker(Settings(), warm_up=False)
    ctx = worker.context()
    failed = total = 0
    for path, rows in batteries.items():
        misses = []
        for number, (language, expected, text) in enumerate(rows, 1):
            doc = run_pipeline(
                Document(text=text.replace("\\n", "\n"), declared_language=language), ctx, from_file=False
            )
            if expected in LEVELS:
                got = str(doc.findings.urgency.level) if doc.findings.urgency else "none"
                ok = got == expected
            else:
                got = ",".join(sorted(o.code for o in doc.findings.offences)) or "none"
                ok = expected in got.split(",")
            if not ok:
                misses.append(f"  {path.name}:{number} {language} expected {expected}, got {got}: {text[:90]}")
        failed += len(misses)
        total += len(rows)
        print(f"{path}: {len(rows) - len(misses)} of {len(rows)} as expected")
        for miss in misses:
            print(miss)
    print(f"all: {total - failed} of {total} as expected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
