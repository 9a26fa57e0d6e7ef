"""Backend: CTranslate2, the fast path (int8 on CPU, float16 on CUDA).

The folder is a CTranslate2 conversion (``triage models convert``) that also holds the
original tokenizer files. ctranslate2 is imported when a model is loaded, never before.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from models.translation.backends.base import TokenizingTranslator
from models.translation.manifest import ModelEntry
from models.translation.options import RuntimeOptions
from triage.translate.protocol import TranslationResult


class CTranslate2Translator(TokenizingTranslator):
    def __init__(self, entry: ModelEntry, folder: Path, options: RuntimeOptions) -> None:
        super().__init__(entry, folder, options)
        import ctranslate2

        self.translator = ctranslate2.Translator(str(folder), **options.ct2_translator_kwargs())

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[TranslationResult]:
        if not texts:
            return []
        ids = self.encode(texts, source_lang, target_lang)
        tokens = [self.tokenizer.convert_ids_to_tokens(x) for x in ids]
        forced = self.family.target_token(self.tokenizer, target_lang)
        results = self.translator.translate_batch(
            tokens,
            target_prefix=[[forced]] * len(tokens) if forced else None,
            max_decoding_length=self.output_budget([len(x) for x in ids]),
            **self.options.ct2_translate_kwargs(),
        )
        out = []
        for result in results:
            hypothesis = result.hypotheses[0]
            if forced and hypothesis[:1] == [forced]:
                hypothesis = hypothesis[1:]
            out.append(TranslationResult(self.decode(self.tokenizer.convert_tokens_to_ids(hypothesis)), self.model_id))
        return out
