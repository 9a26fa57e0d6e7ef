"""Liveness, readiness and metrics: open to anyone (monitoring), no personal data in any of them."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from pydantic import BaseModel
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from api.auth import public
from api.deps import RuntimeDep
from triage.service import stats
from triage.service.runtime import Runtime

router = APIRouter(tags=["health"], dependencies=[Depends(public)])

class Health(BaseModel):
    status: str
    checks: dict[str, str] = {}

@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process answers."""
    return Health(status="ok")

def _checks(rt: Runtime) -> dict[str, str]:
    checks: dict[str, str] = {}
    try:
        with rt.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unavailable ({type(exc).__name__})"
    try:
        rt.dispatcher.check()
        checks["broker"] = "ok" if rt.settings.scale_out else "ok (embedded, none needed)"
    except Exception as exc:
        checks["broker"] = f"unavailable ({exc})"
    try:
        rt.blobs.check_writable()
        checks["blob_store"] = "ok"
    except OSError as exc:
        checks["blob_store"] = f"unavailable ({exc.strerror or type(exc).__name__})"
    return checks

@router.get("/readyz", response_model=Health, responses={503: {"model": Health, "description": "Not ready"}})
async def readyz(rt: RuntimeDep) -> JSONResponse:
    """The database, the broker (if any) and the blob store answer; 503 names the one that does not."""
    checks = await run_in_threadpool(_checks, rt)
    ready = all(value.startswith("ok") for value in checks.values())
    body = Health(status="ready" if ready else "not ready", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)

class _Collector:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def collect(self) -> list[GaugeMetricFamily | HistogramMetricFamily]:
        with self.rt.session() as session:
            by_status, depth, durations = (
                stats.items_by_status(session), stats.queue_depth(session), stats.stage_durations(session)
            )
        items = GaugeMetricFamily("triage_items", "Items by status", labels=["status"])
        for status, count in by_status.items():
            items.add_metric([status], count)
        queue = GaugeMetricFamily("triage_queue_depth", "Items waiting for or in a stage group", labels=["queue"])
        for name, count in depth.items():
            queue.add_metric([name], count)
        seconds = HistogramMetricFamily("triage_stage_duration_seconds", "Time per stage per item", labels=["stage"])
        for stage, h in durations.items():
            buckets = [(f"{bound:g}", count) for bound, count in h.buckets] + [("+Inf", h.count)]
            seconds.add_metric([stage], buckets, sum_value=h.total)
        return [items, queue, seconds]

@router.get("/metrics", response_class=Response)
async def metrics(rt: RuntimeDep) -> Response:
    """Prometheus text format: items by status, queue depth per stage group, stage durations."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Collector(rt))
    body = await run_in_threadpool(generate_latest, registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
