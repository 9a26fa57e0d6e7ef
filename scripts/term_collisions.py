"""Lists the one-word terms of the word lists that frequent words of their language contain.

Why: terms are matched on folded text with ``*`` for any ending, so a stem can hide in an
everyday word: Swedish "genom*" (genome) is "genom" (through), Latvian "līķ*" (corpse)
folds into "likums" (law), Turkish "ölsün" (may he die) into "olsun" (be it so). A
linguist reads this list and narrows each stem that hits a word it does not mean.

    .venv/bin/python scripts/term_collisions.py protection --top 3000
    .venv/bin/python scripts/term_collisions.py offences --keys terms weak

The frequent words come from ``wordfreq`` (bundled data); languages it lacks are skipped.
Many hits are the term's own forms ("hospital" for "hospital*"): only the reader can tell.
The lists of ``pii.yaml`` are matched in lower case but not folded: there a hit that only
folding makes ("far" for "får") is no collision; a stem's hit ("napadl*": "napadlo") is.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import wordfreq
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from triage.lang.derived import wordfreq_code
from triage.lang.fold import fold

LANG_DIR = Path(__file__).resolve().parent.parent / "triage" / "lang"


def terms_of(key: str, value: Any) -> Iterator[tuple[str, str]]:
    """(list key, term) for every term under ``value``, however deep its lists and maps."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict) and isinstance(value.get("term"), str):
        yield key, value["term"]
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from terms_of(f"{key}.{k}" if key else str(k), v)
    elif isinstance(value, list):
        for v in value:
            yield from terms_of(key, v)


def hits(term: str, words: dict[str, str]) -> list[str]:
    """Frequent words (folded -> as written) the one-word ``term`` matches; a word term
    is listed only where the frequent word is spelt otherwise ("ölsün" hits "olsun").
    Acronyms in capitals match only in capitals and are left out."""
    out: list[str] = []
    for alt in term.split("|"):
        if alt.upper() == alt and any(c.isalpha() for c in alt):
            continue
        folded = fold(alt)
        core = folded.strip("*")
        if len(core) < 2:
            continue
        head, tail = folded.startswith("*"), folded.endswith("*")
        for w, written in words.items():
            if head or tail:
                if (core in w) if head and tail else w.endswith(core) if head else w.startswith(core):
                    out.append(written)
            elif w == core and written.lower() != alt.lower():
                out.append(written)
    return out


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def main() -> int:
    lists = sorted({p.stem for p in LANG_DIR.glob("*/*.yaml")})
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", choices=lists, help="the word list to check")
    ap.add_argument("--top", type=_positive, default=3000, help="how many of the most frequent words to test")
    ap.add_argument("--keys", nargs="*", default=[], help="top-level keys to read (default: all)")
    a = ap.parse_args()
    paths = sorted(LANG_DIR.glob(f"*/{a.file}.yaml"))
    known = {k for p in paths for k in (yaml.safe_load(p.read_text(encoding="utf-8")) or {})}
    if unknown := sorted(set(a.keys) - known):
        ap.error(f"no such key in any {a.file}.yaml: {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    for path in paths:
        language = path.parent.name
        code = wordfreq_code(language)
        if code not in wordfreq.available_languages():
            continue
        words: dict[str, str] = {}
        for w in wordfreq.top_n_list(code, a.top):
            words.setdefault(fold(w), w)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found = []
        for key, term in terms_of("", {k: v for k, v in data.items() if not a.keys or k in a.keys}):
            if " " in term.strip() or "~" in term or term.startswith(("re:", "=")):
                continue
            matched = hits(term, words)
            if matched:
                found.append(f"{key}: {term} -> {', '.join(matched[:6])}")
        if found:
            print(f"== {language}")
            print("\n".join(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
