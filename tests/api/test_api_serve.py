"""The README's promise, end to end: `triage serve` on SQLite, a key from `triage keys create`, a PDF
uploaded with it and its triage read back; 401 without a key, 403 with the wrong role; the first
account's one-time password printed, and the page asking to replace it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import LETTER, make_pdf

CLI = [sys.executable, "-m", "triage.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _key(env: dict[str, str], name: str, role: str) -> str:
    made = subprocess.run([*CLI, "keys", "create", name, "--role", role], env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_serve_upload_a_pdf_and_read_its_triage(tmp_path: Path) -> None:
    env = {**os.environ, "TRIAGE_DATA_DIR": str(tmp_path / "data"), "TRIAGE_WORKERS": "1"}
    system, intake = _key(env, "ci", "system"), _key(env, "scanner", "intake")
    listed = subprocess.run([*CLI, "keys", "list"], env=env, capture_output=True, text=True).stdout
    assert "ci" in listed and system not in listed  # shown once, never again
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    assert server.stdout is not None
    first = [server.stdout.readline() for _ in range(2)]  # the URL, then the first account
    try:
        assert f"review page: {base}/" in first[0]
        one_time = re.search(r"user admin \(supervisor\), one-time password (\S+) ", first[1])
        assert one_time, first
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        auth = {"Authorization": f"Bearer {system}"}
        sent = httpx.post(f"{base}/v1/items", headers=auth, files={"file": ("request.pdf", make_pdf(LETTER))})
        assert sent.status_code == 202, sent.text
        item_id = sent.json()["id"]
        deadline = time.monotonic() + 120
        prediction = httpx.get(f"{base}/v1/items/{item_id}/prediction", headers=auth)
        while prediction.status_code == 409 and time.monotonic() < deadline:
            time.sleep(0.5)
            prediction = httpx.get(f"{base}/v1/items/{item_id}/prediction", headers=auth)
        assert prediction.status_code == 200, prediction.text
        triage = prediction.json()
        assert triage["language"] == "en" and triage["urgency"]["level"] in ("urgent", "immediate")
        assert {"PERSON", "IBAN", "DATE_OF_BIRTH"} <= {span["type"] for span in triage["pii"]}
        assert httpx.get(f"{base}/v1/items/{item_id}/prediction").status_code == 401
        wrong = httpx.post(f"{base}/v1/items/{item_id}/review", headers={"Authorization": f"Bearer {intake}"},
                           json={"reviewed": True})  # fmt: skip
        assert wrong.status_code == 403 and wrong.headers["content-type"] == "application/problem+json"
        # A person signs in to the page with the printed password, and must replace it first
        with httpx.Client(base_url=base) as browser:
            token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/signin").text)
            assert token
            signed = browser.post("/signin", data={"csrf": token.group(1), "name": "admin",
                                                   "password": one_time.group(1)})  # fmt: skip
            assert signed.status_code == 303 and signed.headers["location"] == "/account/password"
    finally:
        server.send_signal(signal.SIGINT)
        rest, _ = server.communicate(timeout=60)
    output = "".join(first) + rest
    assert server.returncode == 0, output
    assert "NOWAK" not in output  # the server's log holds no personal data
    assert "POST /v1/items 202" in output  # but every request is logged
    verify = subprocess.run([*CLI, "audit", "verify"], env=env, capture_output=True, text=True)
    assert verify.returncode == 0 and "intact" in verify.stdout
