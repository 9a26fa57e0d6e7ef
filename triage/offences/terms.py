"""The term-based offence scorer: multilingual vocabulary, negation, weight by position.

Why terms first: they need no training data, work from day one in every language that
has a vocabulary file, and every label they give names the words that produced it.

Scoring. Each non-negated term match adds its weight (1 for a legal term, less for a
colloquial one) times a context factor: more in a heading line ("Offence:", "Subject:"),
less under a hypothetical ("whether"). Within one sentence only the strongest match of a
code counts fully. A code mentioned far less than the item's main subject is treated as a
passing mention. The total ``raw`` becomes a score ``1 - 0.5 ** raw``: one clear legal
term in an ordinary sentence gives 0.5, each further independent mention halves the
remaining doubt. The decision threshold, 0.4, takes one legal term, or a colloquial word
with a second mention in its sentence; not a colloquial word alone, a passing mention or a
hypothetical one. (At 0.5 offences F1 on valid2 was 0.648, at 0.4 0.656, dev 0.907 and 0.913.)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from triage.lang.files import languages_for
from triage.offences.articles import find_citations
from triage.offences.lexicon import IGNORE, NEUTRAL, Lexicon, Term, load_lexicon, normalise
from triage.offences.taxonomy import load_taxonomy
from triage.offences.units import Unit

HEADING_FACTOR = 2.0
HYPOTHETICAL_FACTOR = 0.3
SAME_SENTENCE_EXTRA = 0.25  # further matches of one code in one sentence
CUE_WINDOW = 60  # characters a negation cue reaches before a term
AFTER_WINDOW = 80  # characters a trailing negation reaches after a term
HEADING_REACH = 40  # a heading cue must open the line
PASSING_RATIO = 0.25  # below this share of the main subject's weight, a code is a passing mention
PASSING_FACTOR = 0.5
THRESHOLD = 0.4

_HARD_BREAK = re.compile(r"[;:,!?()\n]|\.\s")
# "no. 123", "nº 5": a number sign, not a negation.
_NUMBER_SIGN = re.compile(r"(?<!\w)(?:no|nr|n)\.?\s*(?=\d)")


@dataclass(frozen=True)
class Hit:
    """One accepted term match."""

    code: str
    term: str
    language: str
    weight: float
    unit: Unit
    span: tuple[int, int]  # offsets into the original document text
    heading: bool


@dataclass
class TermResult:
    """Per code: the raw weight, the calibrated score and the hits behind it."""

    raw: dict[str, float] = field(default_factory=dict)
    hits: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))
    negated: list[tuple[str, str, tuple[int, int]]] = field(default_factory=list)

    def score(self, code: str) -> float:
        return score_of(self.raw.get(code, 0.0))


def score_of(raw: float) -> float:
    return 1.0 - 0.5**raw if raw > 0 else 0.0


def _breaks(lex: Lexicon) -> list[re.Pattern[str]]:
    return [p for p in (lex.clause_breaks, lex.relatives) if p is not None]


def _clause_before(text: str, lex: Lexicon) -> str:
    cut = max((m.end() for m in _HARD_BREAK.finditer(text)), default=0)
    for pattern in _breaks(lex):
        cut = max([cut, *(m.end() for m in pattern.finditer(text))])
    return _NUMBER_SIGN.sub(" ", text[cut:])


def _clause_after(text: str, lex: Lexicon) -> str:
    ends = [m.start() for m in _HARD_BREAK.finditer(text)]
    for pattern in _breaks(lex):
        ends += [m.start() for m in pattern.finditer(text)]
    return text[: min(ends, default=len(text))]


def _denied(norm: str, start: int, lex: Lexicon) -> bool:
    """A sentence-wide denial ("no evidence ... of") before the term, not crossing a contrast."""
    if lex.denial is None:
        return False
    before = norm[max(0, start - 2 * CUE_WINDOW) : start]
    if lex.clause_breaks is not None:
        before = before[max((m.end() for m in lex.clause_breaks.finditer(before)), default=0) :]
    return lex.denial.search(before) is not None


def _negated(norm: str, start: int, end: int, lex: Lexicon) -> bool:
    if _denied(norm, start, lex):
        return True
    if lex.negation is not None and lex.negation.search(
        _clause_before(norm[max(0, start - CUE_WINDOW) : start], lex)
    ):
        return True
    after = _clause_after(norm[end : end + AFTER_WINDOW], lex)
    return lex.negation_after is not None and lex.negation_after.search(after) is not None


def _hypothetical(norm: str, start: int, lex: Lexicon) -> bool:
    if lex.hypothetical is None:
        return False
    return lex.hypothetical.search(_clause_before(norm[max(0, start - CUE_WINDOW) : start], lex)) is not None


def _is_heading(norm: str, previous: str | None, lex: Lexicon) -> bool:
    if lex.headings is None:
        return False
    m = lex.headings.search(norm[:HEADING_REACH])
    if m is not None:
        return True
    return previous is not None and len(previous) <= HEADING_REACH and lex.headings.search(previous) is not None


def lexicons_for(units: Iterable[Unit]) -> dict[str | None, list[Lexicon]]:
    """The lexicons that read each language present: its own (or those of the languages it
    shares a standard with: Bosnian reads Croatian and Serbian) plus the language-neutral one."""
    neutral = load_lexicon(NEUTRAL)
    out: dict[str | None, list[Lexicon]] = {}
    for unit in units:
        if unit.language in out:
            continue
        own = [load_lexicon(code) for code in languages_for(unit.language)]
        out[unit.language] = [lex for lex in (*own, neutral) if lex is not None]
    return out


def _spelled(term: Term) -> int:
    """Letters a term writes out (its literal part)."""
    return len(term.anchor)


def _longest(matches: list[tuple[Lexicon, Term, int, int]]) -> list[tuple[Lexicon, Term, int, int]]:
    """Drop a match that lies inside a longer one ("criminal association" inside "terrorist
    criminal association"): the longer, more specific term decides the code."""
    kept = [
        m for m in matches
        if not any(o is not m and o[2] <= m[2] and m[3] <= o[3] and o[3] - o[2] > m[3] - m[2] for o in matches)
    ]
    # On the same words, the term that spells more of them decides: "zsarolóvírus*"
    # (ransomware, cybercrime) over "zsarol*" (extortion).
    spelled: dict[tuple[int, int], int] = {}
    for m in kept:
        spelled[m[2], m[3]] = max(spelled.get((m[2], m[3]), 0), _spelled(m[1]))
    kept = [m for m in kept if _spelled(m[1]) == spelled[m[2], m[3]]]
    # Two terms of one code on the same words ("blanchi*", "blanchiment*") are one match.
    best: dict[tuple[str, int, int], tuple[Lexicon, Term, int, int]] = {}
    for m in kept:
        key = (m[1].code, m[2], m[3])
        if key not in best or m[1].weight > best[key][1].weight:
            best[key] = m
    return list(best.values())


def _candidates(
    units: list[Unit], norms: list[str], lexicons: dict[str | None, list[Lexicon]]
) -> list[list[tuple[Lexicon, Term]]]:
    """Per unit, the terms whose anchor occurs in it, in the lexicons' order.

    A language holds thousands of terms and an item meets a few dozen: each anchor is looked
    for once per item, in the item's sentences of that language joined, and each place it
    stands names its sentence, so a sentence tries only the terms written in it.
    """
    indices: dict[str | None, list[int]] = defaultdict(list)
    for i, unit in enumerate(units):
        indices[unit.language].append(i)
    out: list[list[tuple[Lexicon, Term]]] = [[] for _ in units]
    for language, members in indices.items():
        joined = "\n".join(norms[i] for i in members)
        starts = list(accumulate((len(norms[i]) + 1 for i in members[:-1]), initial=0))
        for lex in lexicons[language]:
            for term in lex.terms:
                if term.anchor not in joined or not term.opens(joined):
                    continue
                if not term.anchor:  # a raw regex, alternatives only: every sentence tries it (and its openers)
                    for i in members:
                        out[i].append((lex, term))
                    continue
                pos = joined.find(term.anchor)
                while pos >= 0:
                    k = bisect_right(starts, pos) - 1
                    out[members[k]].append((lex, term))
                    pos = joined.find(term.anchor, starts[k + 1]) if k + 1 < len(starts) else -1
    return out


def find_hits(units: list[Unit], result: TermResult) -> list[Hit]:
    """Accepted term matches in ``units``; denied ones are kept in ``result.negated``."""
    hits: list[Hit] = []
    lexicons = lexicons_for(units)
    norms = [normalise(unit.text) for unit in units]
    candidates = _candidates(units, norms, lexicons)
    previous: str | None = None
    for unit, norm, terms in zip(units, norms, candidates, strict=True):
        matches = [(lex, term, m.start(), m.end()) for lex, term in terms for m in term.finditer(norm)] + [
            (lex, Term(c.code, c.cited, 1.0, ""), c.start, c.end)
            for lex in lexicons[unit.language] for table in lex.articles for c in find_citations(norm, table)
        ]
        headings = {lex.language: _is_heading(norm, previous, lex) for lex in lexicons[unit.language]}
        for lex, term, start, end in _longest(matches):
            if term.code == IGNORE:
                continue
            span = (unit.start, unit.end) if unit.translated else (unit.start + start, unit.start + end)
            if _negated(norm, start, end, lex):
                result.negated.append((term.code, term.term, span))
                continue
            weight = term.weight * (HYPOTHETICAL_FACTOR if _hypothetical(norm, start, lex) else 1)
            hits.append(Hit(term.code, term.term, lex.language, weight, unit, span, headings[lex.language]))
        previous = norm.strip()
    return hits


def _raw_weights(hits: list[Hit]) -> dict[str, float]:
    per_sentence: dict[tuple[str, int], list[float]] = defaultdict(list)
    for hit in hits:
        per_sentence[(hit.code, hit.unit.index)].append(hit.weight * (HEADING_FACTOR if hit.heading else 1))
    raw: dict[str, float] = defaultdict(float)
    for (code, _), weights in per_sentence.items():
        weights.sort(reverse=True)
        raw[code] += weights[0] + SAME_SENTENCE_EXTRA * sum(weights[1:])
    return dict(raw)


def _damp_passing(raw: dict[str, float], hits: list[Hit]) -> dict[str, float]:
    if not raw:
        return raw
    top = max(raw.values())
    in_heading = {h.code for h in hits if h.heading}
    return {
        code: value * (PASSING_FACTOR if value < PASSING_RATIO * top and code not in in_heading else 1)
        for code, value in raw.items()
    }


def _subsume(raw: dict[str, float]) -> dict[str, float]:
    """Evidence of a means (guns in an armed robbery) counts a share when the main offence is found."""
    out = dict(raw)
    for offence in load_taxonomy().offences:
        if raw.get(offence.code, 0.0) >= 1.0:
            for code, factor in offence.subsumes:
                if code in out:
                    out[code] = min(out[code], raw[code] * factor)
    return out


def score_terms(original: list[Unit], translated: list[Unit] | None = None) -> TermResult:
    """Score every code over the original sentences and, when given, their translations.

    The two readings are alternatives, not independent witnesses, so per code the stronger
    one wins (adding them would count one sentence twice).
    """
    result = TermResult()
    readings = [original, translated or []]
    raws = []
    for units in readings:
        hits = find_hits(units, result)
        for hit in hits:
            result.hits[hit.code].append(hit)
        raws.append(_damp_passing(_raw_weights(hits), hits))
    codes = set(raws[0]) | set(raws[1])
    result.raw = _subsume({c: max(raws[0].get(c, 0.0), raws[1].get(c, 0.0)) for c in codes})
    return result
