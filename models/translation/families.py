"""Model families: how each one is told its source and target language.

- MarianMT (OPUS-MT): one direction per model; a multilingual-target model wants a
  ``>>xx<<`` token before the source text.
- M2M-100: ISO 639-1 codes; the tokenizer's ``src_lang`` adds ``__fr__`` to the source, and
  the target language is forced as the first generated token (``__en__``).
- NLLB-200: the same with FLORES-200 codes (``fra_Latn``).

A new family is one class and one line in ``FAMILIES``. Tokenizers are imported lazily.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, ClassVar

from models.translation.languages import nllb_code
from triage.errors import ModelError


class ModelFamily:
    tokenizer_class: ClassVar[str]
    model_class: ClassVar[str]

    def load_tokenizer(self, folder: Path) -> Any:
        import transformers
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        cls = getattr(transformers, self.tokenizer_class)
        with warnings.catch_warnings():
            # MarianTokenizer warns when sacremoses (punctuation normalisation) is absent.
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            return cls.from_pretrained(str(folder), local_files_only=True)

    def code(self, lang: str) -> str:
        return lang

    def prepare_source(self, tokenizer: Any, source_lang: str) -> None:
        """Set the tokenizer's source language before encoding."""

    def source_prefix(self, tokenizer: Any, target_lang: str) -> str:
        """Text put before each source sentence (Marian target-language token)."""
        return ""

    def target_token(self, tokenizer: Any, target_lang: str) -> str | None:
        """The token generation must start with (forced BOS), or None."""
        return None

    def hidden_ids(self, tokenizer: Any) -> set[int]:
        """Ids never shown in a translation beyond the tokenizer's special tokens."""
        return set()


class MarianFamily(ModelFamily):
    tokenizer_class = "MarianTokenizer"
    model_class = "MarianMTModel"

    def source_prefix(self, tokenizer: Any, target_lang: str) -> str:
        token = f">>{target_lang}<<"
        return f"{token} " if token in tokenizer.get_vocab() else ""


class M2M100Family(ModelFamily):
    tokenizer_class = "M2M100Tokenizer"
    model_class = "M2M100ForConditionalGeneration"

    def prepare_source(self, tokenizer: Any, source_lang: str) -> None:
        tokenizer.src_lang = self.code(source_lang)

    def target_token(self, tokenizer: Any, target_lang: str) -> str | None:
        token: str = tokenizer.get_lang_token(self.code(target_lang))
        return token

    def hidden_ids(self, tokenizer: Any) -> set[int]:
        # transformers 5 does not treat the __xx__ language tokens as special when decoding.
        return set(getattr(tokenizer, "lang_token_to_id", {}).values())


class NllbFamily(M2M100Family):
    tokenizer_class = "NllbTokenizer"

    def code(self, lang: str) -> str:
        code = nllb_code(lang)
        if code is None:
            raise ModelError(f"no NLLB-200 code for language {lang!r}")
        return code

    def target_token(self, tokenizer: Any, target_lang: str) -> str | None:
        return self.code(target_lang)


FAMILIES: dict[str, ModelFamily] = {
    "marian": MarianFamily(),
    "m2m100": M2M100Family(),
    "nllb": NllbFamily(),
}
