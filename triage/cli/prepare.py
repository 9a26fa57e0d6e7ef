"""``triage prepare``: load what a worker loads once, so that the slow parts are kept compiled.

spaCy's French tokenizer compiles patterns for 2 s in every new process; the regex cache
(``triage/regex_cache.py``) keeps them after the first load. Run after installing or
upgrading (``make setup`` does), or when building an image, so that the very first worker
on a fresh machine starts as fast as the others.
"""

from __future__ import annotations

import time

import typer

from triage.cli.common import console, friendly_errors, settings_from
from triage.errors import ConfigError
from triage.lang import files
from triage.lang.lemmas import forms_of_language
from triage.offences.lexicon import STAGE as OFFENCES
from triage.offences.lexicon import load_lexicon as load_offences
from triage.offences.lexicon import store_compiled
from triage.pii.name_lexicon import name_lexicon
from triage.protection.terms import STAGE as PROTECTION
from triage.protection.terms import load_table as load_protection
from triage.regex_cache import cache_for
from triage.urgency.dates import find_dates
from triage.urgency.lexicon import STAGE as URGENCY
from triage.urgency.lexicon import load_lexicon as load_urgency


def register(app: typer.Typer) -> None:
    app.command("prepare")(prepare)


@friendly_errors
def prepare() -> None:
    """Work out and keep what every worker would compute at start: spaCy's slow patterns,
    inflected forms, name lexicons, cue and offence term patterns."""
    from models.spacy_ner import SpacyPersonNer

    settings = settings_from(None)
    cache_for(settings.cache_dir).clear()  # afresh: no pattern of an earlier version of the lists stays
    ner = SpacyPersonNer(settings.cache_dir)
    for language, package in ner.installed().items():
        started = time.perf_counter()
        ner.load(package)
        console.print(f"{language}: {package} loaded in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    languages = sorted({code for stage in files.TERM_STAGES for code in files.available_languages(stage)})
    with_forms = [code for code in languages if forms_of_language(code, settings.cache_dir)]
    lexicons = [name_lexicon(code, settings.cache_dir) for code in languages]
    with_names = [lex for lex in lexicons if lex is not None and (len(lex.proper) or lex.common)]
    console.print(
        f"inflected forms of {len(with_forms)} languages, names of {len(with_names)} kept in "
        f"{time.perf_counter() - started:.1f} s"
    )
    for code in files.available_languages(URGENCY):
        load_urgency((code,))  # their merged cue patterns go to the regex cache
        find_dates("", code)  # and the month names of its dates
    for code in files.available_languages(PROTECTION):
        load_protection(code)
    # each offence term's pattern, else compiled on its first use in every worker
    store_compiled(lex for code in files.available_languages(OFFENCES) if (lex := load_offences(code)))
    cache = cache_for(settings.cache_dir)  # the one the loads above used
    if cache.problem:
        raise ConfigError(f"the regex cache could not be kept: {cache.problem} (set TRIAGE_CACHE_DIR)")
    if cache.path.is_file():
        console.print(f"regex cache: {cache.path} ({cache.path.stat().st_size // 1024} KiB)")
