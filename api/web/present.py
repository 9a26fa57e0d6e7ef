"""The item page's text: sentences cut into pieces at every finding's edge, so that a piece can be
highlighted as personal data, as the evidence of a label, or as the twin of a translation.

Every piece names its offsets into the original text (``data-s``/``data-e``), which is how the
page turns a selection back into offsets (a span the service missed) and finds the words an
offence or an urgency reason rests on. The same person keeps one colour across the item.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from triage.document import Evidence, Findings, LabelFinding, PiiSpan
from triage.offences.taxonomy import load_taxonomy
from triage.service.views import ItemView, SegmentView, TranslationView

#: Colours the page has for persons (``person-0`` … in the style sheet); more persons reuse them.
PERSON_COLOURS = 8


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str
    span: PiiSpan | None = None
    colour: str = ""
    badge: str | None = None  # the role, after the last piece of a person's span


@dataclass
class Row:
    index: int
    language: str | None
    pieces: list[Piece]
    translation: TranslationView | None


@dataclass(frozen=True)
class Reason:
    """A finding shown with the words behind it; ``spans`` are offsets into the original text."""

    code: str
    title: str
    score: float
    sources: list[str]
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def data_spans(self) -> str:
        return ",".join(f"{a}-{b}" for a, b in self.spans)


def colours(pii: list[PiiSpan]) -> dict[str, str]:
    out: dict[str, str] = {}
    for span in pii:
        if span.person_id and span.person_id not in out:
            out[span.person_id] = f"person-{len(out) % PERSON_COLOURS}"
    return out


def _evidence_edges(findings: Findings) -> set[int]:
    edges: set[int] = set()
    labels = [*findings.offences, *findings.special_categories, *findings.protected_persons]
    if findings.urgency is not None:
        labels += findings.urgency.reasons
        if findings.urgency.deadline_evidence is not None:
            labels.append(LabelFinding(code="deadline", evidence=[findings.urgency.deadline_evidence]))
        if findings.urgency.marked_evidence is not None:
            labels.append(LabelFinding(code="marked", evidence=[findings.urgency.marked_evidence]))
    for label in labels:
        for evidence in label.evidence:
            for a, b in evidence.spans:
                edges.update((a, b))
    return edges


def _shown_spans(pii: list[PiiSpan]) -> list[PiiSpan]:
    """Spans in order with overlaps dropped (the longer of two overlapping spans is shown)."""
    shown: list[PiiSpan] = []
    for span in sorted(pii, key=lambda s: (s.start, -(s.end - s.start))):
        if not shown or span.start >= shown[-1].end:
            shown.append(span)
    return shown


def rows(view: ItemView, findings: Findings) -> list[Row]:
    """The item's sentences (or its whole text, unsegmented) as rows of pieces and translations."""
    text = view.text or ""
    segments = view.segments or (
        [SegmentView(index=0, start=0, end=len(text), paragraph=0, language=view.language, text=text)] if text else []
    )
    spans = _shown_spans(findings.pii)
    person = colours(spans)
    edges = _evidence_edges(findings) | {e for s in spans for e in (s.start, s.end)}
    out = []
    for seg in segments:
        cuts = sorted({seg.start, seg.end, *(e for e in edges if seg.start < e < seg.end)})
        pieces = []
        for a, b in itertools.pairwise(cuts):
            span = next((s for s in spans if s.start <= a and b <= s.end), None)
            colour = ""
            if span is not None:
                colour = person.get(span.person_id or "", f"pii-{span.type}")
            badge = span.role if span is not None and span.role and b == min(span.end, seg.end) else None
            pieces.append(Piece(a, b, text[a:b], span, colour, badge))
        out.append(Row(seg.index, seg.language, pieces, seg.translation))
    return out


def _sources(evidence: list[Evidence]) -> list[str]:
    return [f"{e.source}: {e.detail}" if e.detail else e.source for e in evidence]


def _reason(label: LabelFinding, title: str, meaning: str | None = None) -> Reason:
    spans = sorted({(a, b) for e in label.evidence for a, b in e.spans})
    return Reason(label.code, title, label.score, ([meaning] if meaning else []) + _sources(label.evidence), spans)


def offences(findings: Findings) -> list[Reason]:
    taxonomy = load_taxonomy()
    return [_reason(o, o.code.replace("_", " "), taxonomy.get(o.code).official) for o in findings.offences]


def urgency_reasons(findings: Findings) -> list[Reason]:
    if findings.urgency is None:
        return []
    out = [_reason(r, r.code.replace("_", " ")) for r in findings.urgency.reasons]
    if findings.urgency.deadline is not None and findings.urgency.deadline_evidence is not None:
        deadline = LabelFinding(code="deadline", evidence=[findings.urgency.deadline_evidence])
        out.append(_reason(deadline, f"deadline {findings.urgency.deadline.isoformat()}"))
    if findings.urgency.marked_evidence is not None:
        marked = LabelFinding(code="marked", evidence=[findings.urgency.marked_evidence])
        out.append(_reason(marked, "marked urgent by the sender"))
    return out


def flags(findings: Findings) -> list[Reason]:
    """Special categories of data and protected persons: shown at the top of the page."""
    return [_reason(c, f"special category: {c.code.replace('_', ' ')}") for c in findings.special_categories] + [
        _reason(p, f"protected person: {p.code.replace('_', ' ')}") for p in findings.protected_persons
    ]


def translation_models(view: ItemView) -> list[str]:
    return sorted({s.translation.model for s in view.segments if s.translation is not None})
