"""The policy file: the shipped default, decisions with reasons, readable errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.document import Evidence, PiiSpan
from triage.errors import ConfigError
from triage.minimise import DEFAULT_POLICY_PATH, Action, load_policy, parse_policy


def span(type_: str, role: str | None = None, text: str = "x") -> PiiSpan:
    return PiiSpan(start=0, end=len(text), type=type_, text=text, role=role, evidence=Evidence(source="t"))


@pytest.mark.parametrize(
    ("type_", "role", "action"),
    [
        ("PERSON", "official", Action.KEEP),
        ("PERSON", "victim", Action.REDACT),
        ("PERSON", "witness", Action.REDACT),
        ("PERSON", "suspect", Action.PSEUDONYMISE),
        ("PERSON", None, Action.PSEUDONYMISE),
        ("DATE_OF_BIRTH", None, Action.GENERALISE),
        ("IBAN", None, Action.GENERALISE),
        ("PHONE", None, Action.REDACT),
    ],
)
def test_default_policy_decisions(type_: str, role: str | None, action: Action) -> None:
    decision, reason = load_policy().decide(span(type_, role))
    assert decision.action is action
    assert reason.startswith("policy default rule ")


def test_date_of_birth_is_generalised_to_the_year() -> None:
    decision, _ = load_policy().decide(span("DATE_OF_BIRTH"))
    assert decision.to == "year"


def test_default_applies_when_no_rule_matches() -> None:
    policy = parse_policy("default: {action: redact, reason: nothing else applies}\nrules: []\n")
    decision, reason = policy.decide(span("EMAIL"))
    assert decision.action is Action.REDACT and "default" in reason


def test_first_matching_rule_wins() -> None:
    policy = parse_policy(
        "default: {action: redact, reason: fallback}\n"
        "rules:\n"
        "  - {types: [PERSON], roles: [none], action: keep, reason: unnamed role}\n"
        "  - {types: '*', action: pseudonymise, reason: everything else}\n"
    )
    assert policy.decide(span("PERSON"))[0].action is Action.KEEP
    assert policy.decide(span("PERSON", "suspect"))[0].action is Action.PSEUDONYMISE
    assert "rule 2" in policy.decide(span("EMAIL"))[1]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("- {types: [PASSPORTT], action: redact, reason: typo}", "rules.0.types: unknown PII type(s)"),
        ("- {types: [PERSON], roles: [judge], action: keep, reason: x y}", "unknown role(s) ['judge']"),
        ("- {types: [PERSON], action: delete, reason: not an action}", "rules.0.action"),
        ("- {types: [DATE_OF_BIRTH], action: generalise, reason: no target}", "needs 'to:'"),
        ("- {types: [DATE_OF_BIRTH], action: generalise, to: month, reason: r r}", "generaliser 'month'"),
        ("- {types: [EMAIL], action: redact, to: year, reason: stray to}", "only meaningful with"),
        ("- {types: [EMAIL], action: redact, reason: r r, colour: red}", "colour"),
    ],
)
def test_invalid_policies_are_readable_config_errors(rules: str, message: str) -> None:
    text = f"default: {{action: redact, reason: fallback}}\nrules:\n  {rules}\n"
    with pytest.raises(ConfigError) as info:
        parse_policy(text, "site.yaml")
    assert message in str(info.value)
    assert str(info.value).startswith("site.yaml: invalid minimisation policy")


def test_not_yaml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid YAML"):
        parse_policy("rules: [unclosed", "bad.yaml")
    with pytest.raises(ConfigError, match="cannot read minimisation policy"):
        load_policy(tmp_path / "absent.yaml")


def test_policy_path_is_overridable(tmp_path: Path) -> None:
    path = tmp_path / "strict.yaml"
    path.write_text("name: strict\ndefault: {action: redact, reason: redact everything}\n", encoding="utf-8")
    policy = load_policy(path)
    assert policy.name == "strict"
    assert policy.decide(span("PERSON", "official"))[0].action is Action.REDACT
    assert DEFAULT_POLICY_PATH.is_file()
