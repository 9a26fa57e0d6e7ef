"""The offence taxonomy (taxonomy.yaml): codes, official wording, ICCS sections, gravity.

Kept as data so a legal check of a wording or a gravity change never touches code.
Unknown codes are rejected here, once, so a typo in a term list or a reviewer's
correction cannot create a label the schema does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from triage.errors import ConfigError, InvalidInput
from triage.yamlfiles import load_yaml

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.yaml")
OTHER = "other"
#: Codes older data may carry; mapped onto the schema's codes (swindling is folded into fraud).
ALIASES: dict[str, str] = {"swindling": "fraud"}


@dataclass(frozen=True)
class Offence:
    """One category of the list (or ``other``)."""

    code: str
    number: int | None
    official: str
    verification: str | None
    iccs: tuple[str, ...]
    gravity: int
    #: code -> factor: evidence of that code in an item about this one describes the means
    #: (the guns of an armed robbery), so it counts only this share
    subsumes: tuple[tuple[str, float], ...] = ()
    #: an offence against a person: an item about it speaks of a victim, named or not
    against_person: bool = False


@dataclass(frozen=True)
class Taxonomy:
    version: int
    instrument: str
    offences: tuple[Offence, ...]

    @property
    def codes(self) -> list[str]:
        return [o.code for o in self.offences]

    def get(self, code: str) -> Offence:
        """The offence for ``code``; an unknown code raises ``InvalidInput`` naming the valid ones."""
        canonical = ALIASES.get(code, code)
        for offence in self.offences:
            if offence.code == canonical:
                return offence
        raise InvalidInput(f"unknown offence code {code!r}; known: {', '.join(self.codes)}")

    def validate(self, codes: list[str]) -> list[str]:
        """Canonical codes in input order, without duplicates; raises on any unknown code."""
        out: list[str] = []
        for code in codes:
            canonical = self.get(code).code
            if canonical not in out:
                out.append(canonical)
        return out

    def gravity(self, code: str) -> int:
        return self.get(code).gravity


def _offence(raw: dict[str, Any]) -> Offence:
    return Offence(
        code=str(raw["code"]),
        number=raw.get("number"),
        official=" ".join(str(raw["official"]).split()),
        verification=raw.get("verification"),
        iccs=tuple(str(s) for s in raw.get("iccs") or ()),
        gravity=int(raw["gravity"]),
        subsumes=tuple((str(k), float(v)) for k, v in (raw.get("subsumes") or {}).items()),
        against_person=str(raw.get("against_person", "")).lower() == "true",
    )


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    """Parse and check the taxonomy file (unique codes and gravities, ``other`` present)."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
        offences = tuple(_offence(o) for o in raw["offences"])
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"offence taxonomy {path} cannot be read: {exc}") from exc
    codes = [o.code for o in offences]
    if len(set(codes)) != len(codes) or OTHER not in codes:
        raise ConfigError(f"offence taxonomy {path}: codes must be unique and include {OTHER!r}")
    unknown = sorted({c for o in offences for c, _ in o.subsumes} - set(codes))
    if unknown:
        raise ConfigError(f"offence taxonomy {path}: unknown codes under subsumes: {unknown}")
    if len({o.gravity for o in offences}) != len(offences):
        raise ConfigError(f"offence taxonomy {path}: gravity ranks must be unique")
    return Taxonomy(version=int(raw.get("version", 1)), instrument=str(raw.get("instrument", "")),
                    offences=offences)
