"""The ``minimise`` stage (90): a decision, with its reason, for every span of personal data.

Sets ``PiiSpan.action`` and ``PiiSpan.action_reason`` on every span, and keeps in
``doc.metadata["minimise"]`` what ``minimised_text`` needs: the policy's name, each
generalised span's generaliser, and each pseudonymised span's pseudonym (never the name).

One person, one pseudonym: spans that share a ``person_id`` take the pseudonym of the
person's fullest mention (the longest), so "Marius" and "Marius DOBRE" read the same.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from triage.config import Settings
from triage.document import Document, PiiSpan
from triage.minimise.policy import Policy, load_policy
from triage.minimise.pseudonyms import PseudonymMap, key_from, new_key
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage
from triage.vocabulary import Action

METADATA_KEY = "minimise"


def stored_key(data_dir: Path) -> bytes:
    """The installation's pseudonym key, made once and kept beside the data (owner-only), so
    that every worker and every later batch gives a person the same pseudonym."""
    path = data_dir / "pseudonym.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pseudonym-")  # created 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(new_key())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # atomic: the first worker's key wins
        os.unlink(tmp)
    return path.read_bytes()


def span_key(span: PiiSpan) -> str:
    """How a span is named in ``doc.metadata["minimise"]`` (offsets and type, no content)."""
    return f"{span.start}:{span.end}:{span.type}"


def settings_policy(settings: Settings) -> Policy:
    """The policy named by the settings (``minimisation_policy``), else the shipped default."""
    path = settings.minimisation_policy
    return load_policy(Path(path) if path else None)


def installation_pseudonyms(settings: Settings) -> PseudonymMap:
    """Pseudonyms keyed by the settings' ``pseudonym_key``, else by the installation's key file.

    In scale-out the settings must give the key (every host must derive the same pseudonyms),
    which ``Settings`` checks at start-up.
    """
    return PseudonymMap(key_from(settings.pseudonym_key) or stored_key(settings.data_dir))


def policy_for(ctx: PipelineContext) -> Policy:
    return ctx.resource("minimise.policy", lambda: settings_policy(ctx.settings))


def pseudonyms_for(ctx: PipelineContext) -> PseudonymMap:
    return ctx.resource("minimise.pseudonyms", lambda: installation_pseudonyms(ctx.settings))


def canonical_mentions(spans: list[PiiSpan]) -> dict[str, str]:
    """person_id → the longest mention of that person in the item."""
    best: dict[str, str] = {}
    for span in spans:
        if span.person_id and len(span.text) > len(best.get(span.person_id, "")):
            best[span.person_id] = span.text
    return best


def minimise(doc: Document, policy: Policy, pseudonyms: PseudonymMap) -> dict[str, Any]:
    """Decide every span of ``doc``; returns the metadata that ``minimised_text`` reads."""
    canonical = canonical_mentions(doc.findings.pii)
    meta: dict[str, Any] = {"policy": policy.name, "generalisers": {}, "pseudonyms": {}}
    for span in doc.findings.pii:
        decision, reason = policy.decide(span)
        _set_action(span, decision.action, reason, decision.to, meta, canonical, pseudonyms)
    return meta


def override(
    doc: Document, span: PiiSpan, action: Action, reason: str, policy: Policy, pseudonyms: PseudonymMap
) -> None:
    """Give ``span`` of ``doc`` an action a person chose, with what ``minimised_text`` needs for it.

    A generalised span takes the generaliser the policy uses for its type (masked if none).
    """
    meta = doc.metadata.setdefault(METADATA_KEY, {"policy": policy.name, "generalisers": {}, "pseudonyms": {}})
    meta.setdefault("generalisers", {})
    meta.setdefault("pseudonyms", {})
    to = meta["generalisers"].get(span_key(span)) or policy.generaliser_for(span.type)
    _set_action(span, action, reason, to, meta, canonical_mentions(doc.findings.pii), pseudonyms)


def _set_action(
    span: PiiSpan, action: Action, reason: str, to: str | None, meta: dict[str, Any], canonical: dict[str, str],
    pseudonyms: PseudonymMap,
) -> None:  # fmt: skip
    span.action, span.action_reason = action, reason
    key = span_key(span)
    if action is Action.GENERALISE and to:
        meta["generalisers"][key] = to
    elif action is Action.PSEUDONYMISE:
        meta["pseudonyms"][key] = pseudonyms.pseudonym(span.type, canonical.get(span.person_id or "", span.text))


@register_stage("minimise", 90)
def minimise_stage(doc: Document, ctx: PipelineContext) -> None:
    """Sets the action and its reason on every PII span (replacing earlier decisions)."""
    doc.metadata[METADATA_KEY] = minimise(doc, policy_for(ctx), pseudonyms_for(ctx))
    ctx.count("minimise.spans", len(doc.findings.pii))
