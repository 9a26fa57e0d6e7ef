"""Context-word lookups shared by recognisers: one pass per item for every kind, then bisect.

Keywords of all kinds (context words, role words, titles) are matched in a single pass
over the item's word tokens with a dictionary keyed by each keyword's first token, so the
cost is linear in the text and does not grow with the size of the word lists (a regex
alternation of a few thousand words is much slower). Results are memoised on the
``RecognizerInput``; "is there a passport word just before this number" is then a bisect.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

import regex

from triage.pii.lang import INFLECTED_KINDS, OWN_LANGUAGE_KINDS, PiiLangData
from triage.pii.registry import RecognizerInput

WORD = regex.compile(r"\w+|[^\w\s]")
Index = dict[str, list[tuple[tuple[str, ...], str, str, str]]]  # tokens, kind, spelling, language
#: Kinds whose words only count in their own spelling ("AG", "SA" as company forms, not "as").
CASE_SENSITIVE: frozenset[str] = frozenset({"org_words", "legal_form", "titles"})
MAX_ENDING = max(INFLECTED_KINDS.values(), default=0)
MIN_STEM = 3  # "Audiju" is Audi's; "Audx" nothing's


def case_sensitive(kind: str, word: str) -> bool:
    """Titles, company forms and short upper-case abbreviations ('DI', 'PC', 'KK') count only
    in their own spelling: 'di' and 'pc' are ordinary words elsewhere."""
    letters = [c for c in word if c.isalpha()]
    return kind in CASE_SENSITIVE or (0 < len(letters) <= 5 and all(c.isupper() for c in letters))


def _norm(token: str) -> str:
    return token.lower().replace("’", "'")


def kw_tokens(word: str) -> tuple[str, ...]:
    return tuple(_norm(t) for t in WORD.findall(word))


_INDEXES: dict[int, tuple[PiiLangData, Index]] = {}


def _index(data: PiiLangData) -> Index:
    """The keyword index of ``data``, built once per data object."""
    hit = _INDEXES.get(id(data))
    if hit is not None and hit[0] is data:
        return hit[1]
    index: Index = defaultdict(list)
    kinds: dict[str, list[str]] = {k: v for k, v in data.context.items() if k not in OWN_LANGUAGE_KINDS}
    kinds["titles"] = data.titles
    sources: list[tuple[str, dict[str, list[str]]]] = [("", kinds), *data.by_lang.items()]
    for lang, table in sources:
        for kind, words in table.items():
            for w in set(words):
                toks = kw_tokens(w)
                if toks:
                    spelling = "".join(w.split()) if case_sensitive(kind, w) else ""
                    index[toks[0]].append((toks, kind, spelling, lang))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest keyword first
    _INDEXES[id(data)] = (data, dict(index))
    return _INDEXES[id(data)][1]


def _inflected(index: Index, tok: str) -> list[tuple[tuple[str, ...], str, str, str]]:
    """One-word keywords of a kind that takes case endings, under an ending: "Passatu",
    "Loganul", "golfas" (``INFLECTED_KINDS``)."""
    for cut in range(1, min(MAX_ENDING, len(tok) - MIN_STEM) + 1):
        found = [e for e in index.get(tok[:-cut], ()) if len(e[0]) == 1 and INFLECTED_KINDS.get(e[1], 0) >= cut]
        if found:
            return found
    return []


def all_keywords(inp: RecognizerInput) -> dict[str, list[tuple[int, int]]]:
    """Every keyword occurrence of every kind in the item, as sorted (start, end) lists."""
    cached = inp.cache.get("kw")
    if isinstance(cached, dict):
        return cached
    index = _index(inp.data)
    own = inp.language if inp.language in inp.data.by_lang else None
    toks = [(m.start(), m.end(), _norm(m.group())) for m in WORD.finditer(inp.text)]
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    n = len(toks)
    for i, (start, _, tok) in enumerate(toks):
        entries = index.get(tok) or _inflected(index, tok)
        if not entries:
            continue
        seen: set[str] = set()
        for words, kind, spelling, lang in entries:
            if kind in seen or i + len(words) > n or (own and lang and lang != own):
                continue
            if all(toks[i + j][2] == words[j] for j in range(1, len(words))):
                end = toks[i + len(words) - 1][1]
                if spelling and "".join(inp.text[start:end].split()) != spelling:
                    continue
                seen.add(kind)
                out[kind].append((start, end))
    result = dict(out)
    inp.cache["kw"] = result
    return result


def keyword_spans(inp: RecognizerInput, kind: str) -> list[tuple[int, int]]:
    return all_keywords(inp).get(kind, [])


def keyword_before(inp: RecognizerInput, kind: str, pos: int, window: int) -> tuple[int, int] | None:
    """The nearest keyword of ``kind`` that ends within ``window`` characters before ``pos``."""
    spans = keyword_spans(inp, kind)
    i = bisect_right(spans, (pos, pos)) - 1
    best: tuple[int, int] | None = None
    while i >= 0 and spans[i][0] >= pos - window - 60:
        s, e = spans[i]
        if e <= pos and pos - e <= window and (best is None or e > best[1]):
            best = (s, e)
        i -= 1
    return best


def keyword_after(inp: RecognizerInput, kind: str, pos: int, window: int) -> tuple[int, int] | None:
    """The nearest keyword of ``kind`` that starts within ``window`` characters after ``pos``."""
    spans = keyword_spans(inp, kind)
    i = bisect_left(spans, (pos, pos))
    if i < len(spans) and spans[i][0] - pos <= window:
        return spans[i]
    return None
