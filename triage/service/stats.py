"""Counts for monitoring (``/metrics``), read from the database so every host's work is counted.

Stage durations come from ``stage_runs`` (one row per stage per item, no content); the
buckets are cumulative, as a Prometheus histogram wants them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from triage.storage.tables import Item, StageRun
from triage.vocabulary import ItemStatus

BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)


@dataclass(frozen=True)
class Histogram:
    buckets: list[tuple[float, int]]  # (upper bound, cumulative count); +Inf is ``count``
    count: int
    total: float


def items_by_status(session: Session) -> dict[str, int]:
    counts = dict.fromkeys((str(s) for s in ItemStatus), 0)
    counts.update({str(s): n for s, n in session.execute(select(Item.status, func.count()).group_by(Item.status))})
    return counts


def queue_depth(session: Session) -> dict[str, int]:
    """Items waiting for or in each stage group."""
    rows = session.execute(
        select(Item.next_stage, func.count())
        .where(Item.status.in_([ItemStatus.RECEIVED, ItemStatus.PROCESSING]), Item.next_stage.is_not(None))
        .group_by(Item.next_stage)
    )
    return {str(stage): n for stage, n in rows}


def stage_durations(session: Session) -> dict[str, Histogram]:
    columns = [func.sum(case((StageRun.seconds <= bound, 1), else_=0)) for bound in BUCKETS]
    rows = session.execute(
        select(StageRun.stage, func.count(), func.sum(StageRun.seconds), *columns).group_by(StageRun.stage)
    )
    return {
        stage: Histogram(list(zip(BUCKETS, (int(c or 0) for c in cumulative), strict=True)), count, float(total or 0))
        for stage, count, total, *cumulative in rows
    }
