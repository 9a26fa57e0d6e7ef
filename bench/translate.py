"""Translation speed benchmark: target tokens per second and peak memory, all backends, one run.

Model: the real OPUS-MT shape (MarianMT, d_model 512, 6+6 layers, 8 heads, FFN 2048,
vocabulary 59,514) with random weights: speed depends on the shape, not on the weights.
Every configuration decodes exactly ``--out-len`` target tokens (min = max length), from
the same random source sentences of ``--src-len`` tokens.

Backends (each in its own child process, so peak memory is that backend's alone):
  CPU:  transformers fp32, transformers + torch.ao dynamic int8, CTranslate2 int8
        (the service's default CPU path, from models.translation.options: one
        single-threaded replica per core), and CTranslate2 int8 with one replica on all
        cores for comparison.
  CUDA: transformers float16, CTranslate2 float16 (the service default on CUDA), CTranslate2 int8_float16.

Usage:  python bench/translate.py [--device cpu|cuda] [--output docs/translation-bench.txt]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOCAB = 59_514
SHAPE = {"d_model": 512, "layers": 6, "heads": 8, "ffn": 2048, "vocab": VOCAB}


# --------------------------------------------------------------------------- memory


def _reset_peak_rss() -> None:
    """Linux: writing 5 to clear_refs resets VmHWM, so each configuration gets its own peak."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _GpuPeak:
    """Samples used device memory (driver view) while a configuration runs."""

    def __init__(self) -> None:
        import torch

        self._torch = torch
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _used(self) -> int:
        free, total = self._torch.cuda.mem_get_info()
        return int(total - free)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._used())
            time.sleep(0.005)

    def __enter__(self) -> _GpuPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._used())


# --------------------------------------------------------------------------- model


def _vocab_tokens() -> list[str]:
    # Marian layout: </s>=0, <unk>=1, ..., <pad> last (the decoder start token).
    return ["</s>", "<unk>", *[f"▁t{i}" for i in range(2, VOCAB - 1)], "<pad>"]


def build_model(folder: Path) -> None:
    """Random OPUS-MT-shaped MarianMT saved with save_pretrained, plus its CTranslate2 int8/fp16 copies."""
    import torch
    from ctranslate2.converters import TransformersConverter
    from transformers import MarianConfig, MarianMTModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    torch.manual_seed(0)
    config = MarianConfig(
        vocab_size=VOCAB,
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
        max_position_embeddings=512,
        pad_token_id=VOCAB - 1,
        decoder_start_token_id=VOCAB - 1,
        eos_token_id=0,
        forced_eos_token_id=None,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )
    hf = folder / "hf"
    MarianMTModel(config).save_pretrained(hf)
    tokens = _vocab_tokens()

    class _VocabOnly:  # the converter needs only the vocabulary and two special tokens
        eos_token, unk_token = "</s>", "<unk>"

        def get_vocab(self) -> dict[str, int]:
            return {t: i for i, t in enumerate(tokens)}

    class _Converter(TransformersConverter):
        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return _VocabOnly()

    for quant in ("int8", "float16"):
        _Converter(str(hf)).convert(str(folder / f"ct2-{quant}"), quantization=quant, force=True)


def _sources(batch: int, src_len: int, seed: int = 1) -> list[list[int]]:
    import random

    rng = random.Random(seed * 1000 + batch)
    return [[rng.randrange(2, VOCAB - 1) for _ in range(src_len)] + [0] for _ in range(batch)]


# --------------------------------------------------------------------------- workers
#
# Each backend lives in its own child process (its own memory peak, no torch in the
# CTranslate2 one). The driver interleaves them: for each (batch, beam) every backend
# runs a warm-up, then the timed rounds alternate between backends, so load from other
# users of a shared machine hits all of them alike; the best round is kept.

Runner = Callable[[int, int], int]  # (batch, beam) -> target tokens produced


