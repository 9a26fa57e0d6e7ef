"""Urgency reasons from cue words, each with the spans that show it.

A cue counts unless a negation stands just before it in its sentence ("no person is in
custody", "aucun risque pour la vie"). ``child_at_risk`` also comes from a child word
and a threat to life in the same sentence ("you and the little one end up like him");
``threat_to_life`` also from a violent act and a near time or a plan in the same sentence
("they will shoot him tonight", "the attack is planned for Friday"): a planned violent act
in the near term, the emergency that words of threat alone miss. In an item about the
exploitation of a person (``EXPLOITING``), a child word beside a near time or a plan is a
child at risk too; in an item about a kidnapping, a near time anywhere means it is going on.
Custody cues are dropped when the item says the person was released; preservation
cues when it says the preservation period already ran out; a threat to life when its
sentence says the victim was freed or rescued.
"""

from __future__ import annotations

import bisect
import re

from triage.document import Evidence
from triage.urgency.lexicon import CUE_REASONS, LEVEL_CUES, OWN_NEGATION, UrgencyLexicon
from triage.urgency.text import Sentences

#: Sentences on either side of a violent act where its time or plan may stand: a plan told
#: line by line ("tomorrow at 8 it ends." / "my father's pistol is in the bag").
PLAN_REACH = 1
#: ...and in an item about terrorism, where an attack is planned step by step over several
#: messages ("the operation is on Saturday." / "the van is rented." / "then out with the knife").
ATTACK_REACH = 3
#: Where a clause ends: a negation before it does not reach a cue after it (a sentence's
#: full stop too, where the sentence splitter went on: "не издържам повече. тази нощ ще изпия …").
_CLAUSE_BREAK = re.compile(r"[,;:]|[.!?](?=\s)")
#: Characters before a cue searched for a negation.
NEGATION_REACH = 40

Hits = dict[str, list[tuple[int, int]]]


def cue_hits(sents: Sentences, lex: UrgencyLexicon, names: tuple[str, ...]) -> Hits:
    """Spans of each named cue list, negated ones left out."""
    text = sents.folded
    negation = lex.get("negation")
    hits: Hits = {}
    for name in names:
        pattern = lex.get(name)
        if pattern is None:
            continue
        own = lex.get(name + OWN_NEGATION)
        for match in pattern.finditer(text):
            s, _ = sents.span(match.start())
            inside = own is None or own.match(text, match.start()) is None
            if negation is not None and _negated(text, s, match, negation, inside):
                continue
            hits.setdefault(name, []).append((match.start(), match.end()))
    return hits


def _negated(
    text: str, sentence_start: int, match: re.Match[str], negation: re.Pattern[str], inside: bool = True
) -> bool:
    """A negation just before the cue in its clause, or inside it ("hearing not yet fixed"); a
    cue that itself opens with a negation ("nie będą żyć": "they will not live") is not
    negated by it, nor is a threat by the condition before it ("if you don't pay, I'll kill you").
    ``inside`` False: the term holds the negation itself ("domani non lo vedi")."""
    start = max(sentence_start, match.start() - NEGATION_REACH)
    start = max([start, *(m.end() for m in _CLAUSE_BREAK.finditer(text, start, match.start()))])
    if negation.search(text, start, match.start()):
        return True
    return inside and any(n.start() > match.start() for n in negation.finditer(text, match.start(), match.end()))


def _together(
    sents: Sentences, hits: Hits, name: str, companions: tuple[str, ...], reach: int = 0
) -> list[tuple[int, int]]:
    """Each cue of ``name`` with the first cue of ``companions`` in its sentence or in the
    ``reach`` sentences on either side."""
    others = sorted(span for c in companions for span in hits.get(c, []))
    starts = [a for a, _ in others]
    spans = []
    for cue in hits.get(name, []):
        s, e = sents.around(cue[0], reach)
        first = bisect.bisect_left(starts, s)
        if first < len(starts) and starts[first] < e:
            spans.extend([cue, others[first]])
    return spans


#: Offences against a child that go on until someone steps in: a child named beside a near
#: time or a plan in an item about one of them is a child at imminent risk ("the meeting with
#: the 12-year-old is tomorrow", "the girl (16) will be driven abroad at dawn").
EXPLOITING = frozenset(
    {"child_sexual_exploitation", "trafficking_human_beings", "kidnapping_hostage_taking", "organ_trafficking"}
)


def find_reasons(
    sents: Sentences, lex: UrgencyLexicon, offences: frozenset[str] = frozenset()
) -> tuple[dict[str, Evidence], Hits]:
    """Reason code -> evidence, and every cue hit (markers included) for the level rules.

    ``offences`` are the item's offence codes (the offences stage runs first)."""
    text = sents.text
    hits = cue_hits(sents, lex, (*CUE_REASONS, *LEVEL_CUES, "request"))
    reach = ATTACK_REACH if "terrorism" in offences else PLAN_REACH
    planned = _together(sents, hits, "violent_act", ("imminent", "planned"), reach)
    if planned:
        hits.setdefault("threat_to_life", []).extend(planned)
    if "kidnapping_hostage_taking" in offences:
        # a kidnapping with a near time ("pay by tomorrow", "tonight they move him"): ongoing
        hits.setdefault("threat_to_life", []).extend(hits.get("imminent", [])[:1])
    if hits.get("rescued") and hits.get("threat_to_life"):
        # "the hostage was freed on 1 May": a danger that is over
        rescued = sorted(a for a, _ in hits["rescued"])
        hits["threat_to_life"] = [t for t in hits["threat_to_life"] if not sents.holds_any(t[0], rescued)]
    child = _together(sents, hits, "child_words", ("threat_to_life",))
    if offences & EXPLOITING:
        child += _together(sents, hits, "child_words", ("imminent", "planned"), PLAN_REACH)
    if child:
        hits.setdefault("child_at_risk", []).extend(child)
    if hits.get("released"):
        hits.pop("custody", None)
    if hits.get("expired"):
        hits.pop("data_preservation", None)
    if hits.get("data_preservation"):
        hits.pop("evidence_loss", None)  # the more specific reason covers lost data
    source = "term:" + "+".join(lex.languages or ("xx",))
    reasons = {
        code: Evidence(
            source=source,
            detail=", ".join(dict.fromkeys(text[s:e] for s, e in spans[:5])),
            spans=sorted(set(spans)),
        )
        for code in CUE_REASONS
        if (spans := hits.get(code))
    }
    return reasons, hits
