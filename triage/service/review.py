"""Review: audited reading, reviewers' decisions, the effective triage, and the export.

The machine's findings are never overwritten. A decision is a row (``review_decisions``)
naming its author and time; the newest decision about a field counts, notes accumulate.
The *effective* findings are the machine's with the decisions applied; they order the
queue, feed the prediction and the export, and are what ``triage train`` learns from.
Every read is a consultation, every decision an alteration and every export a disclosure
in the audit log, with the actor and the purpose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.document import Document, Evidence, Findings, LabelFinding, PiiSpan, UrgencyFinding
from triage.errors import Conflict, InvalidInput, NotFound
from triage.minimise import minimised_text
from triage.minimise.stage import installation_pseudonyms, override, settings_policy
from triage.offences.taxonomy import load_taxonomy
from triage.offences.training import LabelledItem
from triage.service import views
from triage.storage import audit, repository
from triage.storage.queue_columns import queue_columns
from triage.storage.tables import AuditEvent, Decision, Item, User
from triage.vocabulary import Action, AuditCategory, ItemKind, ItemStatus, UrgencyLevel

REVIEW_SOURCE = "review"
REVIEWED_ACTION = "decided by a reviewer"


def load_decisions(session: Session, item_id: str) -> list[Decision]:
    return list(session.scalars(select(Decision).where(Decision.item_id == item_id).order_by(Decision.id)))


def review_state(decisions: Iterable[Decision]) -> views.ReviewState:
    """The decisions in force: the newest of each field (and span), every note."""
    state = views.ReviewState()
    spans: dict[str, views.SpanDecision] = {}
    for d in decisions:
        if d.field == "offences":
            state.offences = list(d.value or [])  # type: ignore[call-overload]
        elif d.field == "urgency":
            state.urgency = UrgencyLevel(str(d.value))
        elif d.field == "deadline":
            state.deadline_decided = True
            state.deadline = dt.date.fromisoformat(str(d.value)) if d.value else None
        elif d.field == "span":
            spans[d.key] = views.SpanDecision.model_validate(d.value)
        elif d.field == "note":
            state.notes.append(views.NoteView(actor=d.actor, at=d.at, text=str(d.value)))
        elif d.field == "assignee":
            state.assignee = str(d.value) if d.value else None
        elif d.field == "reviewed":
            state.reviewed = bool(d.value)
            state.reviewed_by, state.reviewed_at = (d.actor, d.at) if d.value else (None, None)
    state.spans = list(spans.values())
    return state


def _evidence(detail: str) -> Evidence:
    return Evidence(source=REVIEW_SOURCE, detail=detail)


def effective(doc: Document, state: views.ReviewState, settings: Settings | None = None) -> Document:
    """A copy of ``doc`` whose findings carry the reviewers' decisions (with ``settings``,
    span actions are applied with the pseudonyms and generalisers the export needs)."""
    if state.offences is None and state.urgency is None and not state.deadline_decided and not state.spans:
        return doc  # no finding decided: the machine's are in force
    out = doc.model_copy(deep=True)
    f = out.findings
    if state.offences is not None:
        machine = {o.code: o for o in f.offences}
        f.offences = [
            LabelFinding(
                code=code, score=1.0,
                evidence=[_evidence("confirmed by a reviewer" if code in machine else "added by a reviewer"),
                          *(machine[code].evidence if code in machine else [])],
            )
            for code in state.offences
        ]  # fmt: skip
    if state.urgency is not None or state.deadline_decided:
        base = f.urgency or UrgencyFinding()
        level = state.urgency or base.level
        f.urgency = UrgencyFinding(
            level=level,
            reasons=base.reasons if level == base.level else [],
            deadline=state.deadline if state.deadline_decided else base.deadline,
            deadline_evidence=_evidence("set by a reviewer") if state.deadline_decided else base.deadline_evidence,
        )
    if state.spans:
        _apply_spans(out, state.spans, settings)
    return out


def _apply_spans(doc: Document, decisions: list[views.SpanDecision], settings: Settings | None) -> None:
    by_key = {f"{s.start}:{s.end}:{s.type}": s for s in doc.findings.pii}
    decided: list[PiiSpan] = []
    for d in decisions:
        span = by_key.get(d.key)
        if span is None:  # a span the service missed
            span = PiiSpan(
                start=d.start, end=d.end, type=d.type, text=doc.text[d.start : d.end], role=d.role,
                role_basis=None if d.role is None else "set by a reviewer",
                evidence=_evidence("added by a reviewer"),
            )  # fmt: skip
            doc.findings.pii.append(span)
        elif d.role is not None and d.role != span.role:
            span.role, span.role_basis = d.role, "set by a reviewer"
        span.action, span.action_reason = d.action, REVIEWED_ACTION
        decided.append(span)
    doc.findings.pii.sort(key=lambda s: (s.start, s.end))
    if settings is not None:  # the export needs each decided span's pseudonym or generaliser
        policy, pseudonyms = settings_policy(settings), installation_pseudonyms(settings)
        for span in decided:
            override(doc, span, Action(span.action or Action.REDACT), REVIEWED_ACTION, policy, pseudonyms)


def _document(item: Item) -> Document | None:
    return Document.model_validate(item.document) if item.document else None


def live_item(session: Session, item_id: str) -> Item:
    item = repository.get_item(session, item_id)
    if item.status == ItemStatus.ERASED:
        raise NotFound(f"item {item_id} was erased under the retention rules")
    return item


def view(session: Session, item: Item) -> views.ItemView:
    doc = _document(item)
    state = review_state(load_decisions(session, item.id))
    return views.ItemView(
        id=item.id, status=ItemStatus(item.status), kind=ItemKind(item.kind), origin=item.origin,
        filename=item.filename, member_name=item.member_name, sha256=item.sha256, size=item.size,
        media_type=item.media_type, pages=item.pages, language=item.language,
        declared_language=item.declared_language, document_date=doc.document_date if doc else None,
        reference=item.reference, sender=item.sender, parent_id=item.parent_id,
        children=[views.ChildRef(id=c.id, member_name=c.member_name, status=ItemStatus(c.status))
                  for c in repository.children_of(session, item.id)],
        provenance=[views.ProvenanceView(source=p.source, submitter=p.submitter, batch_id=p.batch_id,
                                         received_at=p.received_at, reference=p.reference, sender=p.sender)
                    for p in repository.provenance_of(session, item.id)],
        next_stage=item.next_stage,
        error=views.ItemError(stage=item.error_stage, reason=item.error) if item.error else None,
        created_at=item.created_at, finished_at=item.finished_at,
        needs_human_translation=bool(doc and doc.needs_human_translation),
        text=doc.text if doc else None, segments=_segments(doc) if doc else [],
        findings=doc.findings if doc else Findings(),
        effective=effective(doc, state).findings if doc else Findings(),
        review=state, metadata=doc.metadata if doc else {}, warnings=doc.warnings if doc else [],
    )  # fmt: skip


def _segments(doc: Document) -> list[views.SegmentView]:
    """Each sentence with its translation beside it (aligned by segment index)."""
    translations = {t.segment_index: t for t in doc.translations}
    out = []
    for s in doc.segments:
        t = translations.get(s.index)
        out.append(
            views.SegmentView(
                index=s.index, start=s.start, end=s.end, paragraph=s.paragraph, language=s.language,
                text=doc.text[s.start : s.end], translation=views.TranslationView(**t.model_dump()) if t else None,
            )
        )  # fmt: skip
    return out


def read(session: Session, ref: str, *, actor: str, purpose: str, via: str, exact: bool = True) -> views.ItemView:
    """One item for a person or a system; the reading is logged (consultation)."""
    item = repository.get_item(session, ref) if exact else repository.find_item(session, ref)
    audit.record(
        session, "viewed", AuditCategory.CONSULTATION, actor=actor, item_id=item.id, purpose=purpose,
        detail={"via": via},
    )  # fmt: skip
    session.commit()
    return view(session, item)


def prediction(
    session: Session, item_id: str, *, actor: str, purpose: str, machine_only: bool = False
) -> dict[str, Any]:
    """The item in the prediction format of shared/eval/SCHEMA.md (effective findings by default)."""
    item = live_item(session, item_id)
    doc = _document(item)
    if doc is None or item.status != ItemStatus.DONE:
        raise Conflict(f"item {item_id} has no triage yet (status {item.status})")
    state = review_state(load_decisions(session, item.id))
    shown = doc if machine_only else effective(doc, state)
    audit.record(
        session, "viewed", AuditCategory.CONSULTATION, actor=actor, item_id=item.id, purpose=purpose,
        detail={"via": "prediction", "machine_only": machine_only},
    )  # fmt: skip
    session.commit()
    extra = {"reviewed": state.reviewed, "needs_human_translation": doc.needs_human_translation}
    return {**shown.to_prediction(item.id), **extra}


def decide(session: Session, item_id: str, request: views.ReviewRequest, *, actor: str) -> views.ReviewState:
    """Record a reviewer's decisions; the machine's findings stay, the queue follows the decisions."""
    item = live_item(session, item_id)
    decided = request.model_fields_set - {"spans"} | ({"spans"} if request.spans else set())
    if not decided:
        raise InvalidInput("the review names no decision: give at least one field")
    doc = _document(item)
    rows = _decision_rows(session, item, doc, request, decided)
    for field, key, value in rows:
        session.add(Decision(item_id=item.id, actor=actor, field=field, key=key, value=value))
    session.flush()
    state = review_state(load_decisions(session, item.id))
    if doc is not None:
        for column, value in queue_columns(effective(doc, state).findings, doc.document_date).items():
            setattr(item, column, value)
    item.assignee = state.assignee
    item.reviewed_at, item.reviewed_by = state.reviewed_at, state.reviewed_by
    audit.record(
        session, "reviewed", AuditCategory.ALTERATION, actor=actor, item_id=item.id, purpose="review",
        detail={"fields": sorted(decided), "spans": len(request.spans)},
    )  # fmt: skip
    session.commit()
    return state


def _decision_rows(
    session: Session, item: Item, doc: Document | None, request: views.ReviewRequest, decided: set[str]
) -> list[tuple[str, str, Any]]:
    """Validate every decision before any is written: a bad request changes nothing."""
    needs_text = decided & {"offences", "urgency", "deadline", "spans"}
    if needs_text and (doc is None or item.status != ItemStatus.DONE):
        raise Conflict(f"item {item.id} has no triage to correct (status {item.status}): {sorted(needs_text)}")
    rows: list[tuple[str, str, Any]] = []
    if "offences" in decided:
        if request.offences is None:
            raise InvalidInput("offences must be a list of codes (an empty list for none)")
        rows.append(("offences", "", load_taxonomy().validate(request.offences)))
    if "urgency" in decided:
        if request.urgency is None:
            raise InvalidInput("urgency must be one of immediate, urgent, routine")
        rows.append(("urgency", "", str(request.urgency)))
    if "deadline" in decided:
        rows.append(("deadline", "", request.deadline.isoformat() if request.deadline else None))
    for span in request.spans:
        assert doc is not None
        if span.end > len(doc.text):
            raise InvalidInput(f"span {span.key} ends after the text ({len(doc.text)} characters)")
        if not doc.text[span.start : span.end].strip():
            raise InvalidInput(f"span {span.key} covers no text")
        rows.append(("span", span.key, span.model_dump(mode="json")))
    if "note" in decided and request.note:
        rows.append(("note", "", request.note))
    if "assignee" in decided:
        name = request.assignee or None
        if name is not None:
            user = session.scalars(select(User).where(User.name == name)).first()
            if user is None or user.disabled_at is not None:
                raise InvalidInput(f"assignee {name!r} is not an active user")
        rows.append(("assignee", "", name))
    if "reviewed" in decided:
        rows.append(("reviewed", "", bool(request.reviewed)))
    return rows


@dataclass(frozen=True)
class Export:
    item_id: str
    text: str
    reviewed: bool
    draft: bool


def export(
    session: Session, ref: str, *, actor: str, purpose: str, settings: Settings, recipient: str | None = None,
    draft: bool = False, exact: bool = True, form: str = "text",
) -> Export:  # fmt: skip
    """The minimised text as approved; every export is logged as a disclosure."""
    item = repository.get_item(session, ref) if exact else repository.find_item(session, ref)
    if item.status == ItemStatus.ERASED:
        raise NotFound(f"item {item.id} was erased under the retention rules")
    doc = _document(item)
    if doc is None:
        raise Conflict(f"item {item.id} has not been processed (status {item.status}): nothing to export")
    if not doc.text.strip():
        members = repository.children_of(session, item.id)
        where = f": it is a container; export its {len(members)} members ({_ids(members)})" if members else ""
        raise Conflict(f"item {item.id} has no text to export{where}")
    if not any(s.name == "minimise" and s.ok for s in doc.stages):
        raise Conflict(f"item {item.id} has no minimisation decisions (status {item.status}, {doc.error})")
    state = review_state(load_decisions(session, item.id))
    if settings.export_requires_review and not state.reviewed and not draft:
        raise Conflict(f"item {item.id} is not marked reviewed: review it first, or ask for a draft")
    text = minimised_text(effective(doc, state, settings))
    audit.record(
        session, "exported_minimised", AuditCategory.DISCLOSURE, actor=actor, item_id=item.id, purpose=purpose,
        detail={"spans": len(doc.findings.pii), "to": recipient, "draft": draft, "reviewed": state.reviewed,
                "format": form},
    )  # fmt: skip
    session.commit()
    return Export(item.id, text, state.reviewed, draft)


def _ids(items: list[Item], shown: int = 5) -> str:
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(i.id for i in items[:shown]) + more


def original(session: Session, item_id: str, *, actor: str, purpose: str) -> Item:
    """The item whose original file a person takes away: logged as a disclosure (it leaves the service)."""
    item = live_item(session, item_id)
    audit.record(session, "original_downloaded", AuditCategory.DISCLOSURE, actor=actor, item_id=item.id,
                 purpose=purpose, detail={"sha256": item.sha256})  # fmt: skip
    session.commit()
    return item


def trail(session: Session, item_id: str) -> list[views.AuditEntryView]:
    """The item's audit entries, oldest first (read as part of the item's page, which is logged)."""
    rows = session.scalars(select(AuditEvent).where(AuditEvent.item_id == item_id).order_by(AuditEvent.seq))
    return [
        views.AuditEntryView(seq=r.seq, at=r.at, actor=r.actor, category=r.category, action=r.action,
                             purpose=r.purpose, detail=r.detail or {})
        for r in rows
    ]  # fmt: skip

def labelled_items(session: Session, *, actor: str) -> list[LabelledItem]:
    """Items whose offences a reviewer confirmed or corrected: training examples (a ``LabelledSource``).

    Reading them together to train a model combines their data: logged as a combination.
    """
    latest: dict[str, list[str]] = {}
    for d in session.scalars(select(Decision).where(Decision.field == "offences").order_by(Decision.id)):
        latest[d.item_id] = list(d.value or [])  # type: ignore[call-overload]
    items = []
    for item in session.scalars(select(Item).where(Item.id.in_(latest), Item.status == ItemStatus.DONE)):
        doc = _document(item)
        if doc is not None and doc.text.strip():
            items.append(LabelledItem(doc.text, tuple(latest[item.id]), item.language, item.id))
    audit.record(
        session, "training_read", AuditCategory.COMBINATION, actor=actor, purpose="training the offence model",
        detail={"items": len(items)},
    )  # fmt: skip
    session.commit()
    return items
