"""Special categories of personal data (Art. 10 Directive (EU) 2016/680) and protected persons.

The ``protection`` stage (order 85) reads the item's text with per-language term tables
(``triage/lang/<code>/protection.yaml``) and the persons' roles from the ``pii`` stage.
"""

from triage.protection.codes import PROTECTED_PERSONS, SPECIAL_CATEGORIES
from triage.protection.stage import protection_stage

__all__ = ["PROTECTED_PERSONS", "SPECIAL_CATEGORIES", "protection_stage"]
