"""Session fixtures: tiny MarianMT and M2M-100 checkpoints, built once, installed through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest


def _needs_translate_extra() -> None:
    reason = "needs the optional 'translate' extra (torch, transformers, sentencepiece, ctranslate2)"
    for module in ("torch", "transformers", "sentencepiece", "ctranslate2"):
        pytest.importorskip(module, reason=reason)


@pytest.fixture(scope="session")
def tiny_checkpoints(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Freshly built checkpoints (save_pretrained layout), not installed."""
    _needs_translate_extra()
    from tests.translation.tiny_models import build_m2m100, build_marian

    base = tmp_path_factory.mktemp("tiny-checkpoints")
    return {"marian": build_marian(base / "opus-mt-fr-en"), "m2m100": build_m2m100(base / "tiny-m2m100")}


@pytest.fixture(scope="session")
def installed_data_dir(tiny_checkpoints: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose registry holds both models and their CTranslate2 int8 conversions.

    Installed and converted with ``triage models ...`` through typer's CliRunner.
    Tests must not change it (copy it first).
    """
    from typer.testing import CliRunner

    from triage.cli import app

    data = tmp_path_factory.mktemp("installed") / "data"
    runner = CliRunner()
    commands = [
        ["models", "install", str(tiny_checkpoints["marian"]), "--data-dir", str(data)],
        ["models", "install", str(tiny_checkpoints["m2m100"]), "--licence", "mit", "--data-dir", str(data)],
        ["models", "convert", "opus-mt-fr-en", "--data-dir", str(data)],
        ["models", "convert", "tiny-m2m100", "-q", "int8", "--data-dir", str(data)],
    ]
    for args in commands:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output, result.exception)
    return data
