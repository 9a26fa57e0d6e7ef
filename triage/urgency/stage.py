"""The ``urgency`` stage (order 80): level, reasons with evidence, and the deadline.

Also sets ``doc.document_date`` when extraction did not (it anchors relative deadlines).
Runs on the original text in every corpus language; cue words come from
``triage/lang/<code>/urgency.yaml`` for the item's language and its segments' languages.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections import Counter

from triage.document import Document, Evidence, LabelFinding, UrgencyFinding
from triage.lang.fold import ascii_digits
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage
from triage.urgency.dates import DateMention, find_dates
from triage.urgency.deadline import find_deadline
from triage.urgency.docdate import find_document_date
from triage.urgency.level import Decision, decide
from triage.urgency.lexicon import load_lexicon
from triage.urgency.reasons import find_reasons
from triage.urgency.text import Sentences
from triage.vocabulary import UrgencyLevel

#: A date written without a year that falls this far before the document is next year's.
YEARLESS_BACKWARD = dt.timedelta(days=62)
#: A leap year, so that "29 February" survives until the document's year is known.
PLACEHOLDER_YEAR = 2000


#: A segment language joins the item's own when its segments hold this share of the text.
SECOND_LANGUAGE_SHARE = 0.15


def _languages(doc: Document) -> tuple[str, ...]:
    """The item's language, then any language that covers a real part of it (not a stray line)."""
    chars: Counter[str] = Counter()
    for seg in doc.segments:
        if seg.language:
            chars[seg.language] += seg.end - seg.start
    total = sum(chars.values()) or 1
    codes = [doc.language, *(c for c, n in chars.most_common() if n / total >= SECOND_LANGUAGE_SHARE)]
    return tuple(dict.fromkeys(c for c in codes if c)) or ("en",)


def _with_years(mentions: list[DateMention], doc_date: dt.date) -> list[DateMention]:
    """Year-less dates ("by 4 December") read against the document's date."""
    out = []
    for m in mentions:
        if not m.has_year:
            try:
                m = dataclasses.replace(m, date=m.date.replace(year=doc_date.year))
                if m.date < doc_date - YEARLESS_BACKWARD:
                    m = dataclasses.replace(m, date=m.date.replace(year=doc_date.year + 1))
            except ValueError:  # 29 February of a common year
                continue
        out.append(m)
    return out


def analyse(doc: Document) -> UrgencyFinding:
    """The urgency of ``doc`` (sets ``doc.document_date`` if it was unknown)."""
    text = ascii_digits(doc.text)
    languages = _languages(doc)
    language = "+".join(languages)
    all_dates = find_dates(text, language, PLACEHOLDER_YEAR)  # year-less dates get their year below
    dated = [m for m in all_dates if m.has_year]
    if doc.document_date is None:
        doc.document_date = find_document_date(text, dated, doc.metadata.get("date"))
    doc_date = doc.document_date
    mentions = _with_years(all_dates, doc_date) if doc_date else dated

    lex = load_lexicon(languages)
    sents = Sentences(text)
    found, hits = find_reasons(sents, lex, _offences(doc))
    deadline = find_deadline(text, mentions, sents, lex, doc_date, hits.get("term_expiry", []))
    decision = _stronger(decide(found, hits, sents, mentions, deadline, doc_date), _second_opinion(doc, doc_date))
    return UrgencyFinding(
        level=decision.level,
        reasons=[
            LabelFinding(code=code, score=min(0.99, 0.7 + 0.1 * len(ev.spans)), evidence=[ev])
            for code, ev in decision.reasons.items()
        ],
        deadline=deadline.date if deadline else None,
        deadline_evidence=deadline.evidence if deadline else None,
        marked_evidence=decision.marked,
    )


def _offences(doc: Document) -> frozenset[str]:
    """The item's offences and offence hints: the context rules raise, so weak evidence counts."""
    return frozenset(f.code for f in doc.findings.offences) | frozenset(doc.findings.offence_hints)


RANK = {UrgencyLevel.ROUTINE: 0, UrgencyLevel.URGENT: 1, UrgencyLevel.IMMEDIATE: 2}


def _second_opinion(doc: Document, doc_date: dt.date | None) -> Decision | None:
    """The level the cues of the translation's language give the item's translated segments,
    with evidence mapped back to the segments they translate (``None`` without translations).

    Why: an item in a language with thin cue lists still has its danger said in the working
    language once translated. Only a raise is taken from it (``_stronger``), and never from a
    suspect translation.
    """
    segments = {s.index: s for s in doc.segments}
    pieces = [(t, segments[t.segment_index]) for t in doc.trusted_translations() if t.segment_index in segments]
    if not pieces:
        return None
    text = "\n".join(t.text for t, _ in pieces)
    bounds, offset = [], 0
    for t, seg in pieces:
        bounds.append((offset, seg))
        offset += len(t.text) + 1
    starts = [b for b, _ in bounds]

    def to_original(ev: Evidence) -> Evidence:
        spans = sorted(
            {(seg.start, seg.end) for a, _ in ev.spans for seg in [bounds[bisect.bisect_right(starts, a) - 1][1]]}
        )
        return Evidence(source=f"{ev.source}@translation", detail=ev.detail, spans=spans)

    target = pieces[0][0].target_language
    sents = Sentences(text)
    found, hits = find_reasons(sents, load_lexicon((target,)), _offences(doc))
    decision = decide(found, hits, sents, [], None, doc_date)
    return Decision(
        decision.level,
        {code: to_original(ev) for code, ev in decision.reasons.items()},
        to_original(decision.marked) if decision.marked else None,
    )


def _stronger(own: Decision, translated: Decision | None) -> Decision:
    """The original's decision unless the translation's raises the level: a missed emergency
    costs more than a routine item read early, so the translation may raise, never lower."""
    if translated is None or RANK[translated.level] <= RANK[own.level]:
        return own
    return translated


@register_stage("urgency", 80)
def urgency_stage(doc: Document, ctx: PipelineContext) -> None:
    """Replace ``doc.findings.urgency`` with a fresh analysis."""
    doc.findings.urgency = analyse(doc)
