"""Claims make processing safe with many workers: one holder at a time, lapsed claims taken over,
stale results refused, items that kill their workers put in an error state, nothing left behind."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import sqlalchemy as sa

from tests.conftest import Drain
from triage.service import processing
from triage.service.processing import Claim, Outcome
from triage.service.runtime import Runtime
from triage.service.submissions import submit_text
from triage.service.views import TextSubmission
from triage.storage.tables import AuditEvent, Item, StageRun
from triage.vocabulary import ItemStatus

LETTER = "The prosecutor investigates a fraud. The suspect Jan KOWALSKI lives in Lyon and is in custody."


def _submit(rt: Runtime, text: str = LETTER) -> str:
    return submit_text(rt, TextSubmission(text=text), principal="key:test", idempotency_key=None).id


def _claim(rt: Runtime, item_id: str, **kwargs: object) -> Claim | Outcome | None:
    with rt.session() as session:
        taken = processing.claim(session, item_id, rt.settings, **kwargs)  # type: ignore[arg-type]
        session.commit()
    return taken


def _item(rt: Runtime, item_id: str) -> Item:
    with rt.session() as session:
        item = session.get(Item, item_id)
        assert item is not None
        return item


def test_groups_run_in_order_and_the_item_ends_done_once(runtime: Runtime, pipeline_context: object) -> None:
    from triage.pipeline import PipelineContext

    item_id = _submit(runtime)
    assert _claim(runtime, item_id, queue="translate") is None  # not that group's turn yet
    ctx = PipelineContext(runtime.settings)
    for queue, following in (("extract", "translate"), ("translate", "analyse"), ("analyse", None)):
        claim = _claim(runtime, item_id, queue=queue)
        assert isinstance(claim, Claim) and claim.queues == (queue,)
        assert _claim(runtime, item_id, queue=queue) is None  # held: nobody else gets it
        doc_json, _ = processing.execute(claim.payload, ctx)
        with runtime.session() as session:
            outcome = processing.complete(session, claim, doc_json, runtime.settings)
            session.commit()
        assert outcome.next_queue == following
    item = _item(runtime, item_id)
    assert item.status == ItemStatus.DONE and item.next_stage is None and item.claim_token is None
    assert item.urgency_level is not None and item.language == "en"
    assert _claim(runtime, item_id, queue="extract") is None  # a redelivered message does nothing
    with runtime.session() as session:
        processed = session.scalars(sa.select(AuditEvent).where(AuditEvent.item_id == item_id,
                                                                AuditEvent.action == "processed")).all()  # fmt: skip
        timed = {r.stage for r in session.scalars(sa.select(StageRun).where(StageRun.item_id == item_id))}
    assert len(processed) == 1 and processed[0].detail["status"] == "done"  # type: ignore[index]
    assert {"language", "segment", "translate", "pii", "offences", "urgency", "minimise"} <= timed


def test_a_lapsed_claim_is_taken_over_and_the_old_holder_cannot_store(runtime: Runtime, drain: Drain) -> None:
    item_id = _submit(runtime)
    first = _claim(runtime, item_id)
    assert isinstance(first, Claim)
    with runtime.session() as session:  # the first worker's lease runs out (it hangs, or its host is gone)
        session.execute(sa.update(Item).where(Item.id == item_id).values(
            claimed_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))  # fmt: skip
        session.commit()
    second = _claim(runtime, item_id)
    assert isinstance(second, Claim) and second.token != first.token and second.attempts == 2
    with runtime.session() as session:
        stale = processing.complete(session, first, {"text": "forged"}, runtime.settings)
        session.commit()
    assert stale.stale and _item(runtime, item_id).status == ItemStatus.PROCESSING
    with runtime.session() as session:
        assert processing.release(session, second)
        session.commit()
    assert drain(runtime) == [item_id]
    assert _item(runtime, item_id).status == ItemStatus.DONE


def test_a_claim_of_a_dead_local_process_lapses_at_once(runtime: Runtime) -> None:
    item_id = _submit(runtime)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    claimant = f"{processing.HOST}:{dead.stdout.strip()}"
    assert isinstance(_claim(runtime, item_id, claimant=claimant), Claim)
    with runtime.session() as session:
        assert processing.claimable(session, 10) == [item_id]
        assert processing.sweep(session, runtime.settings) == {"extract": [item_id]}
        session.commit()


def test_an_item_whose_workers_keep_dying_ends_in_an_explicit_error(runtime: Runtime) -> None:
    item_id = _submit(runtime)
    for _ in range(runtime.settings.max_attempts):
        assert isinstance(_claim(runtime, item_id), Claim)
        with runtime.session() as session:  # the worker dies: its lease runs out
            session.execute(sa.update(Item).values(claimed_until=dt.datetime.now(dt.UTC) - dt.timedelta(1)))
            session.commit()
    outcome = _claim(runtime, item_id)
    assert isinstance(outcome, Outcome) and outcome.status == ItemStatus.ERROR
    item = _item(runtime, item_id)
    assert item.status == ItemStatus.ERROR and item.error_stage == "worker" and item.claim_token is None
    assert f"each of {runtime.settings.max_attempts} attempts" in (item.error or "")


def test_the_sweep_resends_only_what_nobody_holds(runtime: Runtime) -> None:
    queued, held = _submit(runtime), _submit(runtime, "Another letter about a robbery in Porto.")
    assert isinstance(_claim(runtime, held), Claim)
    with runtime.session() as session:
        assert processing.sweep(session, runtime.settings) == {}  # dispatched just now, held just now
        session.execute(sa.update(Item).values(dispatched_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)))
        session.commit()
        assert processing.sweep(session, runtime.settings) == {"extract": [queued]}
        session.commit()
        assert processing.sweep(session, runtime.settings) == {}  # marked as sent again


def test_members_become_items_up_to_the_limit_per_submitted_file(runtime: Runtime, drain: Drain) -> None:
    import io
    import zipfile

    from triage.service.submissions import submit_file

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for n in range(5):
            zf.writestr(f"letter{n}.txt", f"Letter number {n} about a theft of a car in Ghent.")
    sha = runtime.blobs.put_bytes(data.getvalue())
    runtime.settings.max_items_per_upload = 3
    receipt = submit_file(runtime, sha, len(data.getvalue()), "dump.zip", principal="key:test", idempotency_key=None)
    drain(runtime)
    with runtime.session() as session:
        items = list(session.scalars(sa.select(Item)))
    members = [i for i in items if i.parent_id == receipt.id]
    assert len(members) == 3 and all(m.status == ItemStatus.DONE and m.root_id == receipt.id for m in members)
    container = next(i for i in items if i.id == receipt.id)
    assert container.status == ItemStatus.ERROR and "2 members not expanded" in (container.error or "")
