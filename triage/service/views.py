"""The shapes the service shows and accepts: the API's schema and ``triage show --json`` are these.

Plain pydantic models over the domain's own types (``Findings``, the vocabulary enums), so
the OpenAPI schema names the same values the pipeline writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from triage.document import Findings, ReadingWarning
from triage.vocabulary import AccessRole, Action, ItemKind, ItemStatus, PiiType, Role, UrgencyLevel

UNCERTIFIED = "Uncertified machine translation"


class CallerInput(BaseModel):
    """What callers send: unknown fields refused, and no NUL character in any text.

    A NUL is never part of a name, a reference or a note; PostgreSQL refuses it in a string,
    so it is turned away here, with a readable error, before it reaches a query.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and "\x00" in t for t in texts):
            raise ValueError("must not contain a NUL character")
        return value


#: An ISO 639-1 code as a submitter may declare it (``intake.check_language`` folds its case).
LANGUAGE_CODE = "^[A-Za-z]{2}$"


class TextSubmission(CallerInput):
    """An item submitted as text (``POST /v1/items`` with a JSON body)."""

    text: str = Field(min_length=1, description="The document text; offsets in results point into it")
    language: str | None = Field(
        None, pattern=LANGUAGE_CODE, description="ISO 639-1 code, if the sender declared one"
    )
    kind: ItemKind = ItemKind.OTHER
    reference: str | None = Field(None, max_length=256, description="The sender's reference")
    sender: str | None = Field(None, max_length=256, description="The sending authority")
    callback_url: str | None = Field(None, description="Called when the item is triaged; must be allow-listed")


class Receipt(BaseModel):
    """What a submission answers: the item (new, or the one these bytes already are)."""

    id: str
    status: ItemStatus
    created: bool = Field(description="False when the same content, or the same Idempotency-Key, was seen before")


class BatchReceipt(BaseModel):
    id: str = Field(description="The batch")
    item_id: str = Field(description="The uploaded archive or mailbox; its members become items of their own")
    status: ItemStatus
    created: bool


class ProvenanceView(BaseModel):
    source: str
    submitter: str | None
    batch_id: str | None
    received_at: dt.datetime
    reference: str | None = None
    sender: str | None = None


class TranslationView(BaseModel):
    text: str
    source_language: str
    target_language: str
    model: str = Field(description="The model and the checksum of its files")
    from_memory: bool
    label: str = Field(UNCERTIFIED, description="Always: an uncertified machine translation")
    suspect: str | None = Field(
        None, description="Why the output looks broken (a loop, a copy, an invented number); no finding uses it"
    )


class SegmentView(BaseModel):
    index: int
    start: int
    end: int
    paragraph: int
    language: str | None
    text: str
    translation: TranslationView | None = None


class ChildRef(BaseModel):
    id: str
    member_name: str
    status: ItemStatus


class ItemError(BaseModel):
    stage: str | None
    reason: str


class NoteView(BaseModel):
    actor: str
    at: dt.datetime
    text: str


