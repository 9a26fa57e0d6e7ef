"""Personal data: recognisers for identifiers and persons, person grouping and roles.

The stage (``triage.pii.stage``) fills ``doc.findings.pii``; recognisers register themselves
in ``triage.pii.registry`` (one small file each under ``triage.pii.recognizers``), language
data lives in ``triage/lang/<code>/pii.yaml``.
"""

from triage.pii.registry import Candidate, RecognizerSpec, get_recognizers, register_recognizer

__all__ = ["Candidate", "RecognizerSpec", "get_recognizers", "register_recognizer"]
