"""Health, readiness, metrics, the OpenAPI description and its page, served with nothing from outside."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import Drain
from triage.service.runtime import Runtime
from triage.vocabulary import AccessRole, PiiType, UrgencyLevel


def test_readiness_names_what_is_missing(client: TestClient, runtime: Runtime) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "checks": {}}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    runtime.blobs.root.mkdir(parents=True, exist_ok=True)
    runtime.blobs.root.chmod(0o500)
    try:
        import os

        if os.geteuid() == 0:  # root writes anywhere: make the folder a file instead
            runtime.blobs.root.chmod(0o700)
            runtime.blobs.root.rename(runtime.blobs.root.with_name("moved"))
            runtime.blobs.root.write_text("not a folder")
        broken = client.get("/readyz")
    finally:
        if runtime.blobs.root.is_file():
            runtime.blobs.root.unlink()
        runtime.blobs.root.mkdir(exist_ok=True)
        runtime.blobs.root.chmod(0o700)
    assert broken.status_code == 503 and broken.json()["checks"]["blob_store"].startswith("unavailable")


def test_metrics_count_items_queues_and_stage_times(
    client: TestClient, keys: dict[AccessRole, dict[str, str]], runtime: Runtime, drain: Drain
) -> None:
    client.post("/v1/items", headers=keys[AccessRole.SYSTEM], json={"text": "A letter about a stolen bicycle."})
    before = client.get("/metrics").text
    assert 'triage_items{status="received"} 1.0' in before and 'triage_queue_depth{queue="extract"} 1.0' in before
    drain(runtime)
    after = client.get("/metrics").text
    assert 'triage_items{status="done"} 1.0' in after
    assert re.search(r'triage_stage_duration_seconds_count\{stage="pii"\} 1\.0', after)
    assert 'triage_stage_duration_seconds_bucket{le="+Inf",stage="language"} 1.0' in after


def test_the_api_description_and_its_page_are_served_from_here(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    assert components["PiiType"]["enum"] == [t.value for t in PiiType]
    assert components["UrgencyLevel"]["enum"] == [u.value for u in UrgencyLevel]
    assert {"Problem", "TextSubmission", "ItemView", "Prediction"} <= set(components)
    body = schema["paths"]["/v1/items"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data"}
    page = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page) + re.findall(r"url: '([^']+)'", page)
    assert assets and all(a.startswith("/") for a in assets), assets  # nothing from a CDN
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
