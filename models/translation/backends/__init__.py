"""Translation backends by name; each loads a registry entry into a ``Translator``.

A backend is one module and one line in ``BACKENDS``; modules are imported when a model of
that backend is first loaded, so importing this package never imports torch or ctranslate2.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from models.translation.manifest import ModelEntry
from models.translation.options import RuntimeOptions
from triage.errors import ConfigError, ModelError
from triage.translate.protocol import Translator

BACKENDS: dict[str, str] = {
    "transformers": "models.translation.backends.hf_transformers:TransformersTranslator",
    "ctranslate2": "models.translation.backends.ct2:CTranslate2Translator",
}


def load_translator(entry: ModelEntry, folder: Path, options: RuntimeOptions) -> Translator:
    """Load ``entry`` with its backend; a missing library or broken file becomes ModelError."""
    try:
        module_name, _, attr = BACKENDS[entry.backend].partition(":")
    except KeyError:
        raise ConfigError(f"unknown translation backend {entry.backend!r}; known: {sorted(BACKENDS)}") from None
    try:
        cls = getattr(import_module(module_name), attr)
        translator: Translator = cls(entry, folder, options)
    except ImportError as exc:
        raise ModelError(
            f"backend {entry.backend!r} for model {entry.name!r} needs the optional 'translate' extra "
            f"(torch, transformers, sentencepiece, ctranslate2): {exc.name or exc}"
        ) from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise ModelError(f"model {entry.name!r} cannot load: {type(exc).__name__}: {exc}") from exc
    return translator
