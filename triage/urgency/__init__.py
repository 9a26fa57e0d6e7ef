"""Urgency triage: how fast must we act, why, and by when; and the order of the queue.

The stage lives in ``triage.urgency.stage`` (registered in ``triage.pipeline.plugins``).
"""

from triage.urgency.priority import priority_key

__all__ = ["priority_key"]
