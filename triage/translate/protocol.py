"""The translation contract the domain depends on; implementations live in ``models.translation``.

``triage`` never imports torch, transformers or ctranslate2: a backend satisfies these
protocols structurally, and the stage reaches it through a provider loaded by name
(``triage.translate.providers``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class TranslationResult:
    """One translated text and the model that produced it (shown with every translation)."""

    text: str
    model: str


@runtime_checkable
class Translator(Protocol):
    """A loaded model that translates between languages it was resolved for.

    Contract:
    - ``translate`` returns exactly one result per input, in input order (aligned);
    - it never truncates: an input longer than ``max_input_tokens`` is an error, so callers
      split long sentences first (``count_tokens`` tells them the length the model sees);
    - ``model_id`` names the model and its files' checksum, so a translation memory keyed on it
      never serves a translation made by another model;
    - it never downloads anything.
    """

    @property
    def model_id(self) -> str: ...

    @property
    def max_input_tokens(self) -> int: ...

    def count_tokens(self, texts: Sequence[str], source_lang: str) -> list[int]: ...

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[TranslationResult]: ...


class TranslatorProvider(Protocol):
    """Resolves a language pair to a loaded translator: exact pair, else multilingual, else None.

    ``None`` means no installed model serves the pair; the caller makes that a visible
    state ("needs human translation"). A model that exists but cannot load raises
    ``triage.errors.ModelError``.
    """

    def translator_for(self, source_lang: str, target_lang: str) -> Translator | None: ...
