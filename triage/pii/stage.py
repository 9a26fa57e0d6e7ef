"""The ``pii`` stage (order 60): every span of personal data, persons grouped, with roles.

Identifiers come from the registered recognisers (checksums where the format has one),
persons from language-aware heuristics plus spaCy NER where a pipeline is installed for the
item's language. ``doc.findings.pii`` is replaced on each run (idempotent); offsets are into
the original ``doc.text``. ``doc.metadata['pii']`` records which NER served the item, so a
language without a pipeline is visible ("missing: … heuristics only").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from triage.document import Document, Evidence, PiiSpan, Segment, Translation
from triage.lang.fold import ascii_digits
from triage.pii.grouping import group
from triage.pii.lang import load_lang_data
from triage.pii.name_lexicon import name_lexicon
from triage.pii.ner import PersonNer
from triage.pii.persons import Mention, find_persons
from triage.pii.registry import NOT_PII, Candidate, RecognizerInput, get_recognizers
from triage.pii.resolve import resolve
from triage.pii.roles import assign_roles
from triage.pii.translated_ner import translated_persons
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage
from triage.vocabulary import PiiType

NER_RESOURCE = "pii.ner.spacy"


#: Personal data only a natural person has: a name just before one is a person's.
PERSONAL_ONLY = frozenset({"DATE_OF_BIRTH", "NATIONAL_ID", "PASSPORT"})


def load_spacy_ner(cache_dir: Path | None = None) -> PersonNer:
    from models.spacy_ner import SpacyPersonNer  # lazy: triage never imports spaCy at import time

    return SpacyPersonNer(cache_dir)


def analyse(
    text: str,
    language: str | None,
    ner: PersonNer | None = None,
    segments: list[Segment] | None = None,
    translations: list[Translation] | None = None,
    ocr: bool = False,
    names_folder: Path | None = None,
) -> tuple[list[PiiSpan], dict[str, Any]]:
    """PII spans of ``text`` (the stage without the document plumbing; used by tests and benches).

    NER runs on the original where a pipeline serves ``language``, else on the segments'
    machine translations (``translations``), mapped back through ``segments``. Where no
    pipeline serves ``language``, its name lexicon (``name_lexicon.py``, kept in
    ``names_folder``) tells known proper names from common words; given names and surnames
    serve every language.
    """
    status = ner.status(language) if ner is not None else "missing: no NER backend"
    names = name_lexicon(language, names_folder) if language else None
    inp = RecognizerInput(  # the recognisers read "١٢/٧/١٩٨١" as "12/7/1981"; spans keep the original
        text=ascii_digits(text),
        language=language,
        data=load_lang_data(),
        ocr=ocr,
        names=names,
        ner=status.startswith("model:"),
    )
    candidates: list[Candidate] = []
    for spec in get_recognizers(language):
        candidates.extend(spec.fn(inp))
    resolved = resolve(candidates)
    blocked = [(c.start, c.end) for c in resolved]
    spans = [c for c in resolved if c.type != NOT_PII]
    ner_fn = None
    if ner is not None and status.startswith("model:"):
        backend = ner

        def ner_fn(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
            return backend.persons(text, language, ranges)

    elif ner is not None and translations and segments:
        target = translations[0].target_language
        if ner.status(target).startswith("model:"):
            status = f"{ner.status(target)} on the translation ({status})"
            backend, segs, trans = ner, segments, translations

            def ner_fn(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
                return translated_persons(text, segs, trans, backend, ranges)

    personal = sorted(c.start for c in spans if c.type in PERSONAL_ONLY)
    mentions = find_persons(inp, blocked, ner_fn, status, personal)
    identities = group(mentions, (language or "") in inp.data.inflected)
    roles = assign_roles(inp, mentions, identities)
    out = [
        PiiSpan(
            start=c.start,
            end=c.end,
            type=c.type,
            text=text[c.start : c.end],
            score=c.score,
            evidence=Evidence(source=c.source, detail=c.detail, spans=[(c.start, c.end)]),
        )
        for c in spans
    ]
    out.extend(_person_span(text, m, identities[i].person_id, roles) for i, m in enumerate(mentions))
    out.sort(key=lambda s: (s.start, s.end))
    return out, {"ner": status, "persons": len({i.person_id for i in identities.values()})}


def _person_span(text: str, m: Mention, person_id: str, roles: dict[str, tuple[str, str]]) -> PiiSpan:
    return PiiSpan(
        start=m.start,
        end=m.end,
        type=PiiType.PERSON,
        text=text[m.start : m.end],
        role=roles[person_id][0],
        role_basis=roles[person_id][1],
        person_id=person_id,
        score=m.score,
        evidence=Evidence(source=m.source, detail=m.detail, spans=[(m.start, m.end)]),
    )


def mark_uncertain(spans: list[PiiSpan], uncertain: dict[str, float]) -> None:
    """A span holding a word the OCR was unsure of says so in its evidence, for the reviewer."""
    if not uncertain:
        return
    for span in spans:
        words = [w for w in span.text.split() if w in uncertain or w.strip(".,;:()<>") in uncertain]
        if words:
            unsure = ", ".join(f"{w!r} {uncertain.get(w, uncertain.get(w.strip('.,;:()<>'), 0)):.0f}%" for w in words)
            note = f"OCR unsure of {unsure}: check against the scan"
            span.evidence.detail = f"{span.evidence.detail}; {note}" if span.evidence.detail else note


@register_stage("pii", 60)
def pii_stage(doc: Document, ctx: PipelineContext) -> None:
    """Fills ``doc.findings.pii`` (replacing it) and ``doc.metadata['pii']``."""
    ner = ctx.resource(NER_RESOURCE, lambda: load_spacy_ner(ctx.settings.cache_dir))
    language = doc.language or doc.declared_language
    spans, info = analyse(
        doc.text,
        language,
        ner,
        doc.segments,
        doc.trusted_translations(),
        ocr=doc.ocr,
        names_folder=ctx.settings.cache_dir,
    )
    mark_uncertain(spans, doc.metadata.get("ocr_uncertain_words") or {})
    doc.findings.pii = spans
    doc.metadata["pii"] = info
    ctx.count("pii.spans", len(spans))
