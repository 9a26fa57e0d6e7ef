"""The queue columns of an item, derived from its findings, so the queue sorts and filters in SQL.

The order is ``triage.urgency.priority_key``'s (level, deadline, gravity, document date);
this module only spreads that key over columns. Callers pass the effective findings (the
machine's with reviewers' corrections applied), so a corrected urgency moves the item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from triage.document import Findings
from triage.urgency.priority import priority_key


def queue_columns(findings: Findings, document_date: dt.date | None = None) -> dict[str, Any]:
    level, _deadline, gravity, _received = priority_key(findings)
    urgency = findings.urgency
    codes = [o.code for o in findings.offences]
    return {
        "urgency_level": str(urgency.level) if urgency else None,
        "urgency_rank": level,
        "deadline": urgency.deadline if urgency else None,
        "gravity": gravity,
        "offences": f";{';'.join(codes)};" if codes else "",
        "pii_count": len(findings.pii),
        "document_date": document_date,
    }

