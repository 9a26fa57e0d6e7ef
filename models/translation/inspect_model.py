"""What a model folder is: family, backend, languages, licence, read from its own files.

Sources, in order: what the operator said on the command line, a ``triage_model.json`` that
``convert`` writes next to a converted model, the checkpoint's config and tokenizer files,
the OPUS-MT naming scheme (``opus-mt[-tc-big]-SRC-TGT``), the model card's ``license:``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.translation.languages import m2m100_languages, nllb_languages, opus_group
from models.translation.manifest import ANY, Backend, Family
from triage.errors import InvalidInput

META_FILE = "triage_model.json"
_OPUS_NAME = re.compile(r"opus-mt-(?:tc-(?:big|base)-)?(?P<src>[A-Za-z_+]+)-(?P<tgt>[A-Za-z_+]+)$")
_LICENSE = re.compile(r"^licen[cs]e:\s*(?P<value>\S+)", re.MULTILINE)


@dataclass
class ModelFacts:
    family: Family
    backend: Backend
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    licence: str = "unknown"
    quantization: str | None = None
    max_positions: int | None = None


def _json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _codes(part: str) -> list[str]:
    codes: list[str] = []
    for token in re.split(r"[_+]", part):
        group = opus_group(token)
        codes.extend(group if group else [token.lower()])
    return sorted(set(codes)) if ANY not in codes else [ANY]


def _family(folder: Path) -> Family:
    config = _json(folder / "config.json")
    model_type = config.get("model_type", "")
    tok = _json(folder / "tokenizer_config.json").get("tokenizer_class", "") or ""
    if model_type == "marian" or (folder / "source.spm").is_file():
        return "marian"
    if "Nllb" in tok or "nllb" in folder.name.lower():
        return "nllb"
    if model_type == "m2m_100" or "M2M100" in tok or (folder / "sentencepiece.bpe.model").is_file():
        return "m2m100"
    raise InvalidInput(f"{folder.name}: not a MarianMT, M2M-100 or NLLB checkpoint (config model_type {model_type!r})")


def inspect_folder(folder: Path, name: str) -> ModelFacts:
    """Facts about ``folder``; languages may stay empty when nothing tells them."""
    meta = _json(folder / META_FILE)
    if meta:
        return ModelFacts(
            family=meta["family"],
            backend=meta["backend"],
            sources=list(meta.get("sources", [])),
            targets=list(meta.get("targets", [])),
            licence=meta.get("licence", "unknown"),
            quantization=meta.get("quantization"),
            max_positions=meta.get("max_positions"),
        )
    backend: Backend = "ctranslate2" if (folder / "model.bin").is_file() else "transformers"
    family = _family(folder)
    facts = ModelFacts(family=family, backend=backend, licence=_licence(folder))
    if family == "marian":
        tok = _json(folder / "tokenizer_config.json")
        match = _OPUS_NAME.search(name)
        if tok.get("source_lang") and tok.get("target_lang"):
            facts.sources, facts.targets = _codes(tok["source_lang"]), _codes(tok["target_lang"])
        elif match:
            facts.sources, facts.targets = _codes(match["src"]), _codes(match["tgt"])
    elif family == "m2m100":
        facts.sources = facts.targets = m2m100_languages()
    else:
        facts.sources = facts.targets = nllb_languages()
    return facts


def _licence(folder: Path) -> str:
    readme = folder / "README.md"
    if readme.is_file():
        match = _LICENSE.search(readme.read_text(encoding="utf-8", errors="replace")[:4000])
        if match:
            return match["value"]
    return "unknown"


def write_meta(folder: Path, facts: ModelFacts) -> None:
    """Record the facts inside a folder ``convert`` produced, so it installs anywhere as-is."""
    (folder / META_FILE).write_text(
        json.dumps(
            {
                "family": facts.family,
                "backend": facts.backend,
                "sources": facts.sources,
                "targets": facts.targets,
                "licence": facts.licence,
                "quantization": facts.quantization,
                "max_positions": facts.max_positions,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
