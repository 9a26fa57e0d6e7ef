"""Pipeline stage ``translate`` (order 40): every segment into the working language.

Per segment: its own language (``Segment.language``, else the item's), so mixed-language
items translate correctly; segments already in the working language are skipped. Each
language group goes through the model the registry resolves (exact pair, else a
multilingual model). Long sentences are split at clause boundaries so nothing is
truncated; pieces are translated sorted by length in batches and joined back per segment,
so ``doc.translations`` stays aligned with ``doc.segments`` (and its offsets). A language
with no usable model marks the item ``needs_human_translation`` and the stage still
succeeds: the later stages work on the original text. A translation that looks broken
(``guard.py``) is kept and marked suspect.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from triage.document import Document, Segment, Translation
from triage.errors import ModelError
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage
from triage.translate.guard import suspicion
from triage.translate.memory import TranslationMemory, memory_key, memory_url
from triage.translate.protocol import Translator, TranslatorProvider
from triage.translate.providers import load_provider
from triage.translate.split import join_translations, split_to_fit

log = logging.getLogger(__name__)

BATCH_SIZE = 32
NEEDS_HUMAN_KEY = "needs_human_translation"
PROBLEMS_KEY = "translation_problems"
UNDETERMINED = "und"  # ISO 639-2 code for an undetermined language
PROVIDER_RESOURCE = "translation.provider"
MEMORY_RESOURCE = "translation.memory"


@register_stage("translate", 40, queue="translate")
def translate_stage(doc: Document, ctx: PipelineContext) -> None:
    """Fill ``doc.translations``; replace, never append (the stage is idempotent)."""
    doc.translations = []
    doc.needs_human_translation = False
    doc.metadata.pop(NEEDS_HUMAN_KEY, None)
    doc.metadata.pop(PROBLEMS_KEY, None)
    target = ctx.settings.working_language
    groups = _group_by_language(doc, target)
    undetermined = groups.pop(UNDETERMINED, None)
    if undetermined:  # text in no known language cannot be routed to a model: a person must look
        doc.needs_human_translation = True
        doc.metadata[NEEDS_HUMAN_KEY] = [UNDETERMINED]
    if not groups:
        return
    provider: TranslatorProvider = ctx.resource(PROVIDER_RESOURCE, lambda: load_provider(ctx.settings))
    missing: set[str] = set()
    problems: dict[str, str] = {}
    for lang, segments in sorted(groups.items()):
        try:
            translator = provider.translator_for(lang, target)
            if translator is None:
                missing.add(lang)
                continue
            memory = ctx.resource(MEMORY_RESOURCE, lambda: _open_memory(ctx))  # only once a model is there
            doc.translations.extend(_translate_group(doc, segments, lang, target, translator, memory, ctx))
        except ModelError as exc:  # installed but unusable: visible on the item, never a substitute
            log.warning("translation model for %s->%s unusable: %s", lang, target, exc)
            missing.add(lang)
            problems[lang] = str(exc)
    doc.translations.sort(key=lambda t: t.segment_index)
    if missing:
        doc.needs_human_translation = True
        doc.metadata[NEEDS_HUMAN_KEY] = sorted(missing | set(doc.metadata.get(NEEDS_HUMAN_KEY, [])))
        if problems:
            doc.metadata[PROBLEMS_KEY] = problems


def _open_memory(ctx: PipelineContext) -> TranslationMemory:
    return TranslationMemory(memory_url(ctx.settings))


def _group_by_language(doc: Document, target: str) -> dict[str, list[Segment]]:
    groups: dict[str, list[Segment]] = defaultdict(list)
    for seg in doc.segments:
        text = doc.text[seg.start : seg.end]
        lang = (seg.language or doc.language or "").lower()
        if lang == target or not any(ch.isalpha() for ch in text):
            continue  # nothing to translate: working language, or numbers and punctuation only
        groups[lang or UNDETERMINED].append(seg)
    return groups


def _translate_group(
    doc: Document,
    segments: list[Segment],
    lang: str,
    target: str,
    translator: Translator,
    memory: TranslationMemory,
    ctx: PipelineContext,
) -> list[Translation]:
    model = translator.model_id
    texts = {seg.index: doc.text[seg.start : seg.end].strip() for seg in segments}
    keys = {i: memory_key(lang, target, t) for i, t in texts.items()}
    remembered = memory.get_many(model, list(set(keys.values())))
    misses = [i for i in texts if keys[i] not in remembered]
    ctx.count("translation_memory_hits", len(texts) - len(misses))
    ctx.count("translation_memory_misses", len(misses))
    todo = sorted({texts[i] for i in misses})
    fresh = _translate_texts(todo, lang, target, translator)
    memory.put_many(model, {memory_key(lang, target, t): fresh[t] for t in todo})
    out = []
    for seg in segments:
        key = keys[seg.index]
        hit = key in remembered
        text = remembered[key] if hit else fresh[texts[seg.index]]
        suspect = suspicion(texts[seg.index], text, target)
        if suspect:
            ctx.count("translation_suspect")
        out.append(
            Translation(
                segment_index=seg.index,
                source_language=lang,
                target_language=target,
                text=text,
                model=model,
                from_memory=hit,
                suspect=suspect,
            )
        )
    return out


def _translate_texts(texts: list[str], lang: str, target: str, translator: Translator) -> dict[str, str]:
    """Translate distinct sentences: split to fit, sort pieces by length, batch, join back."""
    limit = translator.max_input_tokens

    def fits(piece: str) -> bool:
        return translator.count_tokens([piece], lang)[0] <= limit

    pieces_of = {text: split_to_fit(text, fits) for text in texts}
    unique = sorted({p.strip() for ps in pieces_of.values() for p in ps if p.strip()}, key=len)
    translated: dict[str, str] = {}
    for start in range(0, len(unique), BATCH_SIZE):
        batch = unique[start : start + BATCH_SIZE]
        results = translator.translate(batch, lang, target)
        if len(results) != len(batch):
            raise ModelError(f"model {translator.model_id} returned {len(results)} results for {len(batch)}")
        translated.update({src: r.text for src, r in zip(batch, results, strict=True)})
    return {
        text: join_translations([translated.get(p.strip(), "") for p in pieces]) for text, pieces in pieces_of.items()
    }
