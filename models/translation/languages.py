"""Language-code tables for translation models, loaded from ``data/languages.yaml``."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from triage.yamlfiles import load_yaml


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("models.translation").joinpath("data/languages.yaml").read_text("utf-8")
    data: dict[str, Any] = load_yaml(text)
    return data


def opus_group(name: str) -> list[str] | None:
    """ISO 639-1 codes of an OPUS group name (``ROMANCE``, ``itc``, ``mul`` -> ``["*"]``)."""
    groups: dict[str, list[str]] = _data()["opus_groups"]
    return groups.get(name) or groups.get(name.lower())


def nllb_code(lang: str) -> str | None:
    """The NLLB-200 code (``fra_Latn``) of an ISO 639-1 code, or None."""
    table: dict[str, str] = _data()["nllb"]
    return table.get(lang)


def nllb_languages() -> list[str]:
    return sorted(_data()["nllb"])


def m2m100_languages() -> list[str]:
    return [str(code) for code in _data()["m2m100"]]
