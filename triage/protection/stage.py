"""The ``protection`` stage (85): special categories of data and protected persons.

Three kinds of evidence are combined per code, each kept on the finding:

* terms of the item's languages and of the neutral table (``term:<lang>``; not inside a
  person's name, address, e-mail or user name the ``pii`` stage found), and terms in the
  translation of segments whose language has no table (``term:<lang>@translation``, the
  span being the whole source segment);
* stated ages under 18 (``age:<lang>``) and dates of birth that make a person a minor on
  the document's date (``pii:DATE_OF_BIRTH``);
* the roles the ``pii`` stage gave to persons: a named victim or witness is a protected
  person by itself (``pii:role``).

A code is reported when ``1 - prod(1 - weight)`` over its distinct cues reaches
``THRESHOLD``; the finding's score is that value. The stage replaces
``doc.findings.special_categories`` and ``doc.findings.protected_persons``.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from triage.document import Document, Evidence, LabelFinding
from triage.lang.files import languages_for
from triage.lang.fold import fold
from triage.offences.taxonomy import OTHER, load_taxonomy
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage
from triage.protection.codes import PROTECTED_PERSONS, ROLE_TO_PROTECTED, SPECIAL_CATEGORIES
from triage.protection.hearing import hearing_title
from triage.protection.matcher import Hit, find_minor_ages, find_terms
from triage.protection.minors import minors_from_birth_dates
from triage.protection.terms import NEUTRAL, CompiledTable, available_languages, load_table
from triage.urgency.level import IMMEDIATE_REASONS
from triage.vocabulary import PiiType

THRESHOLD = 0.5
ROLE_WEIGHT = 0.9
#: Spans kept per cue: enough for a reviewer to see the pattern, bounded on pathological input.
MAX_SPANS_PER_CUE = 25


_LETTER = re.compile(r"[^\W\d_]")


def languages_of(doc: Document) -> list[str]:
    """The tables to apply: the item's and its segments' languages, else all of them.

    With no language known and not one letter in the text (5 MB of digits), no term can
    match: no table is applied, which keeps such input cheap.
    """
    codes = {doc.language} | {s.language for s in doc.segments}
    known = sorted(c for c in codes if c)
    if known:
        return known
    return available_languages() if _LETTER.search(doc.text) else []


def tables_for(doc: Document) -> list[CompiledTable]:
    codes = [code for language in languages_of(doc) for code in languages_for(language)]
    tables = [load_table(code) for code in dict.fromkeys([*codes, NEUTRAL])]
    return [t for t in tables if t is not None]


def role_hits(doc: Document) -> list[Hit]:
    """Persons the pii stage marked as victim or witness."""
    hits: list[Hit] = []
    for span in doc.findings.pii:
        code = ROLE_TO_PROTECTED.get(span.role or "") if span.type == PiiType.PERSON else None
        if code:
            role = f"role:{span.role}"
            cue = Hit("protected_persons", code, role, ROLE_WEIGHT, "pii", span.start, span.end)
            hits.append(cue)
    return hits


#: An offence against a person alone makes a victim a protected person mentioned in the item.
OFFENCE_WEIGHT = 0.6
#: A minor in an item with a life or a child in danger is a victim mentioned in the item.
ENDANGERED_MINOR_WEIGHT = 0.6


def offence_hits(doc: Document) -> list[Hit]:
    """A victim in an item about an offence against a person (``against_person`` in the
    taxonomy: a kidnapping, a rape, a murder…), on the spans of the offence's evidence."""
    taxonomy = load_taxonomy()
    hits: list[Hit] = []
    for finding in doc.findings.offences:
        if finding.code != OTHER and taxonomy.get(finding.code).against_person:
            spans = [span for ev in finding.evidence for span in ev.spans][:1] or [(0, 0)]
            term = f"offence:{finding.code}"
            hits.append(Hit("protected_persons", "victim", term, OFFENCE_WEIGHT, "offence", *spans[0]))
    return hits


def endangered_minor_hits(doc: Document, hits: list[Hit]) -> list[Hit]:
    """A minor in an item whose urgency found a life or a child in danger is the one at risk:
    a victim, or about to be one (a child lured to a meeting, a family threatened with a
    grenade). The cue stands on the urgency reason's words. Of the items of the dev, training
    and validation sets that name a minor and no victim, with such a reason, 12 of 14 name a
    victim as protected; without the reason, 3 of 8 (a teenager buying drugs, a family
    smuggled)."""
    urgency = doc.findings.urgency
    reasons = [r for r in urgency.reasons if r.code in IMMEDIATE_REASONS] if urgency else []
    if not reasons or not findings_for(hits, "protected_persons", ("minor",)):
        return []
    spans = [span for ev in reasons[0].evidence for span in ev.spans][:1] or [(0, 0)]
    term = f"urgency:{reasons[0].code}"
    return [Hit("protected_persons", "victim", term, ENDANGERED_MINOR_WEIGHT, "urgency", *spans[0])]


def hearing_hits(doc: Document, table: CompiledTable, folded: str) -> list[Hit]:
    """A record of a hearing hears a witness (``hearing.py``)."""
    hit = hearing_title(doc.text, folded, table.language)
    return [hit] if hit else []


