"""The scan of the service's logs over a whole test run (tests/conftest.py) sees what it must."""

from __future__ import annotations

import logging

from tests.conftest import _LogScan


def record(name: str, message: str) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, None, None)


def test_the_scan_finds_personal_data_in_the_service_logs_only() -> None:
    scan = _LogScan()
    scan.emit(record("api.access", "GET /v1/items/abc 200 3.1 ms key:cms"))
    scan.emit(record("httpx", "HTTP Request: GET http://testserver/?text=NOWAK"))  # the test's own client
    assert scan.found == [] and scan.records == 1
    scan.emit(record("triage.pii", "found Marek NOWAK"))
    scan.emit(record("workers.tasks", "key mlt_0123_secret"))
    assert scan.found == ["triage.pii: 'NOWAK'", "workers.tasks: 'mlt_'"]
