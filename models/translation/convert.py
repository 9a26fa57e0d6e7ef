"""Converting an installed transformers model to CTranslate2 (the fast path), with quantisation.

The converted folder keeps the tokenizer files and a ``triage_model.json`` (family,
languages, licence, position limit), so it is a complete model that installs anywhere;
it is registered as a new entry whose ``derived_from`` names the original.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path
from typing import Any

from models.translation.inspect_model import ModelFacts, write_meta
from models.translation.manifest import ModelEntry, Progress
from models.translation.registry import InstallRequest, ModelRegistry
from triage.errors import InvalidInput, ModelError

QUANTIZATIONS = (
    "int8",
    "int8_float16",
    "int8_float32",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
TOKENIZER_FILES = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "target_vocab.json",
    "sentencepiece.bpe.model",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "README.md",
)


class _LanguageTokensVisible:
    """Tokenizer view that lists M2M-100's language tokens as special tokens.

    transformers 5 no longer reports ``__fr__``-style tokens in ``get_vocab`` or the
    special-tokens map, so the CTranslate2 loader would build a vocabulary 100 tokens short
    of the model's and refuse it. This view puts them back where the loader looks.
    """

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tokenizer, name)

    @property
    def special_tokens_map(self) -> dict[str, Any]:
        mapping = dict(self._tokenizer.special_tokens_map)
        listed = list(mapping.get("additional_special_tokens", []))
        lang_tokens = getattr(self._tokenizer, "lang_token_to_id", {})
        mapping["additional_special_tokens"] = listed + [t for t in lang_tokens if t not in listed]
        return mapping


def _converter_class(base: Any) -> Any:
    class Converter(base):  # type: ignore[misc]
        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return _LanguageTokensVisible(super().load_tokenizer(tokenizer_class, model_name_or_path, **kwargs))

    return Converter


def convert(
    registry: ModelRegistry,
    name: str,
    quantization: str = "int8",
    new_name: str | None = None,
    progress: Progress | None = None,
) -> ModelEntry:
    """Convert the installed model ``name`` and install the result (default ``NAME-ct2-QUANT``)."""
    if quantization not in QUANTIZATIONS:
        raise InvalidInput(f"quantization {quantization!r}; choose one of {list(QUANTIZATIONS)}")
    entry = registry.get(name)
    if entry.backend != "transformers":
        raise InvalidInput(f"{name!r} is already a {entry.backend} model; convert its transformers original")
    source = registry.check_loadable(entry)
    try:
        from ctranslate2.converters import TransformersConverter
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ModelError(f"convert needs the optional 'translate' extra (ctranslate2, transformers): {exc}") from exc
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    copy = [f for f in TOKENIZER_FILES if (source / f).is_file()]
    with tempfile.TemporaryDirectory(prefix=".convert-", dir=registry.root) as tmp:
        out = Path(tmp) / "model"
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*sacremoses.*")
                _converter_class(TransformersConverter)(str(source), copy_files=copy).convert(
                    str(out), quantization=quantization
                )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(f"conversion of {name!r} failed: {type(exc).__name__}: {exc}") from exc
        config = json.loads((source / "config.json").read_text(encoding="utf-8"))
        facts = ModelFacts(
            family=entry.family,
            backend="ctranslate2",
            sources=entry.sources,
            targets=entry.targets,
            licence=entry.licence,
            quantization=quantization,
            max_positions=config.get("max_position_embeddings"),
        )
        write_meta(out, facts)
        request = InstallRequest(
            source=out,
            name=new_name or f"{name}-ct2-{quantization}",
            licence=entry.licence,
            origin=f"converted from {entry.model_id}",
            derived_from=name,
            replace=True,
        )
        return registry.install(request, progress)