def translation_hits(doc: Document) -> list[Hit]:
    """Terms found in the translation of segments whose own language has no table.

    A hit is mapped back to its whole source segment (the alignment is per segment), and
    segments in a language with a table are left to that table, so that one sentence never
    counts twice.
    """
    covered = set(available_languages())
    segments = {s.index: s for s in doc.segments}
    hits: list[Hit] = []
    for tr in doc.trusted_translations():
        segment = segments.get(tr.segment_index)
        table = load_table(tr.target_language)
        if segment is None or table is None or tr.source_language in covered:
            continue
        for hit in find_terms(tr.text, fold(tr.text), table, MAX_SPANS_PER_CUE):
            via = f"{tr.target_language}@translation"
            hits.append(replace(hit, language=via, start=segment.start, end=segment.end))
    return hits


#: Personal data whose words are no cue: "Prifti" and "HOXHA" are surnames, not a priest
#: or an imam; "Triq il-Knisja" is a street, not a church.
NAMING_TYPES = frozenset({"PERSON", "ADDRESS", "EMAIL", "USERNAME"})


def _outside_names(doc: Document, hits: list[Hit]) -> list[Hit]:
    inside = _starts_in(sorted((s.start, s.end) for s in doc.findings.pii if s.type in NAMING_TYPES))
    return [hit for hit in hits if not inside(hit)]


def _scope(doc: Document, language: str) -> list[tuple[int, int]] | None:
    """Where a table applies: the whole text for the item's own language (and the neutral
    table, and any table when no language is known); otherwise only the segments detected in
    its language. A Serbian letter with one sentence taken for Swedish is read with the
    Swedish table in that sentence alone ("saradnju" is not "sårad*", wounded)."""
    own = set(languages_for(doc.language)) if doc.language else None
    if language == NEUTRAL or own is None or language in own:
        return None
    return [(seg.start, seg.end) for seg in doc.segments if seg.language and language in languages_for(seg.language)]


def _starts_in(ranges: list[tuple[int, int]] | None) -> Callable[[Hit], bool]:
    """Whether a hit starts inside one of the sorted ``ranges`` (every hit, for None)."""
    if ranges is None:
        return lambda hit: True
    starts = [a for a, _ in ranges]

    def inside(hit: Hit) -> bool:
        i = bisect.bisect_right(starts, hit.start) - 1
        return i >= 0 and ranges[i][0] <= hit.start < ranges[i][1]

    return inside


def collect_hits(doc: Document) -> list[Hit]:
    """Every cue in ``doc`` for any code, from terms, translations, ages, birth dates and roles."""
    folded = fold(doc.text)
    terms: list[Hit] = []
    hits: list[Hit] = []
    for table in tables_for(doc):
        inside = _starts_in(_scope(doc, table.language))
        terms.extend(h for h in find_terms(doc.text, folded, table, MAX_SPANS_PER_CUE) if inside(h))
        hits.extend(h for h in find_minor_ages(folded, table) if inside(h))
        hits.extend(h for h in hearing_hits(doc, table, folded) if inside(h))
    hits.extend(_outside_names(doc, terms))
    hits.extend(translation_hits(doc))
    hits.extend(minors_from_birth_dates(doc))
    hits.extend(role_hits(doc))
    hits.extend(offence_hits(doc))
    hits.extend(endangered_minor_hits(doc, hits))
    return hits


def _source(hit: Hit) -> str:
    if hit.language == "offence":
        return "rule:offence_against_person"
    if hit.language == "urgency":
        return "rule:endangered_minor"
    if hit.language == "pii":
        return "pii:role" if hit.term.startswith("role:") else "pii:DATE_OF_BIRTH"
    kind = "age" if hit.term.startswith("age ") else "term"
    return f"{kind}:{hit.language}"


def _spans(hits: list[Hit]) -> list[tuple[int, int]]:
    return sorted({(h.start, h.end) for h in hits})[:MAX_SPANS_PER_CUE]


def findings_for(hits: list[Hit], group: str, order: tuple[str, ...]) -> list[LabelFinding]:
    """One finding per code of ``group`` whose combined weight reaches ``THRESHOLD``."""
    by_code: dict[str, dict[tuple[str, str], list[Hit]]] = defaultdict(lambda: defaultdict(list))
    for hit in hits:
        if hit.group == group:
            by_code[hit.code][(_source(hit), hit.term)].append(hit)
    findings: list[LabelFinding] = []
    for code in order:
        cues = by_code.get(code)
        if not cues:
            continue
        # Cues that found the very same words (the item's table and the neutral one both
        # list "DNA"; "ravim*" and "ravi*" on "ravimite") are one piece of evidence.
        same_words: dict[frozenset[tuple[int, int]], float] = {}
        for cue_hits in cues.values():
            words = frozenset((h.start, h.end) for h in cue_hits)
            same_words[words] = max(same_words.get(words, 0.0), *(h.weight for h in cue_hits))
        miss = 1.0
        for weight in same_words.values():
            miss *= 1.0 - weight
        score = 1.0 - miss
        if score < THRESHOLD:
            continue
        evidence = [
            Evidence(source=source, detail=term, spans=_spans(cue_hits))
            for (source, term), cue_hits in sorted(cues.items(), key=lambda kv: min(h.start for h in kv[1]))
        ]
        findings.append(LabelFinding(code=code, score=round(score, 4), evidence=evidence))
    return findings


@register_stage("protection", 85)
def protection_stage(doc: Document, ctx: PipelineContext) -> None:
    """Sets ``special_categories`` and ``protected_persons`` with the spans that show them."""
    hits = collect_hits(doc)
    doc.findings.special_categories = findings_for(hits, "special_categories", SPECIAL_CATEGORIES)
    doc.findings.protected_persons = findings_for(hits, "protected_persons", PROTECTED_PERSONS)
    ctx.count("protection.cues", len(hits))
