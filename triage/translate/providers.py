"""Named translator providers, imported lazily so ``triage`` has no static dependency on ``models``.

A provider factory takes the ``Settings`` and returns a ``TranslatorProvider``. The
default, ``installed``, serves the models in the registry under
``Settings().resolved_models_dir``. Adding a provider is one entry here.
"""

from __future__ import annotations

from importlib import import_module
from typing import cast

from triage.config import Settings
from triage.errors import ConfigError
from triage.translate.protocol import TranslatorProvider

PROVIDERS: dict[str, str] = {
    "installed": "models.translation.service:InstalledModels",
}


def load_provider(settings: Settings, name: str = "installed") -> TranslatorProvider:
    """Build the provider called ``name``; unknown names list the known ones."""
    try:
        target = PROVIDERS[name]
    except KeyError:
        raise ConfigError(f"unknown translation provider {name!r}; known: {sorted(PROVIDERS)}") from None
    module_name, _, attr = target.partition(":")
    factory = getattr(import_module(module_name), attr)
    return cast(TranslatorProvider, factory(settings))