def _runner_transformers(args: argparse.Namespace, variant: str) -> tuple[str, Runner]:
    import torch
    from transformers import MarianMTModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    cuda = args.device == "cuda"
    if not cuda:
        torch.set_num_threads(args.threads)
    model = MarianMTModel.from_pretrained(Path(args.folder) / "hf").eval()
    if variant == "dynamic-int8":
        from torch.ao.quantization import quantize_dynamic

        model = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    if cuda:
        model = model.half().cuda()
    device = "cuda" if cuda else "cpu"

    def run(batch: int, beam: int) -> int:
        ids = torch.tensor(_sources(batch, args.src_len), device=device)
        with torch.inference_mode():
            out = model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                num_beams=beam,
                do_sample=False,
                min_new_tokens=args.out_len,
                max_new_tokens=args.out_len,
            )
        if cuda:
            torch.cuda.synchronize()
        return int(out.shape[0] * (out.shape[1] - 1))  # minus the decoder start token

    return f"{variant} ({'float16' if cuda else variant} torch threads={args.threads})", run


def _runner_ct2(args: argparse.Namespace, variant: str) -> tuple[str, Runner]:
    import ctranslate2

    from models.translation.options import RuntimeOptions, default_options

    device = "cuda" if args.device == "cuda" else "cpu"
    if variant == "service-default":
        options = default_options(device)
    elif ":" in variant:  # COMPUTE:INTER:INTRA:MAX_BATCH, e.g. int8:2:1:16 (for tuning runs)
        compute, inter, intra, mbs = variant.split(":")
        options = RuntimeOptions(device=device, compute_type=compute, inter_threads=int(inter),
                                 intra_threads=int(intra), max_batch_size=int(mbs))  # fmt: skip
    else:  # a named compute type, e.g. int8_float16 on CUDA
        options = RuntimeOptions(device=device, compute_type=variant)
    quant_dir = "ct2-float16" if "float16" in options.compute_type else "ct2-int8"
    translator = ctranslate2.Translator(str(Path(args.folder) / quant_dir), **options.ct2_translator_kwargs())
    tokens = _vocab_tokens()
    kw = options.ct2_translator_kwargs()
    label = f"{variant} ({options.compute_type} inter={kw['inter_threads']} intra={kw['intra_threads']})"

    def run(batch: int, beam: int) -> int:
        source = [[tokens[i] for i in sent] for sent in _sources(batch, args.src_len)]
        results = translator.translate_batch(
            source,
            min_decoding_length=args.out_len,
            max_decoding_length=args.out_len,
            **(options.ct2_translate_kwargs() | {"beam_size": beam}),
        )
        return sum(len(r.hypotheses[0]) for r in results)

    return label, run


RUNNERS: dict[str, Callable[[argparse.Namespace, str], tuple[str, Runner]]] = {
    "transformers": _runner_transformers,
    "ctranslate2": _runner_ct2,
}


def _worker(args: argparse.Namespace) -> int:
    """Serve run requests (JSON lines on stdin) for one backend; answer on stdout."""
    label, run = RUNNERS[args.worker](args, args.variant)
    gpu = args.device == "cuda"
    print(json.dumps({"label": label}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("reset"):
            _reset_peak_rss()
            if gpu:
                import torch

                torch.cuda.reset_peak_memory_stats()
        start = time.perf_counter()
        if gpu:
            with _GpuPeak() as sampler:
                produced = run(req["batch"], req["beam"])
            peak = sampler.peak / 2**20
        else:
            produced = run(req["batch"], req["beam"])
            peak = _peak_rss_mib()
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "tokens": produced, "peak_mib": peak}), flush=True)
    return 0


def _row(variant: str, batch: int, beam: int, seconds: float, produced: int, peak: float) -> dict[str, Any]:
    return {
        "variant": variant,
        "batch": batch,
        "beam": beam,
        "seconds": round(seconds, 4),
        "target_tokens": produced,
        "tokens_per_s": round(produced / seconds, 1),
        "peak_mib": round(peak, 1),
    }


PLANS: dict[str, list[tuple[str, str]]] = {
    "cpu": [
        ("transformers", "fp32"),
        ("transformers", "dynamic-int8"),
        ("ctranslate2", "service-default"),
        ("ctranslate2", "int8:1:2:32"),  # one replica on both cores, for comparison
    ],
    "cuda": [
        ("transformers", "fp16"),
        ("ctranslate2", "service-default"),
        ("ctranslate2", "int8_float16"),
    ],
}


