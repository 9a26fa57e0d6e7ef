"""Generalisers: turn a span into a coarser form of itself, with the same length.

Contract of a generaliser: ``(text) -> text`` of exactly ``len(text)`` characters, with line
breaks where they were, so that ``minimised_text`` keeps the offsets of everything around
the span. Characters withheld become ``MASK``. Registered by name; a policy names them with
``to:`` and an unknown name is refused when the policy is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MASK = "█"

Generaliser = Callable[[str], str]
GENERALISERS: dict[str, Generaliser] = {}


def register_generaliser(name: str) -> Callable[[Generaliser], Generaliser]:
    def decorate(fn: Generaliser) -> Generaliser:
        GENERALISERS[name] = fn
        return fn

    return decorate


def mask(text: str) -> str:
    """Every character withheld except line breaks (the layout stays)."""
    return "".join(ch if ch in "\r\n" else MASK for ch in text)


def _keep(text: str, keep: set[int]) -> str:
    """Mask every letter and digit whose index is not in ``keep``; punctuation stays."""
    return "".join(ch if i in keep or not ch.isalnum() else MASK for i, ch in enumerate(text))


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_TRAILING_YY = re.compile(r"(?<=[./-])(\d{2})\s*$")


@register_generaliser("year")
def year(text: str) -> str:
    """A date reduced to its year (``11/07/1994`` → ``██/██/1994``); no year found: all masked."""
    match = _YEAR.search(text) or _TRAILING_YY.search(text)
    if match is None:
        return mask(text)
    return _keep(text, set(range(match.start(1), match.end(1))))


@register_generaliser("last4")
def last4(text: str) -> str:
    """Only the last four letters or digits stay (account and card numbers)."""
    positions = [i for i, ch in enumerate(text) if ch.isalnum()]
    return _keep(text, set(positions[-4:]))


@register_generaliser("domain")
def domain(text: str) -> str:
    """An e-mail address reduced to its domain (``█████@example.org``)."""
    at = text.rfind("@")
    return mask(text) if at < 0 else mask(text[:at]) + text[at:]


@register_generaliser("network")
def network(text: str) -> str:
    """An IPv4 address without its last octet; an IPv6 address without its interface half."""
    if ":" in text:
        groups = text.split(":")
        half = max(1, len(groups) // 2)
        return ":".join(groups[:half] + [mask(g) for g in groups[half:]])
    head, dot, tail = text.rpartition(".")
    return head + dot + mask(tail) if dot else mask(text)


@register_generaliser("initials")
def initials(text: str) -> str:
    """A name reduced to its initials (``Jean Dupont`` → ``J███ D█████``)."""
    keep = {m.start() for m in re.finditer(r"\b\w", text)}
    return _keep(text, keep)
