"""API load benchmark (bounded, loopback): latency and throughput of `triage serve` on the embedded default.

For each number of HTTP worker processes (1 and 2 by default), a fresh `triage serve` on
SQLite (each HTTP process with its embedded pool of one worker process) is measured in one run:

- ``GET /healthz``: the baseline, what the framework and the loopback cost alone;
- ``POST /v1/items`` with a one-page text (about 300 words, every one different);
- ``GET /v1/items/{id}`` of a processed item (each read is an audited consultation);
- upload to triage of a one-page PDF: seconds from the upload to its prediction (median of 3),
  measured on the idle server before the load.

Requests come from this process (asyncio, ``--concurrency`` at a time), which shares the
machine's cores with the server: on a small machine the client's cost is part of the figures.
Each figure is also given as a ratio to the baseline of the same server.

    python bench/api_load.py [--requests 300] [--concurrency 8] [--http-workers 1 2] [-o out/api_load.json]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

CLI = [sys.executable, "-m", "triage.cli"]
PHRASES = [
    "The public prosecutor's office is investigating a suspected fraud against several investors",
    "the funds were transferred through accounts held at two banks in different member states",
    "we kindly ask you to identify the holders of the accounts listed in the annex",
    "and to provide the statements for the period from January to October of this year",
    "the suspect is believed to use several telephone numbers and online aliases",
    "please also hear the witness named in the annex about the meetings she attended",
    "the case is not urgent but the limitation period will expire next year",
    "we remain at your disposal for any further information you may need",
]


def page(n: int, rng: random.Random) -> str:
    """About 300 words of an ordinary request, made unique by its reference number."""
    sentences = [f"Request for mutual legal assistance, our reference {n:06d}/2026."]
    while sum(len(s.split()) for s in sentences) < 300:
        sentences.append(rng.choice(PHRASES).capitalize() + ".")
    return " ".join(sentences)


def one_page_pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    words, line, y = text.split(), "", 800
    for word in words:
        if len(line) + len(word) > 90:
            pdf.drawString(40, y, line)
            line, y = "", y - 14
        line += word + " "
    pdf.drawString(40, y, line)
    pdf.save()
    return buf.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000, "p99_ms": cuts[98] * 1000}


async def load(requests: int, concurrency: int, call: Callable[[int], Awaitable[int]]) -> dict[str, float]:
    """``requests`` calls, ``concurrency`` at a time; every one must answer 2xx."""
    latencies: list[float] = []
    counter = iter(range(requests))
    failures = 0

    async def client() -> None:
        nonlocal failures
        for n in counter:
            started = time.perf_counter()
            status = await call(n)
            latencies.append(time.perf_counter() - started)
            failures += not 200 <= status < 300

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{failures} of {requests} requests failed")
    return {"requests_per_s": requests / seconds, **percentiles(latencies)}


async def measure(base: str, key: str, requests: int, concurrency: int) -> dict[str, Any]:
    auth = {"Authorization": f"Bearer {key}"}
    rng = random.Random(7)
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=60, limits=limits) as http:
        e2e = []
        for n in range(3):  # on the idle server first
            started = time.perf_counter()
            sent = await http.post("/v1/items", files={"file": (f"p{n}.pdf", one_page_pdf(page(900_000 + n, rng)))})
            item_id = sent.json()["id"]
            while (await http.get(f"/v1/items/{item_id}/prediction")).status_code != 200:
                await asyncio.sleep(0.02)
            e2e.append(time.perf_counter() - started)
        done_id = item_id

        async def health(n: int) -> int:
            return (await http.get("/healthz")).status_code

        async def submit(n: int) -> int:
            return (await http.post("/v1/items", json={"text": page(n, rng), "language": "en"})).status_code

        async def read(n: int) -> int:
            return (await http.get(f"/v1/items/{done_id}")).status_code

        baseline = await load(requests, concurrency, health)
        submitted = await load(requests, concurrency, submit)
        reads = await load(requests, concurrency, read)
    return {"baseline_healthz": baseline, "submit_text": submitted, "read_item": reads,
            "pdf_upload_to_triage_s": statistics.median(e2e)}  # fmt: skip


def serve(data: Path, http_workers: int) -> tuple[subprocess.Popen[bytes], str, str]:
    env = {**os.environ, "TRIAGE_DATA_DIR": str(data)}
    made = subprocess.run([*CLI, "keys", "create", "bench", "--role", "supervisor"], env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    key = made.stdout.strip().splitlines()[-1]
    port = free_port()
    cmd = [*CLI, "serve", "--port", str(port), "--http-workers", str(http_workers), "--workers", "1"]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz").status_code == 200:
                return server, base, key
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per measurement")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--http-workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("-o", "--output", type=Path, default=Path("out/api_load.json"))
    args = parser.parse_args()
    results: dict[str, Any] = {"requests": args.requests, "concurrency": args.concurrency, "cpus": os.cpu_count()}
    for workers in args.http_workers:
        with tempfile.TemporaryDirectory() as tmp:
            server, base, key = serve(Path(tmp) / "data", workers)
            try:
                results[f"http_workers_{workers}"] = asyncio.run(measure(base, key, args.requests, args.concurrency))
            finally:
                server.send_signal(signal.SIGINT)
                server.wait(timeout=60)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2))
    print(f"{args.requests} requests per row, {args.concurrency} at a time, loopback, {os.cpu_count()} cores")
    columns = ("req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'http workers':>12} {'request':<22} " + " ".join(f"{c:>8}" for c in columns) + f" {'p95/baseline':>13}")
    for workers in args.http_workers:
        figures = results[f"http_workers_{workers}"]
        base_p95 = figures["baseline_healthz"]["p95_ms"]
        for name in ("baseline_healthz", "submit_text", "read_item"):
            f = figures[name]
            print(f"{workers:>12} {name:<22} {f['requests_per_s']:>8.1f} {f['p50_ms']:>8.1f} {f['p95_ms']:>8.1f} "
                  f"{f['p99_ms']:>8.1f} {f['p95_ms'] / base_p95:>12.1f}x")  # fmt: skip
        print(f"{workers:>12} one-page PDF, upload to triage: {figures['pdf_upload_to_triage_s']:.2f} s (median of 3)")
    print(f"-> {args.output}")


if __name__ == "__main__":
    main()
