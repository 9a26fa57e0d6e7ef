"""The minimisation policy: which action each span of personal data gets, and why.

A policy is a YAML file (the default ships as ``default_policy.yaml`` next to this module);
the first rule whose ``types`` and ``roles`` match a span decides, else ``default``. Loading
validates everything at once (types, roles, actions, generaliser names) and reports every
problem with its place in the file, so an operator can fix a policy without reading code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from triage.document import PiiSpan
from triage.errors import ConfigError
from triage.minimise.generalise import GENERALISERS
from triage.vocabulary import Action, PiiType, Role
from triage.yamlfiles import load_yaml

DEFAULT_POLICY_PATH = Path(__file__).resolve().parent / "default_policy.yaml"

PII_TYPES: tuple[str, ...] = tuple(PiiType)
#: Person roles, plus ``none`` for a span without one.
ROLES: tuple[str, ...] = (*Role, "none")


#: Which action wins where spans overlap (the stricter one).
SEVERITY: dict[Action, int] = {Action.KEEP: 0, Action.GENERALISE: 1, Action.PSEUDONYMISE: 2, Action.REDACT: 3}


class Decision(BaseModel):
    """What a rule says to do with a span."""

    model_config = ConfigDict(extra="forbid")

    action: Action
    to: str | None = Field(None, description="the generaliser, for action generalise")
    reason: str = Field(min_length=3)

    @model_validator(mode="after")
    def _generaliser(self) -> Decision:
        if self.action is Action.GENERALISE:
            if self.to is None:
                raise ValueError(f"action generalise needs 'to:', one of {sorted(GENERALISERS)}")
            if self.to not in GENERALISERS:
                raise ValueError(f"unknown generaliser {self.to!r}; known: {sorted(GENERALISERS)}")
        elif self.to is not None:
            raise ValueError(f"'to: {self.to}' is only meaningful with action generalise")
        return self


class Rule(Decision):
    types: list[str] | Literal["*"] = Field(min_length=1)
    roles: list[str] | None = None

    @field_validator("types")
    @classmethod
    def _types(cls, value: list[str] | Literal["*"]) -> list[str] | Literal["*"]:
        unknown = [] if value == "*" else sorted(set(value) - set(PII_TYPES))
        if unknown:
            raise ValueError(f"unknown PII type(s) {unknown}; known: {list(PII_TYPES)}")
        return value

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str] | None) -> list[str] | None:
        unknown = sorted(set(value or []) - set(ROLES))
        if unknown:
            raise ValueError(f"unknown role(s) {unknown}; known: {list(ROLES)}")
        return value

    def matches(self, span: PiiSpan) -> bool:
        if self.types != "*" and span.type not in self.types:
            return False
        return self.roles is None or (span.role or "none") in self.roles


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "unnamed"
    version: int = 1
    default: Decision
    rules: list[Rule] = Field(default_factory=list)

    def generaliser_for(self, pii_type: str) -> str | None:
        """The generaliser the first generalising rule for ``pii_type`` names, if any."""
        for rule in self.rules:
            if rule.action is Action.GENERALISE and (rule.types == "*" or pii_type in rule.types):
                return rule.to
        return None

    def decide(self, span: PiiSpan) -> tuple[Decision, str]:
        """The decision for ``span`` and the reason to store with it (naming the rule)."""
        for index, rule in enumerate(self.rules, 1):
            if rule.matches(span):
                return rule, f"policy {self.name} rule {index}: {rule.reason}"
        return self.default, f"policy {self.name} default: {self.default.reason}"


def _readable(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err["loc"]) or "(top level)"
        lines.append(f"  {where}: {err['msg'].removeprefix('Value error, ')}")
    return "\n".join(lines)


def parse_policy(text: str, origin: str = "<policy>") -> Policy:
    """A validated policy from YAML text; a ``ConfigError`` lists every problem."""
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: a policy is a mapping with 'default' and 'rules'")
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{origin}: invalid minimisation policy:\n{_readable(exc)}") from exc


@lru_cache(maxsize=8)
def load_policy(path: Path | None = None) -> Policy:
    """The policy at ``path`` (default: the shipped one)."""
    path = path or DEFAULT_POLICY_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read minimisation policy {path}: {exc.strerror}") from exc
    return parse_policy(text, str(path))
