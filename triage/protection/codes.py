"""The codes this area reports (shared/eval/SCHEMA.md), in one place."""

from __future__ import annotations

from triage.vocabulary import Role

#: Art. 10 Directive (EU) 2016/680.
SPECIAL_CATEGORIES: tuple[str, ...] = (
    "racial_ethnic_origin",
    "political_opinions",
    "religious_beliefs",
    "trade_union",
    "genetic",
    "biometric",
    "health",
    "sex_life_orientation",
)

#: Persons whose identity needs protection (witness protection instruments, DOMAIN.md §7.7).
PROTECTED_PERSONS: tuple[str, ...] = ("witness", "victim", "informant", "minor", "undercover_officer")

#: PERSON roles from the pii stage that show a protected person by themselves.
ROLE_TO_PROTECTED: dict[str, str] = {Role.VICTIM: "victim", Role.WITNESS: "witness"}
