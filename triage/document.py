"""The document model: what the pipeline reads and writes, and what storage keeps as JSON.

Every finding carries an ``Evidence`` so a reviewer (or a court) can see why it exists.
Offsets are always character offsets into ``Document.text`` (the original text).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from triage.vocabulary import Action, ItemStatus, PiiType, Role, UrgencyLevel

__all__ = ["ItemStatus"]  # re-exported: callers have long imported it from here


class Evidence(BaseModel):
    """Why a finding exists: the rule, term or model, and the spans that show it."""

    source: str = Field(description="e.g. 'rule:iban', 'model:spacy/fr_core_news_sm', 'term:fr'")
    detail: str | None = None
    spans: list[tuple[int, int]] = Field(default_factory=list)


class Segment(BaseModel):
    """A sentence with its offsets into the original text and its own language."""

    index: int
    start: int
    end: int
    paragraph: int
    language: str | None = None
    language_confidence: float | None = None


class Translation(BaseModel):
    """One segment's machine translation; always uncertified, always naming its model."""

    segment_index: int
    source_language: str
    target_language: str
    text: str
    model: str
    from_memory: bool = False
    label: str = "Uncertified machine translation"
    #: why the output looks broken (a loop, a copy, an invented number): no stage takes a
    #: second opinion from a suspect translation (``triage/translate/guard.py``)
    suspect: str | None = None


class PiiSpan(BaseModel):
    start: int
    end: int
    type: PiiType
    text: str
    role: Role | None = None
    #: what decided the role: a role word, a described act, an official mailbox, a rule that
    #: read the item's offences, or the default (no word anywhere: requests are about suspects)
    role_basis: str | None = None
    person_id: str | None = None
    score: float = 1.0
    evidence: Evidence
    action: Action | None = None  # the minimisation decision
    action_reason: str | None = None


class LabelFinding(BaseModel):
    """A code with a score and its evidence (offences, special categories, protected persons)."""

    code: str
    score: float = 1.0
    evidence: list[Evidence] = Field(default_factory=list)


class UrgencyFinding(BaseModel):
    level: UrgencyLevel = UrgencyLevel.ROUTINE
    reasons: list[LabelFinding] = Field(default_factory=list)
    deadline: dt.date | None = None
    deadline_evidence: Evidence | None = None
    #: the item's own urgency marking ("URGENT", "without delay") when it alone raised the level
    marked_evidence: Evidence | None = None


class Findings(BaseModel):
    pii: list[PiiSpan] = Field(default_factory=list)
    offences: list[LabelFinding] = Field(default_factory=list)
    #: offence codes whose terms fell short of a label (``offences.classify.HINT_SCORE``): never
    #: shown as offences, but the urgency rules read them (a missed emergency costs more)
    offence_hints: list[str] = Field(default_factory=list)
    urgency: UrgencyFinding | None = None
    special_categories: list[LabelFinding] = Field(default_factory=list)
    protected_persons: list[LabelFinding] = Field(default_factory=list)


class ChildFile(BaseModel):
    """A member of a container (archive member, attachment, mailbox message) already in the blob store."""

    name: str
    sha256: str
    size: int
    error: str | None = None  # a member refused by a guard still becomes an item, with this reason


class ReadingWarning(BaseModel):
    """Why the text may not say what the file says: a reviewer must see it before trusting the text."""

    code: str = Field(description="'encoding_uncertain', 'ocr_pack_missing', 'ocr_pack_stand_in', ...")
    message: str


class StageRecord(BaseModel):
    name: str
    ok: bool
    detail: str | None = None
    seconds: float | None = None


class Document(BaseModel):
    """One item as the pipeline sees it."""

    item_id: str | None = None
    sha256: str | None = None
    filename: str | None = None
    media_type: str | None = None
    text: str = ""
    pages: int = 0
    ocr: bool = False
    metadata: dict[str, Any] = Field(default_factory=dict)
    declared_language: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    document_date: dt.date | None = None
    segments: list[Segment] = Field(default_factory=list)
    translations: list[Translation] = Field(default_factory=list)
    needs_human_translation: bool = False
    findings: Findings = Field(default_factory=Findings)
    children: list[ChildFile] = Field(default_factory=list)
    warnings: list[ReadingWarning] = Field(default_factory=list)
    stages: list[StageRecord] = Field(default_factory=list)
    error_stage: str | None = None
    error: str | None = None

    def trusted_translations(self) -> list[Translation]:
        """The translations a stage may take a second opinion from: not marked suspect."""
        return [t for t in self.translations if t.suspect is None]

    def to_prediction(self, item_id: str) -> dict[str, Any]:
        """The item in the prediction format of shared/eval/SCHEMA.md."""
        f = self.findings
        urgency = None
        if f.urgency is not None:
            urgency = {
                "level": f.urgency.level,
                "reasons": [r.code for r in f.urgency.reasons],
                "deadline": f.urgency.deadline.isoformat() if f.urgency.deadline else None,
            }
        return {
            "id": item_id,
            "language": self.language,
            "offences": [{"code": o.code, "score": round(o.score, 4)} for o in f.offences],
            "urgency": urgency,
            "special_categories": [c.code for c in f.special_categories],
            "protected_persons": [p.code for p in f.protected_persons],
            "pii": [
                {"start": p.start, "end": p.end, "type": p.type, **({"role": p.role} if p.role else {})}
                for p in f.pii
            ],
        }
