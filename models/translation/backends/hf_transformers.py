"""Backend: transformers ``generate`` on MarianMT / M2M-100 / NLLB checkpoints.

Recent transformers releases removed ``pipeline("translation")``; this calls the
tokenizer and ``model.generate`` directly. torch and transformers are imported here, when a
model is loaded, never when the module is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.translation.backends.base import TokenizingTranslator
from models.translation.manifest import ModelEntry
from models.translation.options import RuntimeOptions
from triage.translate.protocol import TranslationResult


class TransformersTranslator(TokenizingTranslator):
    """fp32 on CPU, float16 on CUDA; beam search with the options' beam size."""

    def __init__(self, entry: ModelEntry, folder: Path, options: RuntimeOptions) -> None:
        super().__init__(entry, folder, options)
        import torch
        import transformers
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        self._torch = torch
        if options.device == "cpu":
            torch.set_num_threads(options.threads)
        cls = getattr(transformers, self.family.model_class)
        model: Any = cls.from_pretrained(str(folder), local_files_only=True)
        if options.device == "cuda":
            model = model.half().to("cuda")
        self.model = model.eval()

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[TranslationResult]:
        out: list[TranslationResult] = []
        step = self.options.max_batch_size
        for start in range(0, len(texts), step):
            out.extend(self._batch(texts[start : start + step], source_lang, target_lang))
        return out

    def _batch(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[TranslationResult]:
        torch = self._torch
        ids = self.encode(texts, source_lang, target_lang)
        padded = self.tokenizer.pad({"input_ids": ids}, return_tensors="pt")
        device = "cuda" if self.options.device == "cuda" else "cpu"
        kwargs: dict[str, Any] = {
            "num_beams": self.options.beam_size,
            "do_sample": False,
            "max_new_tokens": self.output_budget([len(x) for x in ids]),
        }
        forced = self.family.target_token(self.tokenizer, target_lang)
        if forced is not None:
            kwargs["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(forced)
        with torch.inference_mode():
            generated = self.model.generate(
                input_ids=padded["input_ids"].to(device),
                attention_mask=padded["attention_mask"].to(device),
                **kwargs,
            )
        return [TranslationResult(self.decode(row.tolist()), self.model_id) for row in generated]
