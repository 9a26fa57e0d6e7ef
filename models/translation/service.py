"""The ``installed`` translator provider: registry resolution plus loading once per process."""

from __future__ import annotations

import threading

from models.translation.backends import load_translator
from models.translation.options import RuntimeOptions, options_from_settings
from models.translation.registry import ModelRegistry
from triage.config import Settings
from triage.translate.protocol import Translator


class InstalledModels:
    """Serves language pairs from the models installed under ``settings.resolved_models_dir``.

    A model is verified (every file's SHA-256) before its first load in a process and then
    kept; nothing is ever downloaded.
    """

    def __init__(self, settings: Settings, options: RuntimeOptions | None = None) -> None:
        self.registry = ModelRegistry(settings.resolved_models_dir)
        self._settings = settings
        self._options = options
        self._loaded: dict[str, Translator] = {}
        self._lock = threading.Lock()

    @property
    def options(self) -> RuntimeOptions:
        if self._options is None:
            self._options = options_from_settings(self._settings)
        return self._options

    def translator_for(self, source_lang: str, target_lang: str) -> Translator | None:
        entry = self.registry.resolve(source_lang, target_lang)
        if entry is None:
            return None
        with self._lock:
            if entry.model_id not in self._loaded:
                folder = self.registry.check_loadable(entry)
                self._loaded[entry.model_id] = load_translator(entry, folder, self.options)
            return self._loaded[entry.model_id]
