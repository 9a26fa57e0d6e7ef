"""The order of the intake queue: most urgent first.

Key, compared left to right (smaller sorts first):
1. urgency level: immediate, urgent, routine, then items not yet analysed;
2. deadline: the soonest first, items without a deadline after those with one;
3. offence gravity: the gravest offence of the item (rank 1 = gravest), read from the
   ``gravity`` field of ``triage/offences/taxonomy.yaml``; offences the taxonomy does
   not rank, or items with no offence, come last;
4. the document's date, oldest first (first come, first served).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml

from triage.document import Document, Findings
from triage.vocabulary import UrgencyLevel
from triage.yamlfiles import load_yaml

TAXONOMY = Path(__file__).resolve().parent.parent / "offences" / "taxonomy.yaml"
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(UrgencyLevel)}
UNRANKED = 10_000
#: Used only when the taxonomy file has no gravity ranks (kept short on purpose).
FALLBACK_GRAVITY = {
    "icc_crimes": 1, "terrorism": 2, "murder_grievous_bodily_injury": 3,
    "kidnapping_hostage_taking": 4, "child_sexual_exploitation": 5, "trafficking_human_beings": 6,
    "rape": 7, "nuclear_materials_trafficking": 8, "weapons_trafficking": 9,
}  # fmt: skip


@lru_cache(maxsize=1)
def gravity_table(path: Path = TAXONOMY) -> dict[str, int]:
    """Offence code -> gravity rank (1 = gravest), from the taxonomy or the fallback."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
        table = {o["code"]: int(o["gravity"]) for o in raw.get("offences", []) if "gravity" in o}
    except (OSError, yaml.YAMLError, TypeError, KeyError, ValueError):
        table = {}
    return table or dict(FALLBACK_GRAVITY)


def priority_key(item: Document | Findings) -> tuple[int, int, int, int]:
    """Sort key for the queue: ``sorted(docs, key=priority_key)`` puts the most pressing first."""
    findings = item.findings if isinstance(item, Document) else item
    doc_date = item.document_date if isinstance(item, Document) else None
    urgency = findings.urgency
    level = LEVEL_RANK.get(urgency.level, 3) if urgency else 3
    deadline = urgency.deadline.toordinal() if urgency and urgency.deadline else dt.date.max.toordinal()
    table = gravity_table()
    gravity = min((table.get(o.code, UNRANKED) for o in findings.offences), default=UNRANKED)
    received = doc_date.toordinal() if doc_date else dt.date.max.toordinal()
    return level, deadline, gravity, received