class SpanDecision(CallerInput):
    """A reviewer's word on one span: accept (the proposed action), change it, or reverse it (keep)."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    type: PiiType
    action: Action
    role: Role | None = None

    @model_validator(mode="after")
    def _ordered(self) -> SpanDecision:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self

    @property
    def key(self) -> str:
        return f"{self.start}:{self.end}:{self.type}"


class ReviewRequest(CallerInput):
    """Decisions about one item; every field is optional, and only the fields given are decided.

    ``deadline: null`` means "there is no deadline"; leaving ``deadline`` out leaves it alone.
    """

    offences: list[str] | None = Field(None, description="The item's offence codes as confirmed or corrected")
    urgency: UrgencyLevel | None = None
    deadline: dt.date | None = None
    spans: list[SpanDecision] = Field(
        default_factory=list, description="Actions on found spans, and spans the service missed (added)"
    )
    note: str | None = Field(None, max_length=10_000)
    assignee: str | None = Field(None, description="A user name; an empty string unassigns")
    reviewed: bool | None = None


class ReviewState(BaseModel):
    """The reviewers' decisions in force (the newest of each); the machine's findings stay as they were."""

    offences: list[str] | None = None
    urgency: UrgencyLevel | None = None
    deadline_decided: bool = False
    deadline: dt.date | None = None
    spans: list[SpanDecision] = Field(default_factory=list)
    notes: list[NoteView] = Field(default_factory=list)
    assignee: str | None = None
    reviewed: bool = False
    reviewed_by: str | None = None
    reviewed_at: dt.datetime | None = None


class ItemView(BaseModel):
    """One item as a reviewer or a case system reads it."""

    id: str
    status: ItemStatus
    kind: ItemKind
    origin: str = Field(description="'file' (an upload or a file of a dump) or 'text' (submitted as JSON text)")
    filename: str | None
    member_name: str
    sha256: str
    size: int
    media_type: str | None
    pages: int
    language: str | None
    declared_language: str | None
    document_date: dt.date | None
    reference: str | None
    sender: str | None
    parent_id: str | None
    children: list[ChildRef]
    provenance: list[ProvenanceView]
    next_stage: str | None = Field(description="The stage group still to run, while the item is in work")
    error: ItemError | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    needs_human_translation: bool
    text: str | None
    segments: list[SegmentView]
    findings: Findings = Field(description="What the machine found, each with its evidence")
    effective: Findings = Field(description="The findings with the reviewers' decisions applied")
    review: ReviewState
    metadata: dict[str, Any] = Field(default_factory=dict, description="What extraction and stages noted")
    warnings: list[ReadingWarning] = Field(
        default_factory=list, description="Why the text may not say what the file says (encoding, OCR pack)"
    )


class PredictedOffence(BaseModel):
    code: str
    score: float


class PredictedUrgency(BaseModel):
    level: UrgencyLevel
    reasons: list[str]
    deadline: dt.date | None


class PredictedSpan(BaseModel):
    start: int
    end: int
    type: PiiType
    role: Role | None = None


class Prediction(BaseModel):
    """An item in the prediction format of the evaluation corpus (shared/eval/SCHEMA.md)."""

    id: str
    language: str | None
    offences: list[PredictedOffence]
    urgency: PredictedUrgency | None
    special_categories: list[str]
    protected_persons: list[str]
    pii: list[PredictedSpan] = Field(description="Character offsets into the item's original text")
    reviewed: bool = Field(description="True when a reviewer marked the item reviewed")
    needs_human_translation: bool


class AuditVerdict(BaseModel):
    ok: bool
    entries: int = Field(description="Entries verified before the first problem (all of them when ok)")
    problem: str | None
    seq: int | None = Field(description="The first entry that fails")


class QueueRow(BaseModel):
    id: str
    status: ItemStatus
    kind: ItemKind
    filename: str | None
    reference: str | None = None
    parent_id: str | None
    language: str | None
    urgency: UrgencyLevel | None
    deadline: dt.date | None
    days_left: int | None
    offences: list[str]
    gravity: int | None
    pii_count: int
    assignee: str | None
    reviewed: bool
    batch_id: str | None
    created_at: dt.datetime
    error: ItemError | None


class QueuePage(BaseModel):
    items: list[QueueRow]
    total: int
    limit: int
    offset: int
    counts: dict[str, int] = Field(description="Items per status among those the filters select")


class BatchError(BaseModel):
    id: str
    member_name: str
    stage: str | None
    reason: str | None


class BatchView(BaseModel):
    id: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    submitter: str | None
    item_id: str | None
    total: int
    counts: dict[str, int]
    finished: bool = Field(description="True when every item of the batch is done, in error or erased")
    errors: list[BatchError] = Field(default_factory=list, description="The first items in error, with reasons")


class AccountView(BaseModel):
    name: str
    role: AccessRole
    kind: str = Field(description="'user' or 'key'")
    created_at: dt.datetime
    disabled_at: dt.datetime | None = None


class AuditEntryView(BaseModel):
    """One entry of an item's audit trail."""

    seq: int | None
    at: dt.datetime
    actor: str
    category: str | None
    action: str
    purpose: str | None
    detail: dict[str, Any]