# --------------------------------------------------------------------------- driver


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--batches", type=lambda s: [int(x) for x in s.split(",")], default=[1, 8, 32])
    p.add_argument("--beams", type=lambda s: [int(x) for x in s.split(",")], default=[1, 4])
    p.add_argument("--src-len", type=int, default=32, help="source tokens per sentence (plus </s>)")
    p.add_argument("--out-len", type=int, default=32, help="target tokens decoded per sentence")
    p.add_argument("--repeats", type=int, default=3, help="timed rounds per configuration (best kept)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--output", type=Path, help="also write the report here")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--variant", help=argparse.SUPPRESS)
    p.add_argument("--folder", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _report(args: argparse.Namespace, rows: list[dict[str, Any]], wall: float) -> str:
    lines = [
        f"# bench/translate.py  device={args.device}  cores={os.cpu_count()}  threads={args.threads}",
        f"# model: MarianMT random weights, {SHAPE}",
        f"# load average at the start {args.load_at_start}",
        f"# source {args.src_len}+1 tokens, target exactly {args.out_len} tokens; "
        f"best of {args.repeats} interleaved rounds",
        "# peak MiB: peak resident memory of the backend's process (CPU) or device memory (CUDA) in that configuration",
        f"{'variant':<58}{'batch':>6}{'beam':>5}{'tokens':>7}{'tok/s':>10}{'seconds':>9}{'peak MiB':>10}",
    ]
    for r in rows:
        lines.append(
            f"{r['variant']:<58}{r['batch']:>6}{r['beam']:>5}{r['target_tokens']:>7}{r['tokens_per_s']:>10.1f}"
            f"{r['seconds']:>9.3f}{r['peak_mib']:>10.0f}"
        )
    lines.append("")
    base_name = "fp32" if args.device == "cpu" else "fp16"
    for batch in args.batches:
        for beam in args.beams:
            cell = {r["variant"].split(" ")[0]: r for r in rows if r["batch"] == batch and r["beam"] == beam}
            base = cell.get(base_name)
            default = cell.get("service-default")
            if base and default:
                speedup = default["tokens_per_s"] / base["tokens_per_s"]
                msg = f"batch {batch:>2} beam {beam}: service default = {speedup:.2f}x"
                msg += f" transformers {base_name}"
                if "dynamic-int8" in cell:
                    ratio = default["tokens_per_s"] / cell["dynamic-int8"]["tokens_per_s"]
                    msg += f", {ratio:.2f}x transformers dynamic int8"
                lines.append(msg)
    lines.append(f"# wall time {wall:.0f} s; load average at the end {_load()} (others share the machine)")
    return "\n".join(lines) + "\n"


class _Child:
    def __init__(self, args: argparse.Namespace, worker: str, variant: str, folder: str) -> None:
        cmd = [sys.executable, __file__, "--worker", worker, "--variant", variant, "--folder", folder]
        cmd += ["--device", args.device, "--src-len", str(args.src_len), "--out-len", str(args.out_len)]
        cmd += ["--threads", str(args.threads)]
        self.variant = variant
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.label = str(self._read()["label"])

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"benchmark worker {self.variant} died (exit {self.proc.wait()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def run(self, batch: int, beam: int, reset: bool = False) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"batch": batch, "beam": beam, "reset": reset}) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.worker:
        return _worker(args)
    start = time.perf_counter()
    args.load_at_start = _load()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-translate-") as tmp:
        print(f"building the random OPUS-MT-shaped model in {tmp} ...", file=sys.stderr)
        build_model(Path(tmp))
        children = [_Child(args, worker, variant, tmp) for worker, variant in PLANS[args.device]]
        try:
            for batch in args.batches:
                for beam in args.beams:
                    print(f"batch {batch} beam {beam} ...", file=sys.stderr)
                    # warm-up run, which also starts each backend's memory peak afresh
                    peaks = {c.variant: c.run(batch, beam, reset=True)["peak_mib"] for c in children}
                    best: dict[str, dict[str, Any]] = {}
                    for round_no in range(args.repeats):
                        shift = round_no % len(children)
                        for child in children[shift:] + children[:shift]:  # rotate who goes first
                            got = child.run(batch, beam)
                            peaks[child.variant] = max(peaks[child.variant], got["peak_mib"])
                            if child.variant not in best or got["seconds"] < best[child.variant]["seconds"]:
                                best[child.variant] = got
                    for child in children:
                        got = best[child.variant]
                        peak = peaks[child.variant]
                        rows.append(_row(child.label, batch, beam, got["seconds"], got["tokens"], peak))
        finally:
            for child in children:
                child.close()
    report = _report(args, rows, time.perf_counter() - start)
    print(report, end="")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
