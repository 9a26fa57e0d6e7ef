"""Review: decisions sit beside the machine's findings, move the queue, shape the export, feed training."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.conftest import Drain
from triage.errors import Conflict, InvalidInput
from triage.service import accounts, queue, review
from triage.service.queue import QueueFilter
from triage.service.runtime import Runtime
from triage.service.submissions import submit_text
from triage.service.views import ReviewRequest, SpanDecision, TextSubmission
from triage.storage.tables import AuditEvent, Decision
from triage.vocabulary import Action, PiiType, UrgencyLevel

ROUTINE = "Dear colleagues, please find enclosed our annual statistics on cooperation in 2025. Kind regards."
FRAUD = (
    "Request for assistance. The suspect Marek NOWAK defrauded investors of 2 million euro. "
    "Witness Anna KOWALSKA saw the transfers. His account DE89 3704 0044 0532 0130 00 received the money."
)


def _items(rt: Runtime, drain: Drain) -> tuple[str, str]:
    routine = submit_text(rt, TextSubmission(text=ROUTINE), principal="key:t", idempotency_key=None).id
    fraud = submit_text(rt, TextSubmission(text=FRAUD), principal="key:t", idempotency_key=None).id
    drain(rt)
    return routine, fraud


def _order(rt: Runtime) -> list[str]:
    with rt.session() as session:
        return [r.id for r in queue.list_queue(session, QueueFilter(), actor="user:r", purpose="test").items]


def test_decisions_keep_the_machine_findings_and_move_the_queue(runtime: Runtime, drain: Drain) -> None:
    routine, _fraud = _items(runtime, drain)
    with runtime.session() as session:
        machine = review.read(session, routine, actor="user:r", purpose="review", via="test")
    assert machine.findings.offences == [] and machine.review.offences is None
    request = ReviewRequest(offences=["terrorism"], urgency=UrgencyLevel.IMMEDIATE, deadline=dt.date(2027, 1, 2))
    with runtime.session() as session:
        state = review.decide(session, routine, request, actor="user:r")
    assert state.offences == ["terrorism"] and state.urgency == "immediate" and state.deadline_decided
    assert _order(runtime)[0] == routine  # the corrected item now leads the queue
    with runtime.session() as session:
        after = review.read(session, routine, actor="user:r", purpose="review", via="test")
        decisions = session.scalars(sa.select(Decision).where(Decision.item_id == routine)).all()
    assert after.findings.offences == []  # the machine's findings are untouched
    assert [o.code for o in after.effective.offences] == ["terrorism"]
    assert after.effective.urgency is not None and after.effective.urgency.deadline == dt.date(2027, 1, 2)
    assert after.effective.offences[0].evidence[0].source == "review"
    assert {d.field for d in decisions} == {"offences", "urgency", "deadline"}
    with runtime.session() as session:
        pred = review.prediction(session, routine, actor="key:cms", purpose="case system")
        machine_pred = review.prediction(session, routine, actor="key:cms", purpose="x", machine_only=True)
    assert pred["offences"] == [{"code": "terrorism", "score": 1.0}] and machine_pred["offences"] == []
    assert pred["urgency"]["level"] == "immediate" and pred["urgency"]["deadline"] == "2027-01-02"


def test_span_decisions_change_the_export_and_reviewed_unlocks_it(runtime: Runtime, drain: Drain) -> None:
    _, fraud = _items(runtime, drain)
    settings = runtime.settings
    with runtime.session() as session:
        item = review.read(session, fraud, actor="user:r", purpose="review", via="test")
    iban = next(s for s in item.findings.pii if s.type == PiiType.IBAN)
    with runtime.session() as session, pytest.raises(Conflict, match="not marked reviewed"):
        review.export(session, fraud, actor="user:r", purpose="x", settings=settings)
    missed_start = FRAUD.index("2 million euro")
    decisions = ReviewRequest(
        spans=[
            SpanDecision(start=iban.start, end=iban.end, type=PiiType.IBAN, action=Action.KEEP),  # reversed
            SpanDecision(start=missed_start, end=missed_start + 9, type=PiiType.BANK_ACCOUNT, action=Action.REDACT),
        ],
        reviewed=True,
        note="Checked against the original letter.",
    )
    with runtime.session() as session:
        state = review.decide(session, fraud, decisions, actor="user:r")
    assert state.reviewed and state.reviewed_by == "user:r" and state.notes[0].text.startswith("Checked")
    with runtime.session() as session:
        exported = review.export(session, fraud, actor="user:r", purpose="onward sharing", settings=settings,
                                 recipient="Eurojust")  # fmt: skip
        events = session.scalars(sa.select(AuditEvent).where(AuditEvent.item_id == fraud)).all()
    assert "DE89 3704 0044 0532 0130 00" in exported.text  # the reviewer chose to keep it
    assert "2 million" not in exported.text and len(exported.text) == len(FRAUD)
    assert "NOWAK" not in exported.text and "KOWALSKA" not in exported.text
    disclosure = next(e for e in events if e.action == "exported_minimised")
    assert disclosure.category == "disclosure" and disclosure.detail["to"] == "Eurojust"  # type: ignore[index]
    assert {e.category for e in events} >= {"collection", "alteration", "consultation", "disclosure"}


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        (ReviewRequest(offences=["not_an_offence"]), "unknown offence code"),
        (ReviewRequest(assignee="nobody"), "not an active user"),
        (ReviewRequest(spans=[SpanDecision(start=0, end=10_000, type=PiiType.PERSON, action=Action.REDACT)]),
         "ends after the text"),
        (ReviewRequest(), "no decision"),
    ],
    ids=["offence", "assignee", "span", "empty"],
)
def test_bad_decisions_are_refused_and_nothing_is_written(
    runtime: Runtime, drain: Drain, request_: ReviewRequest, error: str
) -> None:
    routine, _ = _items(runtime, drain)
    with runtime.session() as session, pytest.raises(InvalidInput, match=error):
        review.decide(session, routine, request_, actor="user:r")
    with runtime.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


def test_assignee_and_training_examples(runtime: Runtime, drain: Drain) -> None:
    _routine, fraud = _items(runtime, drain)
    with runtime.session() as session:
        accounts.add_user(session, "ana", "reviewer", "a long enough password", actor="cli:admin")
        review.decide(session, fraud, ReviewRequest(assignee="ana", offences=["fraud", "money_laundering"]),
                      actor="user:lead")  # fmt: skip
        page = queue.list_queue(session, QueueFilter(assignee="ana"), actor="user:lead", purpose="test")
        examples = review.labelled_items(session, actor="cli:train")
        combined = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "training_read")).one()
    assert [r.id for r in page.items] == [fraud] and page.items[0].offences == ["fraud", "money_laundering"]
    assert [(e.item_id, e.codes) for e in examples] == [(fraud, ("fraud", "money_laundering"))]
    assert examples[0].text == FRAUD and combined.category == "combination"
