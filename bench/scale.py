"""Scale-out benchmark (bounded): a generated dump through Celery workers on PostgreSQL and Redis,
then the API's latency under concurrent clients. Figures are ratios against the one-worker run
of the same invocation.

For each number of worker processes (1, 2 and 4 by default; each `triage worker -c 1`, so one
Celery process and one pool process), on a PostgreSQL schema and queue names of its own:

- `triage process dump.zip` with the broker set hands a zip of ``--items`` letters of about
  300 words to the workers and follows it to the end: items per second from its start to the
  last item, model loading and archive extraction included (workers are started and ready first);
- the peak resident memory of each worker (its Celery process and its pool process together),
  sampled every 0.2 s;
- scaling efficiency: items/s with k workers / (k x items/s with one).

Then `triage serve` (API only: in scale-out the workers process) with two workers behind it,
and ``--concurrency`` clients on loopback: p50/p95/p99 of submit (a text), read (an item) and
the queue (the first 50), each ``--requests`` times.

    python bench/scale.py [--items 10000] [--workers 1 2 4] [--requests 300] [--concurrency 8]

Servers: TRIAGE_BENCH_POSTGRES_URL (default: TRIAGE_TEST_POSTGRES_URL, else the local server's
database `test`), TRIAGE_BENCH_REDIS_URL (default redis://127.0.0.1:6379/10).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx
import psutil
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from api_load import free_port, load, page  # the API benchmark's helpers

CLI = [sys.executable, "-m", "triage.cli"]
POSTGRES = os.environ.get(
    "TRIAGE_BENCH_POSTGRES_URL",
    os.environ.get("TRIAGE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
)
REDIS = os.environ.get("TRIAGE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")


class Installation:
    """A scale-out installation of its own: a schema, queue names, a blob folder, a host's data folder."""

    def __init__(self, tmp: Path, name: str) -> None:
        self.schema = f"bench_{os.getpid()}_{name}"
        self.engine = sa.create_engine(POSTGRES)
        with self.engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            conn.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
        sep = "&" if "?" in POSTGRES else "?"
        self.env = {
            **os.environ,
            "TRIAGE_DATABASE_URL": f"{POSTGRES}{sep}options=-csearch_path%3D{self.schema}",
            "TRIAGE_BROKER_URL": REDIS, "TRIAGE_QUEUE_PREFIX": f"bench{secrets.token_hex(4)}.",
            "TRIAGE_PSEUDONYM_KEY": "a benchmark key", "TRIAGE_BLOBS_DIR": str(tmp / f"blobs-{name}"),
            "TRIAGE_DATA_DIR": str(tmp / f"data-{name}"), "TRIAGE_WORKERS": "1",
        }  # fmt: skip
        self.workers: list[subprocess.Popen[bytes]] = []
        self.logs = tmp / f"logs-{name}"
        self.logs.mkdir()

    def start_workers(self, count: int) -> None:
        for n in range(count):
            log = (self.logs / f"worker{n}.log").open("wb")
            self.workers.append(subprocess.Popen(
                [*CLI, "worker", "-c", "1", "--loglevel", "INFO"], env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            ))  # fmt: skip
        deadline = time.monotonic() + 180
        while not all("ready." in p.read_text(errors="replace") for p in self.logs.glob("worker*.log")):
            if time.monotonic() > deadline:
                raise SystemExit(f"the workers did not start: see {self.logs}")
            time.sleep(0.2)

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        with self.engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        self.engine.dispose()


