"""Test doubles and document builders for the translation tests (never used by the service)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from triage.document import Document, Segment
from triage.translate.protocol import TranslationResult, Translator


def make_doc(sentences: list[tuple[str, str | None, int]], language: str | None = None) -> Document:
    """A document from (sentence, language, paragraph) triples, with offsets like segment's."""
    text, segments, pos, last_para = "", [], 0, None
    for index, (sentence, lang, para) in enumerate(sentences):
        sep = "" if last_para is None else (" " if para == last_para else "\n\n")
        text += sep
        pos = len(text)
        text += sentence
        segments.append(Segment(index=index, start=pos, end=pos + len(sentence), paragraph=para, language=lang))
        last_para = para
    return Document(text=text, segments=segments, language=language)


class UpperTranslator:
    """Translates by upper-casing and prefixing the pair; counts tokens as words; records calls."""

    def __init__(self, name: str = "fake-model", max_tokens: int = 1000) -> None:
        self.name = name
        self.limit = max_tokens
        self.calls: list[list[str]] = []

    @property
    def model_id(self) -> str:
        return f"{self.name}@0"

    @property
    def max_input_tokens(self) -> int:
        return self.limit

    def count_tokens(self, texts: Sequence[str], source_lang: str) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[TranslationResult]:
        self.calls.append(list(texts))
        return [TranslationResult(f"[{source_lang}>{target_lang}] {t.upper()}", self.model_id) for t in texts]


class DictProvider:
    """Serves the translators it is given, by source language; None otherwise."""

    def __init__(self, translators: dict[str, Translator]) -> None:
        self.translators = translators

    def translator_for(self, source_lang: str, target_lang: str) -> Translator | None:
        return self.translators.get(source_lang)


def fake_checkpoint(folder: Path, model_type: str = "marian", **tokenizer_config: str) -> Path:
    """A folder that looks like a transformers checkpoint (weights are not read by install)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps({"model_type": model_type, "max_position_embeddings": 512}))
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config))
    (folder / "model.safetensors").write_bytes(b"\x00" * 1024)
    (folder / "README.md").write_text("---\nlicense: cc-by-4.0\n---\n# a model\n")
    if model_type == "marian":
        (folder / "source.spm").write_bytes(b"spm")
        (folder / "vocab.json").write_text("{}")
    return folder
