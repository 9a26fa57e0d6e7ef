"""The minimised text: the original with each span replaced as its decision says.

The layout is kept: every replacement has the length of what it replaces and keeps the
line breaks inside it, so the untouched text stays at its original offsets (a reviewer's
highlights and the pii offsets still point at the same places). The cost is that a
pseudonym longer than the mention it replaces is shortened ("P-K7Q2M" for "Al" reads "P-").

Overlapping spans (an e-mail address that contains a name, a handle inside a URL) are
merged: the merged stretch gets the strictest action among them (redact over pseudonymise
over generalise over keep), rendered for the span that carries it; what the merged stretch
covers beyond that span is masked. A span without a decision is redacted: the export is
never less strict than the policy because a stage did not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from triage.document import Document, PiiSpan
from triage.minimise.generalise import GENERALISERS, mask
from triage.minimise.policy import SEVERITY
from triage.minimise.stage import METADATA_KEY, span_key
from triage.vocabulary import Action


@dataclass(frozen=True)
class _Planned:
    start: int
    end: int
    action: Action
    replacement: str  # same length as text[start:end]


def fit(label: str, length: int) -> str:
    """``label`` padded with spaces or cut to exactly ``length`` characters."""
    return label[:length].ljust(length)


def _action(span: PiiSpan) -> Action:
    try:
        return Action(span.action) if span.action else Action.REDACT
    except ValueError:
        return Action.REDACT


def _render(span: PiiSpan, text: str, action: Action, meta: dict[str, Any]) -> str:
    original = text[span.start : span.end]
    key = span_key(span)
    if action is Action.KEEP:
        return original
    if action is Action.GENERALISE:
        name = (meta.get("generalisers") or {}).get(key)
        return GENERALISERS[name](original) if name in GENERALISERS else mask(original)
    if action is Action.PSEUDONYMISE:
        label = (meta.get("pseudonyms") or {}).get(key)
        return fit(label, len(original)) if label else mask(original)
    return mask(original)


def _plan(doc: Document) -> list[_Planned]:
    meta: dict[str, Any] = doc.metadata.get(METADATA_KEY) or {}
    n = len(doc.text)
    plans = []
    for span in doc.findings.pii:
        start, end = max(0, span.start), min(n, span.end)
        action = _action(span)
        if start < end and action is not Action.KEEP:
            clipped = span.model_copy(update={"start": start, "end": end})
            plans.append(_Planned(start, end, action, _render(clipped, doc.text, action, meta)))
    return sorted(plans, key=lambda p: (p.start, -p.end))


def _merge(text: str, group: list[_Planned]) -> tuple[int, str]:
    """One replacement for overlapping spans: the strictest one wins, the rest is masked."""
    start, end = group[0].start, max(p.end for p in group)
    lead = max(group, key=lambda p: (SEVERITY[p.action], p.end - p.start))
    chars = list(mask(text[start:end]))
    chars[lead.start - start : lead.end - start] = lead.replacement
    for i in range(start, end):  # line breaks stay where they were
        if text[i] in "\r\n":
            chars[i - start] = text[i]
    return start, "".join(chars)


def minimised_text(doc: Document) -> str:
    """``doc.text`` with its spans minimised, same length and same line breaks."""
    text = doc.text
    pieces: list[str] = []
    cursor = 0
    group: list[_Planned] = []
    for plan in [*_plan(doc), None]:
        if plan is not None and group and plan.start < max(p.end for p in group):
            group.append(plan)
            continue
        if group:
            start, replacement = _merge(text, group)
            pieces.append(text[cursor:start])
            pieces.append(replacement)
            cursor = start + len(replacement)
        group = [plan] if plan is not None else []
    pieces.append(text[cursor:])
    return "".join(pieces)