class PeakMemory(threading.Thread):
    """The highest resident memory of each worker's process tree, sampled until stopped."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids, self.peaks = pids, [0] * len(pids)
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(0.2):
            for n, pid in enumerate(self.pids):
                try:
                    root = psutil.Process(pid)
                    rss = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
                except psutil.Error:
                    continue
                self.peaks[n] = max(self.peaks[n], rss)


def dump(path: Path, items: int, salt: str) -> None:
    rng = random.Random(11)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(items):
            zf.writestr(f"letters/{n:05d}.txt", f"{salt} " + page(n, rng))


def throughput(tmp: Path, items: int, workers: int) -> dict[str, Any]:
    site = Installation(tmp, f"w{workers}")
    try:
        site.start_workers(workers)
        archive = tmp / f"dump-{workers}.zip"
        dump(archive, items, f"run {workers}")
        memory = PeakMemory([w.pid for w in site.workers])
        memory.start()
        started = time.perf_counter()
        done = subprocess.run([*CLI, "process", str(archive)], env=site.env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        memory.halt.set()
        memory.join()
        if done.returncode != 0:
            raise SystemExit(f"triage process failed: {done.stderr[-2000:]}")
        with site.engine.connect() as conn:
            conn.execute(sa.text(f'SET search_path TO "{site.schema}"'))
            statuses = dict(conn.execute(sa.text("SELECT status, count(*) FROM items GROUP BY status")).all())
        return {
            "workers": workers, "items": sum(statuses.values()), "statuses": statuses, "seconds": seconds,
            "items_per_s": sum(statuses.values()) / seconds,
            "peak_rss_mib_per_worker": [round(p / 2**20, 1) for p in memory.peaks],
        }  # fmt: skip
    finally:
        site.close()


async def api_latency(base: str, key: str, requests: int, concurrency: int) -> dict[str, Any]:
    rng = random.Random(5)
    auth = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=60,
                                 limits=httpx.Limits(max_connections=concurrency)) as http:  # fmt: skip
        first = (await http.post("/v1/items", json={"text": page(999_999, rng), "language": "en"})).json()["id"]

        async def submit(n: int) -> int:
            return (await http.post("/v1/items", json={"text": page(500_000 + n, rng), "language": "en"})).status_code

        async def read(n: int) -> int:
            return (await http.get(f"/v1/items/{first}")).status_code

        async def queue(n: int) -> int:
            return (await http.get("/v1/queue", params={"limit": 50})).status_code

        return {"submit_text": await load(requests, concurrency, submit),
                "read_item": await load(requests, concurrency, read),
                "queue_first_50": await load(requests, concurrency, queue)}  # fmt: skip


def latency(tmp: Path, requests: int, concurrency: int) -> dict[str, Any]:
    site = Installation(tmp, "api")
    server = None
    try:
        site.start_workers(2)
        made = subprocess.run([*CLI, "keys", "create", "bench", "--role", "supervisor"], env=site.env,
                              capture_output=True, text=True, check=True)  # fmt: skip
        key = made.stdout.strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen([*CLI, "serve", "--port", str(port)], env=site.env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the API did not start")
            time.sleep(0.2)
        return asyncio.run(api_latency(base, key, requests, concurrency))
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
        site.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000, help="letters in the generated dump")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4], help="worker processes per run")
    parser.add_argument("--requests", type=int, default=300, help="API requests per measurement")
    parser.add_argument("--concurrency", type=int, default=8, help="API clients at a time")
    parser.add_argument("-o", "--output", type=Path, default=Path("out/scale.json"))
    args = parser.parse_args()
    results: dict[str, Any] = {"cpus": os.cpu_count(), "items": args.items, "broker": "redis", "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in args.workers:
            run = throughput(Path(tmp), args.items, workers)
            results["runs"].append(run)
            print(f"{workers} worker(s): {run['items']} items in {run['seconds']:.1f} s, "
                  f"{run['items_per_s']:.2f} items/s, peak RSS per worker {run['peak_rss_mib_per_worker']} MiB",
                  flush=True)  # fmt: skip
        one = results["runs"][0]["items_per_s"] / results["runs"][0]["workers"]
        for run in results["runs"]:
            run["scaling_efficiency"] = run["items_per_s"] / (run["workers"] * one)
        results["api"] = latency(Path(tmp), args.requests, args.concurrency)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2))
    print(f"\n{args.items} letters of about 300 words, PostgreSQL + Redis, {os.cpu_count()} cores")
    print(f"{'workers':>8} {'items/s':>9} {'x one':>7} {'efficiency':>11} {'peak RSS MiB/worker':>22}")
    for run in results["runs"]:
        print(f"{run['workers']:>8} {run['items_per_s']:>9.2f} {run['items_per_s'] / one:>7.2f} "
              f"{run['scaling_efficiency']:>11.0%} {max(run['peak_rss_mib_per_worker']):>22.0f}")  # fmt: skip
    print(f"\nAPI (scale-out, 2 workers busy behind it), {args.requests} requests, {args.concurrency} at a time:")
    for name, f in results["api"].items():
        print(f"  {name:<16} {f['requests_per_s']:>7.1f} req/s  p50 {f['p50_ms']:>7.1f}  p95 {f['p95_ms']:>7.1f}  "
              f"p99 {f['p99_ms']:>7.1f} ms")  # fmt: skip
    print(f"-> {args.output}")


if __name__ == "__main__":
    main()

