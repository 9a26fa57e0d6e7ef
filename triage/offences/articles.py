"""Citations of a criminal code's articles: "ч. 2 ст. 149 КК України", "§ 263 StGB", "art. 640 c.p.".

Why: a request names its offence by the article of the national code that defines it, in
the words of that code; the words vary ("изготвил неистински официални документи"), the
number does not. Each language's ``offences.yaml`` may hold ``articles``: tables of one
code each, read from the code itself (the file's header cites it)::

    articles:
      - name: НК                              # the code as the evidence names it
        code: 'нк|наказателни\\w* кодекс'   # a regex over folded text that names the code
        cite: 'чл\\.?|член\\w*'               # the article marker
        other: 'нпк'                          # the code of procedure, whose articles name nothing
        offences:
          document_forgery: [308, 309, 316]   # category: articles ("a+b": one article, two categories)

A number counts only with its code named right after it ("чл. 308, ал. 2 и чл. 316 от
Наказателния кодекс": both) or right before it ("Btk. 342. §", "TCK'nın 157. maddesi"), so
an article of the code of procedure or of another act ("art. 351 c.p.p.") names nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from triage.errors import ConfigError
from triage.lang.terms import fold_regex

#: An article number as codes write it: "149", "263a", "205.1", "222-23", "416-bis", "368.º-A", "159а",
#: "143/1" (an article of its own, or article 188's third paragraph: "188/3").
NUM = (
    r"\d{1,4}(?:[./-]\d{1,3}){0,2}(?:\.?[º°])?"
    r"(?:[ -]?(?:bis|ter|quater|quinquies|sexies|septies)(?!\w)|-?[^\W\d_](?![^\W\d_]))?"
)
#: Between two numbers of one citation: "§§ 263, 263a", "artt. 110 e 640".
SEPARATOR = r"\s*(?:,|\w{1,3})\s*"
#: What may stand between a citation and its code: subdivisions ("ал. 2", "odst. 1 písm. a)",
#: "alin. (1)", "Abs. 1 Nr. 2"), more citations and short words ("del", "от", "of the").
GAP = re.compile(r"[^\S\n]*(?:(?:[\w.º°]{1,8}|[(),–§-])[^\S\n]*){0,12}")
#: What may stand between a code named first and its number: "Btk. ", "TCK'nın ", "StGB ".
BEFORE_GAP = re.compile(r"\W{0,3}(?:\w{1,5}\W{1,3})?")
AFTER_REACH = 70
OTHER_REACH = 30  # another code named this close after a citation takes it


#: Greek and Cyrillic suffix letters as Latin ones: "323Α" and "323A", "159а" and "159a" are one.
_SUFFIX_LETTERS = str.maketrans("αβγδабвг", "abcdabvg")


def number_key(number: str) -> str:
    """One spelling per article: "416-bis", "416 bis" and "416bis" are one; "368.º-A" is "368a"."""
    key = re.sub(r"\.?[º°]", "", number.lower())
    key = re.sub(r"[\s-]+(?=[^\W\d_])", "", key)
    key = re.sub(r"-?ე$", "", key)  # a Georgian ordinal: "180-ე მუხლი", the 180th article
    return key.rstrip(".").translate(_SUFFIX_LETTERS)


@dataclass(frozen=True)
class ArticleTable:
    """The articles of one code, each mapped to the offence category it defines."""

    name: str  # the code as the evidence names it
    code: re.Pattern[str]
    numbers: re.Pattern[str]  # a citation: its marker and one or more numbers
    other: re.Pattern[str] | None  # other codes' names ("c.p.p."): a citation before one is theirs
    after: re.Pattern[str]  # a number written before its marker ("342. §", "157. maddesi")
    offences: dict[str, tuple[str, ...]]  # number_key -> the offence codes it defines


@dataclass(frozen=True)
class Citation:
    code: str  # the offence code
    start: int
    end: int
    cited: str  # "308 НК": what the evidence shows


def parse_tables(raw: Any, known: set[str], where: str) -> tuple[ArticleTable, ...]:
    """Compile the ``articles`` section of an offences file; bad regexes and codes are configuration errors.

    Each table's ``other`` (the code of procedure...) takes in the other tables' code names too:
    "art. 73 d.P.R. 309/90" is no article of the c.p. named later in the sentence."""
    entries = list(raw or [])
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict) or not {"code", "cite", "offences"} <= set(entry):
            raise ConfigError(f"{where}: articles[{n}] needs 'code', 'cite' and 'offences'")
    tables = []
    for n, entry in enumerate(entries):
        offences: dict[str, tuple[str, ...]] = {}
        for key, numbers in (entry["offences"] or {}).items():
            codes = tuple(str(key).split("+"))  # "cybercrime+fraud": an article that defines both
            for offence in codes:
                if offence not in known:
                    raise ConfigError(f"{where}: articles[{n}]: unknown offence code {offence!r}")
            for number in numbers or []:
                offences[number_key(str(number))] = codes
        others = [str(e["code"]) for e in entries if e is not entry]
        if entry.get("other"):
            others.append(str(entry["other"]))
        try:
            cite, code = fold_regex(str(entry["cite"])), fold_regex(str(entry["code"]))
            other = "|".join(f"(?:{fold_regex(o)})" for o in others)
            tables.append(
                ArticleTable(
                    name=str(entry.get("name") or entry["code"]),
                    code=re.compile(rf"(?<!\w)(?:{code})(?!\w)"),
                    numbers=re.compile(rf"(?<!\w)(?:{cite})\s*((?:{NUM})(?:{SEPARATOR}(?:(?:{cite})\s*)?{NUM})*)"),
                    after=re.compile(rf"({NUM})\.?\s*(?:{cite})(?!\w)"),
                    other=re.compile(rf"(?<!\w)(?:{other})(?!\w)") if other else None,
                    offences=offences,
                )
            )
        except re.error as exc:
            raise ConfigError(f"{where}: articles[{n}]: {exc}") from exc
    return tuple(tables)


def _numbers(text: str) -> list[str]:
    return [m.group() for m in re.finditer(NUM, text)]


def _cited(table: ArticleTable, numbers: list[str], start: int, end: int) -> Iterator[Citation]:
    for number in numbers:
        key = number_key(number)
        for offence in table.offences.get(key) or table.offences.get(key.split("/")[0], ()):
            yield Citation(offence, start, end, f"{number} {table.name}")


def _code_after(table: ArticleTable, norm: str, codes: list[tuple[int, int]], end: int) -> tuple[int, int] | None:
    """The code named after a citation ending at ``end``, with only subdivisions, further
    citations and short words between, and no other code's name."""
    after = next((c for c in codes if end <= c[0] <= end + AFTER_REACH), None)
    if after is None:
        return None
    between = norm[end : after[0]]
    if not GAP.fullmatch(between) or (table.other is not None and table.other.search(between)):
        return None
    return after


