"""Tokens and name runs: the shapes person names take in running text.

A *run* is a maximal sequence of name-shaped tokens separated by single spaces: capitalised
words ("Laura"), upper-case words ("BENÍTEZ"), initials ("A.") and name particles between
them ("da", "van", "DE"). Runs are cut at stopwords (articles, role and context words of
every language), so "Der Beschuldigte Dennis KRÜGER" yields the run "Dennis KRÜGER".
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from triage.lang.fold import fold

TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*")
PARTICLES = frozenset(
    {
        "de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den",
        "ter", "te", "la", "le", "el", "al", "bin", "ibn", "dela", "du", "des",
        "ó", "ní", "mac", "mhic", "nic", "uí", "ua",  # Irish: Seán Ó Briain, Áine Ní Bhriain
    }
)  # fmt: skip
#: Particles that only ever stand in a surname: a capitalised word on either side makes a name.
SURNAME_PARTICLES = frozenset({"ó", "ní", "mhic", "nic", "uí", "ua"})


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    text: str
    kind: str  # 'U' upper, 'C' capitalised, 'I' initial, 'p' particle, 'l' lower

    @property
    def lower(self) -> str:
        return self.text.lower().rstrip(".")


def classify(word: str, followed_by_dot: bool) -> str:
    if word.islower():  # most words of a text: no capital, so a particle or nothing
        return "p" if word in PARTICLES else "l"
    letters = [c for c in word if c.isalpha()]
    if len(letters) == 1 and letters[0].isupper() and followed_by_dot:
        return "I"
    if word.lower() in PARTICLES:
        return "p"
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "U"
    head, _, tail = word.partition("-")
    if tail and len(head) >= 2 and head.isupper() and len(tail) <= 3 and tail.islower():
        return "U"  # an inflected acronym ("EIN-a"), not a capitalised name
    if letters and letters[0].isupper() and any(c.islower() for c in letters[1:]):
        return "C"
    return "l"


#: An elided article or preposition glued to a lower-case word ("L'indagato", "d'escroquerie",
#: "dell'imputato") is not part of a name; "D'Angelo" and "O'Brien" are.
ELISION = regex.compile(r"(?i:[ldjmnstc]|qu|dell|nell|sull|dall|all|un)['’](?=\p{Ll})")


#: A suffix after an apostrophe on a name: Turkish cases ("KOÇ'un", "Kees'in"), the English
#: possessive ("ASHCOMBE's"). The name is the part before it.
NAME_SUFFIX = regex.compile(r"(\p{Lu}[\p{L}\p{M}]+)['’](\p{Ll}{1,4})")


def tokenize(text: str) -> list[Tok]:
    toks = []
    for m in TOKEN.finditer(text):
        quoted = "'" in m.group() or "’" in m.group()  # the two patterns below need an apostrophe
        suffixed = NAME_SUFFIX.fullmatch(m.group()) if quoted else None
        if suffixed:
            end = m.start() + suffixed.end(1)
            toks.append(Tok(m.start(), end, suffixed.group(1), classify(suffixed.group(1), False)))
            toks.append(Tok(end, m.end(), text[end : m.end()], "l"))
            continue
        elided = ELISION.match(m.group()) if quoted else None
        if elided:
            toks.append(Tok(m.start(), m.start() + elided.end(), elided.group(), "l"))
            rest = m.start() + elided.end()
            word = text[rest : m.end()]
            dot = m.end() < len(text) and text[m.end()] == "."
            toks.append(Tok(rest, m.end(), word, classify(word, dot)))
            continue
        end = m.end()
        dot = end < len(text) and text[end] == "."
        kind = classify(m.group(), dot)
        if kind == "I":
            end += 1
        toks.append(Tok(m.start(), end, text[m.start() : end], kind))
    return toks


def runs(text: str, toks: list[Tok]) -> list[list[Tok]]:
    """Maximal sequences of name-shaped tokens joined by one space (initials may touch: 'W.J.')."""
    out: list[list[Tok]] = []
    cur: list[Tok] = []
    for tok in toks:
        if tok.kind == "l":
            if cur:
                out.append(cur)
            cur = []
            continue
        if cur:
            gap = text[cur[-1].end : tok.start]
            if gap not in (" ", "") or (gap == "" and cur[-1].kind != "I"):
                out.append(cur)
                cur = []
        cur.append(tok)
    if cur:
        out.append(cur)
    return [trim_particles(r) for r in out if any(t.kind != "p" for t in r)]


def trim_particles(run: list[Tok]) -> list[Tok]:
    """Particles only inside a name; an upper-case one may open a surname ('EL AMRANI')."""
    while run and run[0].kind == "p" and not (run[0].text.isupper() and len(run) > 1 and run[1].kind == "U"):
        run = run[1:]
    while run and run[-1].kind == "p":
        run = run[:-1]
    return run


#: The possessive of a name in English and German: "ASHCOMBE's account", "Lorenz' Handy".
POSSESSIVE = regex.compile(r"['’]s?$")


def name_key(word: str) -> str:
    """A name word as it compares with its other spellings: without case, accents or a
    possessive ("ΚΑΡΑΓΙΑΝΝΗ" is "Καραγιάννη", "ASHCOMBE's" is "ASHCOMBE")."""
    return str(POSSESSIVE.sub("", fold(word)))


def stem_match(a: str, b: str, inflected: bool) -> bool:
    """Same name: equal ignoring case and accents; in inflected languages a shared stem (Kubiak / Kubiaka)."""
    a, b = name_key(a), name_key(b)
    if a == b:
        return True
    if not inflected or min(len(a), len(b)) < 4:
        return False
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= max(4, min(len(a), len(b)) - 2) and abs(len(a) - len(b)) <= 4
