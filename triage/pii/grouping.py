"""One identity per person within an item: "Tomasz KUBIAK", "Tomasza KUBIAKA" and "KUBIAK"
are the same person; "Marco BETTONI" and "BETTONI Giorgio" are not.

Surnames are the upper-case words of a mention (or its last capitalised word); first names
are the others. A full mention joins an identity with the same surname and a compatible
first name (same, an initial of it, or none); a single word joins the first identity whose
surname, else first name, it matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from triage.pii.names import stem_match
from triage.pii.persons import Mention


@dataclass
class Identity:
    person_id: str
    surnames: list[str] = field(default_factory=list)
    first_names: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def split_name(tokens: tuple[str, ...]) -> tuple[list[str], list[str]]:
    upper = [t for t in tokens if t.isupper() and len(t) > 1]
    if upper:
        return upper, [t for t in tokens if t not in upper]
    if len(tokens) <= 1:
        return [], list(tokens)
    return [tokens[-1]], list(tokens[:-1])


def _any_match(a: list[str], b: list[str], inflected: bool) -> bool:
    return any(stem_match(x, y, inflected) for x in a for y in b)


def _first_compatible(a: list[str], b: list[str], inflected: bool) -> bool:
    if not a or not b:
        return True
    return _any_match(a, b, inflected)


def group(mentions: list[Mention], inflected: bool) -> dict[int, Identity]:
    """Maps each mention's index (in ``mentions``) to its identity; ids are 'P1', 'P2' … in order."""
    identities: list[Identity] = []
    out: dict[int, Identity] = {}
    singles: list[int] = []
    for i, m in enumerate(mentions):
        if len(m.tokens) <= 1 and not (m.tokens and m.tokens[0].isupper()):
            singles.append(i)
            continue
        surnames, firsts = split_name(m.tokens)
        if not surnames:
            singles.append(i)
            continue
        found = next(
            (
                ident
                for ident in identities
                if _any_match(surnames, ident.surnames, inflected)
                and _first_compatible(firsts, ident.first_names, inflected)
            ),
            None,
        )
        if found is None and not firsts:
            found = next((ident for ident in identities if _any_match(surnames, ident.surnames, inflected)), None)
        if found is None:
            found = Identity(f"P{len(identities) + 1}")
            identities.append(found)
        found.surnames.extend(s for s in surnames if s not in found.surnames)
        found.first_names.extend(f for f in firsts if f not in found.first_names)
        found.mentions.append(m)
        out[i] = found
    for i in singles:
        word = list(mentions[i].tokens)
        found = next((ident for ident in identities if _any_match(word, ident.surnames, inflected)), None)
        if found is None:
            found = next((ident for ident in identities if _any_match(word, ident.first_names, inflected)), None)
        if found is None:
            found = Identity(f"P{len(identities) + 1}", first_names=word)
            identities.append(found)
        found.mentions.append(mentions[i])
        out[i] = found
    return out