def _code_before(
    table: ArticleTable, norm: str, codes: list[tuple[int, int]], start: int, end: int, since: int = -1
) -> tuple[int, int] | None:
    """The code named right before a citation at ``start``-``end`` ("StGB § 263", "Btk. 342. §";
    after ``since``, the end of an earlier citation of it: "Btk. 379. §, 342. §"), unless another
    code is named right after the citation ("kk oraz art. 258 k.p.k.")."""
    before = next((c for c in reversed(codes) if c[1] <= start), None)
    if before is None or not BEFORE_GAP.fullmatch(norm, max(before[1], since), start):
        return None
    if table.other is not None:
        window = norm[end : end + OTHER_REACH]
        other = table.other.search(window)
        if other is not None and table.code.search(window, 0, other.start()) is None:
            return None
    return before


def find_citations(norm: str, table: ArticleTable) -> Iterator[Citation]:
    """The offences ``table``'s code defines under the articles ``norm`` (folded text) cites."""
    codes = [(m.start(), m.end()) for m in table.code.finditer(norm)]
    if not codes:
        return
    for m in table.numbers.finditer(norm):
        numbers = _numbers(m.group(1))
        after = _code_after(table, norm, codes, m.end())
        if after is not None:  # the numbers of further citations before the code count too
            numbers += [n for c in table.numbers.finditer(norm, m.end(), after[0]) for n in _numbers(c.group(1))]
            yield from _cited(table, numbers, m.start(), after[1])
        elif (before := _code_before(table, norm, codes, m.start(), m.end())) is not None:
            yield from _cited(table, numbers, before[0], m.end())
    # a number written before its marker, its code before ("Btk. 379. §, 342. §") or after ("211. člena KZ-1")
    last = -1
    for m in table.after.finditer(norm):
        if (before := _code_before(table, norm, codes, m.start(), m.end(), last)) is not None:
            last = m.end()
            yield from _cited(table, [m.group(1)], before[0], m.end())
        elif (after := _code_after(table, norm, codes, m.end())) is not None:
            yield from _cited(table, [m.group(1)], m.start(), after[1])
