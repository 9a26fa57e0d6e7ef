"""Runtime options of the translation backends, and the service's default fast path.

Why a module of its own: the benchmark (bench/translate.py) measures exactly these
defaults, so the figures in docs/translation.md describe what the service really runs.
On CPU the default is CTranslate2 with int8 weights, one single-threaded replica per core:
on the 2-core reference machine, at batch 32 and beam 4, 3.2x the target tokens/s of
transformers fp32 and 2.5x transformers with dynamic int8 quantisation, in under a third of
the memory (docs/translation-bench.txt). On CUDA it is float16.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Device = Literal["cpu", "cuda"]


def cuda_available() -> bool:
    """True when CTranslate2 (or else torch) sees a CUDA device; never imports at module load."""
    try:
        import ctranslate2

        return bool(ctranslate2.get_cuda_device_count() > 0)
    except ImportError:
        pass
    try:
        import torch

        return bool(torch.cuda.is_available())
    except ImportError:
        return False


STAGE_BATCH = 32  # sentences the stage hands a translator at once (triage.translate.stage.BATCH_SIZE)


@dataclass(frozen=True)
class RuntimeOptions:
    """How a backend runs a model: device, precision, threads, batch and beam.

    On CPU, CTranslate2 runs ``inter_threads`` replicas of the model (sharing its weights),
    each on ``intra_threads`` cores, and splits a batch into sub-batches of
    ``max_batch_size`` that the replicas decode in parallel. On the 2-core reference
    machine two single-threaded replicas beat one two-threaded replica by about 1.5x at
    batch 32, beam 4 (see docs/translation-bench.txt): no thread synchronisation per step.
    """

    device: Device = "cpu"
    compute_type: str = "int8"  # CTranslate2 compute type; transformers uses fp32 on CPU, fp16 on CUDA
    inter_threads: int = 1
    intra_threads: int = 1
    beam_size: int = 4
    max_batch_size: int = STAGE_BATCH
    max_decoding_factor: float = 2.0  # output budget = factor x input tokens + 10, capped by the model
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def threads(self) -> int:
        """Cores used in all (what the transformers backend gives torch)."""
        return max(1, self.inter_threads * self.intra_threads)

    def ct2_translator_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``ctranslate2.Translator``."""
        return {
            "device": self.device,
            "compute_type": self.compute_type,
            "inter_threads": self.inter_threads,
            "intra_threads": self.intra_threads if self.device == "cpu" else 0,
        }

    def ct2_translate_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Translator.translate_batch`` (decoding lengths set per call)."""
        return {"beam_size": self.beam_size, "max_batch_size": self.max_batch_size}


def cpu_options(cores: int | None = None) -> RuntimeOptions:
    """The CPU fast path: CTranslate2 int8, one single-threaded replica per core."""
    n = max(1, cores or os.cpu_count() or 1)
    return RuntimeOptions(inter_threads=n, intra_threads=1, max_batch_size=max(4, -(-STAGE_BATCH // n)))


def default_options(device: Device | None = None, cores: int | None = None) -> RuntimeOptions:
    """The service's default: CTranslate2 int8 on CPU, float16 on CUDA (CUDA when present)."""
    chosen: Device = device or ("cuda" if cuda_available() else "cpu")
    if chosen == "cuda":
        return RuntimeOptions(device="cuda", compute_type="float16", max_batch_size=64)
    return cpu_options(cores)


def options_from_settings(settings: object) -> RuntimeOptions:
    """Options from the settings (``triage.config.Settings``; read by name so that tests may
    pass a plain namespace).

    Settings (env ``TRIAGE_...``): ``translation_device`` (auto / cpu / cuda),
    ``translation_threads`` (cores for translation in each worker process; default: the
    machine's cores divided by ``workers``, so parallel workers do not oversubscribe),
    ``translation_beam_size``, ``translation_compute_type`` (default int8 on CPU, float16 on CUDA).
    """
    wanted = str(getattr(settings, "translation_device", "auto") or "auto")
    device: Device | None = "cuda" if wanted == "cuda" else "cpu" if wanted == "cpu" else None
    workers = max(1, int(getattr(settings, "workers", 1) or 1))
    cores = int(getattr(settings, "translation_threads", 0) or 0) or max(1, (os.cpu_count() or 1) // workers)
    base = default_options(device, cores)
    beam = int(getattr(settings, "translation_beam_size", 0) or base.beam_size)
    compute = str(getattr(settings, "translation_compute_type", "") or base.compute_type)
    return replace(base, beam_size=beam, compute_type=compute)
