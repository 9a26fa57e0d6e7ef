"""The title of a record of a hearing ("PROCÈS-VERBAL D'AUDITION", "ПРОТОКОЛ ДОПРОСА ПОТЕРПЕВШЕЙ").

Such a record hears a witness, also where its title only names the victim heard or no one:
the protection stage takes the title as a witness cue, and the role pass gives the person its
header names ("Hörd:", "Zur Person:", "Name:") the part the title says. A title that names a
suspect ("protokół przesłuchania podejrzanego") is neither: a suspect's statement is his
defence.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from triage.pii.lang import keyword_pattern, load_lang_data
from triage.protection.matcher import Hit, find_terms
from triage.protection.terms import CompiledTable, load_table

#: A hearing's title stands in the item's first characters, on a short line of its own
#: ("POLITIE EENHEID ROTTERDAM / Proces-verbaal van verhoor").
TITLE_SPAN, TITLE_WORDS = 400, 10


@lru_cache(maxsize=64)
def _suspect_words(language: str) -> regex.Pattern[str]:
    return keyword_pattern(load_lang_data().by_lang.get(language, {}).get("suspect", []), endings=3)


@lru_cache(maxsize=64)
def _hearing_table(language: str) -> CompiledTable | None:
    """The language's hearing titles as a table of their own (built once: a title in capitals
    is no proper name to damp)."""
    table = load_table(language)
    if table is None or not table.hearing:
        return None
    return table.model_copy(update={"terms": table.hearing, "damp_proper_names": False})


def title_line(text: str, hit: Hit) -> tuple[int, int]:
    """Where the line that holds ``hit`` starts and ends."""
    end = text.find("\n", hit.end)
    return text.rfind("\n", 0, hit.start) + 1, end if end >= 0 else len(text)


def hearing_title(text: str, folded: str, language: str) -> Hit | None:
    """The title of a hearing that is not a suspect's, in ``language``; ``folded`` is
    ``fold(text)`` or its start."""
    head = _hearing_table(language)
    if head is None:
        return None
    for hit in find_terms(text[:TITLE_SPAN], folded[:TITLE_SPAN], head, 1):
        start, end = title_line(text, hit)
        line = text[start:end]
        if len(line.split()) <= TITLE_WORDS and not _suspect_words(language).search(line):
            return hit
    return None
