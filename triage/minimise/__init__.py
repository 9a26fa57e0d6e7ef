"""Minimisation: a policy decides keep / redact / pseudonymise / generalise for every span.

The ``minimise`` stage (order 90) records each decision and its reason on the span;
``minimised_text`` writes the text that may be shared onward, with the layout kept.
"""

from triage.minimise.export import minimised_text
from triage.minimise.policy import DEFAULT_POLICY_PATH, Policy, load_policy, parse_policy
from triage.minimise.pseudonyms import PseudonymMap, normalise
from triage.minimise.stage import minimise, minimise_stage
from triage.vocabulary import Action

__all__ = [
    "DEFAULT_POLICY_PATH",
    "Action",
    "Policy",
    "PseudonymMap",
    "load_policy",
    "minimise",
    "minimise_stage",
    "minimised_text",
    "normalise",
    "parse_policy",
]
