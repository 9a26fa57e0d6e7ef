"""Runtime options: the service default fast path and the settings that tune it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from models.translation.options import cpu_options, default_options, options_from_settings


@pytest.mark.parametrize(("cores", "replicas", "sub_batch"), [(1, 1, 32), (2, 2, 16), (4, 4, 8), (16, 16, 4)])
def test_cpu_default_is_ctranslate2_int8_one_replica_per_core(cores: int, replicas: int, sub_batch: int) -> None:
    options = default_options("cpu", cores)
    assert (options.compute_type, options.beam_size) == ("int8", 4)
    assert options.ct2_translator_kwargs() == {
        "device": "cpu", "compute_type": "int8", "inter_threads": replicas, "intra_threads": 1,
    }  # fmt: skip
    assert options.max_batch_size == sub_batch and options.threads == cores


def test_cuda_default_is_float16() -> None:
    options = default_options("cuda")
    assert options.compute_type == "float16" and options.ct2_translator_kwargs()["intra_threads"] == 0


def test_settings_override_defaults() -> None:
    settings = SimpleNamespace(translation_device="cpu", translation_threads=1, translation_beam_size=2)
    options = options_from_settings(settings)
    assert (options.device, options.threads, options.beam_size, options.compute_type) == ("cpu", 1, 2, "int8")
    assert options.ct2_translate_kwargs() == {"beam_size": 2, "max_batch_size": 32}


def test_workers_share_the_cores() -> None:
    import os

    cores = os.cpu_count() or 1
    options = options_from_settings(SimpleNamespace(translation_device="cpu", workers=cores))
    assert options == cpu_options(1)
    assert options_from_settings(SimpleNamespace(translation_device="cpu", workers=1)) == cpu_options(cores)
