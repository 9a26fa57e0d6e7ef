"""The intake queue order: level, then deadline, then offence gravity, then document date."""

from __future__ import annotations

import datetime as dt

from triage.document import Document, Findings, LabelFinding, UrgencyFinding
from triage.urgency import priority_key
from triage.urgency.priority import gravity_table


def item(name: str, level: str | None, deadline: str | None = None, offences: tuple[str, ...] = ()) -> Document:
    urgency = None
    if level is not None:
        urgency = UrgencyFinding(level=level, deadline=dt.date.fromisoformat(deadline) if deadline else None)
    findings = Findings(urgency=urgency, offences=[LabelFinding(code=c) for c in offences])
    return Document(item_id=name, findings=findings)


def test_queue_order() -> None:
    queue = [
        item("routine", "routine", offences=("terrorism",)),
        item("urgent-late", "urgent", "2027-03-01"),
        item("unanalysed", None),
        item("urgent-none-grave", "urgent", None, ("murder_grievous_bodily_injury",)),
        item("urgent-none-light", "urgent", None, ("fraud",)),
        item("urgent-soon", "urgent", "2027-01-10"),
        item("immediate", "immediate", None, ("other",)),
    ]
    order = [d.item_id for d in sorted(queue, key=priority_key)]
    assert order == [
        "immediate",
        "urgent-soon",
        "urgent-late",
        "urgent-none-grave",
        "urgent-none-light",
        "routine",
        "unanalysed",
    ]


def test_gravity_comes_from_the_offence_taxonomy() -> None:
    table = gravity_table()
    assert table["terrorism"] < table["fraud"]


def test_findings_alone_can_be_ranked() -> None:
    urgent = Findings(urgency=UrgencyFinding(level="urgent"))
    routine = Findings(urgency=UrgencyFinding(level="routine"))
    assert priority_key(urgent) < priority_key(routine)
