"""Real code paths on tiny test-built models: install, load, convert, translate, pipeline stage."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from models.translation.backends import load_translator
from models.translation.options import RuntimeOptions
from models.translation.registry import ModelRegistry
from models.translation.service import InstalledModels
from tests.translation.helpers import DictProvider, make_doc
from triage.cli import app
from triage.config import Settings
from triage.errors import ModelError
from triage.pipeline import PipelineContext
from triage.translate.protocol import TranslationResult, Translator
from triage.translate.stage import PROVIDER_RESOURCE, translate_stage

OPTIONS = RuntimeOptions(beam_size=2, max_batch_size=8, intra_threads=1)
LONG = (
    "le chat gris dort sur la table de la cuisine, la lampe verte brille pendant la nuit calme, "
    "nous marchons vers la colline puis nous rentrons à la maison; le petit bateau passe devant le ponton, "
    "et chaque matin le boulanger ouvre la boutique à sept heures pendant que le train rouge sort de la gare"
)


def settings_for(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir)


def translator(data_dir: Path, name: str) -> Translator:
    registry = ModelRegistry(settings_for(data_dir).resolved_models_dir)
    entry = registry.get(name)
    return load_translator(entry, registry.check_loadable(entry), OPTIONS)


class Spy:
    """Wraps a real translator and records what it was asked to translate."""

    def __init__(self, inner: Translator) -> None:
        self.inner = inner
        self.inputs: list[str] = []

    model_id = property(lambda self: self.inner.model_id)
    max_input_tokens = property(lambda self: self.inner.max_input_tokens)

    def count_tokens(self, texts: Sequence[str], source_lang: str) -> list[int]:
        return self.inner.count_tokens(texts, source_lang)

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[TranslationResult]:
        self.inputs.extend(texts)
        return self.inner.translate(texts, source_lang, target_lang)


def test_cli_list_and_verify(installed_data_dir: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["models", "list", "--data-dir", str(installed_data_dir)])
    assert listed.exit_code == 0
    for name in ("opus-mt-fr-en", "opus-mt-fr-en-ct2-int8", "tiny-m2m100", "tiny-m2m100-ct2-int8"):
        assert name in listed.output
    verified = runner.invoke(app, ["models", "verify", "--data-dir", str(installed_data_dir)])
    assert verified.exit_code == 0 and verified.output.count("ok") == 4


@pytest.mark.parametrize("name", ["opus-mt-fr-en", "opus-mt-fr-en-ct2-int8", "tiny-m2m100", "tiny-m2m100-ct2-int8"])
def test_each_backend_translates_aligned(installed_data_dir: Path, name: str) -> None:
    tr = translator(installed_data_dir, name)
    texts = ["le chat gris dort.", "la lampe verte brille pendant la nuit calme.", "un pont."]
    results = tr.translate(texts, "fr", "en")
    assert len(results) == 3 and all(r.model == tr.model_id and r.model.startswith(name + "@") for r in results)
    assert all(isinstance(r.text, str) and "__en__" not in r.text for r in results)


def test_backend_refuses_to_truncate(installed_data_dir: Path) -> None:
    tr = translator(installed_data_dir, "opus-mt-fr-en-ct2-int8")
    assert tr.count_tokens([LONG], "fr")[0] > tr.max_input_tokens == 64
    with pytest.raises(ModelError, match="exceeds the 64-token limit"):
        tr.translate([LONG], "fr", "en")


@pytest.mark.parametrize("name", ["opus-mt-fr-en", "opus-mt-fr-en-ct2-int8"])
def test_stage_splits_long_sentence_and_translates_every_part(
    installed_data_dir: Path, tmp_path: Path, name: str
) -> None:
    spy = Spy(translator(installed_data_dir, name))
    ctx = PipelineContext(Settings(data_dir=tmp_path))
    ctx.resources[PROVIDER_RESOURCE] = DictProvider({"fr": spy})
    doc = make_doc([(LONG, "fr", 0), ("un pont.", "fr", 1)])
    translate_stage(doc, ctx)
    assert [t.segment_index for t in doc.translations] == [0, 1]
    assert len(spy.inputs) >= 4  # the long sentence went in as several pieces
    assert all(n <= 64 for n in spy.count_tokens(spy.inputs, "fr"))
    assert sorted(" ".join(spy.inputs).split()) == sorted((LONG + " un pont.").split())


def test_real_provider_resolution_memory_and_missing_model(installed_data_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(installed_data_dir, data)
    settings = settings_for(data)
    ctx = PipelineContext(settings)
    ctx.resources[PROVIDER_RESOURCE] = InstalledModels(settings, OPTIONS)
    sentences = [("le chat dort.", "fr", 0), ("der hund spielt.", "de", 0), ("the boat.", "en", 1),
                 ("le chat dort.", "fr", 1), ("il-kelb jorqod.", "mt", 2)]  # fmt: skip
    doc = make_doc(sentences, language="fr")
    translate_stage(doc, ctx)
    assert [t.segment_index for t in doc.translations] == [0, 1, 3]
    models = {t.segment_index: t.model.split("@")[0] for t in doc.translations}
    assert models == {0: "opus-mt-fr-en-ct2-int8", 1: "tiny-m2m100-ct2-int8", 3: "opus-mt-fr-en-ct2-int8"}
    assert doc.needs_human_translation and doc.metadata["needs_human_translation"] == ["mt"]
    suspect = sum(t.suspect is not None for t in doc.translations)  # random weights: garbage out
    assert ctx.notes == {"translation_memory_hits": 0, "translation_memory_misses": 3} | (
        {"translation_suspect": suspect} if suspect else {}
    )
    again = make_doc(sentences[:2], language="fr")
    translate_stage(again, ctx)
    assert all(t.from_memory for t in again.translations) and ctx.notes["translation_memory_hits"] == 2
    assert (data / "translation_memory.sqlite3").is_file()


def test_tampered_model_is_not_loaded(installed_data_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(installed_data_dir, data)
    weights = data / "models" / "translation" / "opus-mt-fr-en-ct2-int8" / "model.bin"
    blob = weights.read_bytes()
    weights.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    ctx = PipelineContext(settings_for(data))
    ctx.resources[PROVIDER_RESOURCE] = InstalledModels(settings_for(data), OPTIONS)
    doc = make_doc([("le chat dort.", "fr", 0)])
    translate_stage(doc, ctx)
    assert doc.needs_human_translation and "failed verification" in doc.metadata["translation_problems"]["fr"]


def test_pull_from_hub_cache_offline_then_load(
    tiny_checkpoints: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "hub" / "models--Helsinki-NLP--opus-mt-fr-en"
    commit = "0123456789abcdef0123456789abcdef01234567"
    snap = repo / "snapshots" / commit
    snap.mkdir(parents=True)
    (repo / "blobs").mkdir()
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    for f in tiny_checkpoints["marian"].iterdir():
        blob = repo / "blobs" / f"{f.name}.blob"
        shutil.copyfile(f, blob)
        (snap / f.name).symlink_to(Path("..") / ".." / "blobs" / blob.name)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    data = tmp_path / "data"
    result = CliRunner().invoke(
        app,
        [
            "models",
            "pull",
            "Helsinki-NLP/opus-mt-fr-en",
            "--cache-dir",
            str(tmp_path / "hub"),
            "--data-dir",
            str(data),
        ],
    )
    assert result.exit_code == 0, result.output
    provider = InstalledModels(settings_for(data), OPTIONS)
    tr = provider.translator_for("fr", "en")
    assert tr is not None and tr.model_id.startswith("opus-mt-fr-en@")
    assert len(tr.translate(["le chat dort.", "un pont."], "fr", "en")) == 2
    assert provider.translator_for("de", "en") is None


def test_cli_remove(installed_data_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(installed_data_dir, data)
    runner = CliRunner()
    assert runner.invoke(app, ["models", "remove", "tiny-m2m100-ct2-int8", "--data-dir", str(data)]).exit_code == 0
    assert runner.invoke(app, ["models", "remove", "tiny-m2m100-ct2-int8", "--data-dir", str(data)]).exit_code == 3
    assert not (data / "models" / "translation" / "tiny-m2m100-ct2-int8").exists()


@pytest.mark.slow
def test_triage_process_stores_aligned_translations(installed_data_dir: Path, tmp_path: Path) -> None:
    """`triage process` end to end: fr has a model (translated), de and pl have none (flagged)."""
    import json
    import subprocess
    import sys

    data = tmp_path / "data"
    shutil.copytree(installed_data_dir, data)
    registry = ModelRegistry(settings_for(data).resolved_models_dir)
    for name in ("tiny-m2m100", "tiny-m2m100-ct2-int8"):
        registry.remove(name)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "mixed.txt").write_text(
        "Le voisin a vu une voiture bleue devant la boulangerie hier soir vers neuf heures.\n\n"
        "Der Nachbar hat gestern Abend gegen neun Uhr ein blaues Auto vor der Bäckerei gesehen.\n",
        encoding="utf-8",
    )
    (inbox / "pl.txt").write_text(
        "Sąsiad widział wczoraj wieczorem niebieski samochód przed piekarnią około dziewiątej.\n", encoding="utf-8"
    )
    cli = [sys.executable, "-m", "triage.cli"]
    run = subprocess.run(
        [*cli, "process", str(inbox), "--data-dir", str(data), "-w", "1"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = next((data / "reports").glob("*.jsonl"))
    items = {row["filename"]: row for row in map(json.loads, report.read_text().splitlines())}

    def show(item_id: str) -> dict[str, Any]:
        cmd = [*cli, "show", item_id, "--json", "--data-dir", str(data)]
        stored: dict[str, Any] = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        return stored

    shown = {name: show(row["id"]) for name, row in items.items()}
    mixed = shown["mixed.txt"]
    french = [s["index"] for s in mixed["segments"] if (s["language"] or mixed["language"]) == "fr"]
    translations = [s["translation"] for s in mixed["segments"] if s["translation"]]
    assert french and [s["index"] for s in mixed["segments"] if s["translation"]] == french
    assert all(t["model"].startswith("opus-mt-fr-en-ct2-int8@") for t in translations)
    assert all(t["label"] == "Uncertified machine translation" for t in translations)
    assert mixed["needs_human_translation"] and "de" in mixed["metadata"]["needs_human_translation"]
    assert shown["pl.txt"]["needs_human_translation"]
    assert not any(s["translation"] for s in shown["pl.txt"]["segments"])
    assert items["pl.txt"]["status"] == "done"
