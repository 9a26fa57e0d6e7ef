"""The model registry on fake checkpoints (no ML libraries needed): install, verify, resolve, remove."""

from __future__ import annotations

import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from models.translation.manifest import ModelEntry
from models.translation.registry import InstallRequest, ModelRegistry
from tests.translation.helpers import fake_checkpoint
from triage.errors import InvalidInput, ModelError, NotFound


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(tmp_path / "models")


def test_install_folder_records_languages_checksums_licence(tmp_path: Path, registry: ModelRegistry) -> None:
    src = fake_checkpoint(tmp_path / "opus-mt-fr-en")
    entry = registry.install(InstallRequest(source=src))
    assert (entry.name, entry.family, entry.backend) == ("opus-mt-fr-en", "marian", "transformers")
    assert (entry.sources, entry.targets, entry.licence) == (["fr"], ["en"], "cc-by-4.0")
    assert set(entry.files) == {
        "config.json",
        "tokenizer_config.json",
        "model.safetensors",
        "README.md",
        "source.spm",
        "vocab.json",
    }
    assert all(len(sha) == 64 for sha in entry.files.values())
    manifest = json.loads(registry.manifest_path.read_text())
    assert manifest["models"][0]["name"] == "opus-mt-fr-en"
    assert registry.verify("opus-mt-fr-en").ok


def test_opus_group_names_become_language_sets(tmp_path: Path, registry: ModelRegistry) -> None:
    romance = registry.install(InstallRequest(source=fake_checkpoint(tmp_path / "opus-mt-ROMANCE-en")))
    assert {"pt", "ro", "fr", "es", "it"} <= set(romance.sources) and romance.targets == ["en"]
    mul = registry.install(InstallRequest(source=fake_checkpoint(tmp_path / "opus-mt-mul-en")))
    assert mul.sources == ["*"]


def test_tokenizer_config_languages_win_over_the_name(tmp_path: Path, registry: ModelRegistry) -> None:
    src = fake_checkpoint(tmp_path / "my-model", source_lang="nl", target_lang="en")
    assert registry.install(InstallRequest(source=src)).sources == ["nl"]


def test_unknown_languages_must_be_given(tmp_path: Path, registry: ModelRegistry) -> None:
    src = fake_checkpoint(tmp_path / "mystery")
    with pytest.raises(InvalidInput, match="--sources"):
        registry.install(InstallRequest(source=src))
    entry = registry.install(InstallRequest(source=src, sources=["cs"], targets=["en"], licence="apache-2.0"))
    assert (entry.sources, entry.licence) == (["cs"], "apache-2.0")


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_install_from_archive(tmp_path: Path, registry: ModelRegistry, kind: str) -> None:
    src = fake_checkpoint(tmp_path / "opus-mt-de-en")
    archive = tmp_path / f"model.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(archive, "w") as zf:
            for f in src.iterdir():
                zf.write(f, f"opus-mt-de-en/{f.name}")
    else:
        with tarfile.open(archive, "w:gz") as tf:
            tf.add(src, arcname="opus-mt-de-en")
    entry = registry.install(InstallRequest(source=archive))
    assert entry.name == "opus-mt-de-en" and entry.sources == ["de"]
    assert not any(p.name.startswith(".staging") for p in registry.root.iterdir())


def test_archive_with_traversal_is_refused(tmp_path: Path, registry: ModelRegistry) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../outside.txt", "x")
    with pytest.raises(ModelError, match="escapes"):
        registry.install(InstallRequest(source=archive))
    assert not (tmp_path / "models" / "outside.txt").exists()


@pytest.mark.parametrize("name", ["broken.zip", "broken.tar.gz"])
def test_unreadable_archive_is_a_clear_error_and_installs_nothing(
    tmp_path: Path, registry: ModelRegistry, name: str
) -> None:
    archive = tmp_path / name
    archive.write_bytes(b"not an archive at all")
    with pytest.raises(ModelError, match="cannot be read"):
        registry.install(InstallRequest(source=archive))
    assert registry.list() == []


def test_install_from_hub_cache_layout(tmp_path: Path, registry: ModelRegistry) -> None:
    repo = tmp_path / "hub" / "models--Helsinki-NLP--opus-mt-it-en"
    src = fake_checkpoint(tmp_path / "plain")
    snap = repo / "snapshots" / "abc123"
    snap.mkdir(parents=True)
    (repo / "blobs").mkdir()
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123")
    for f in src.iterdir():  # the hub cache keeps files as blobs, snapshots link to them
        blob = repo / "blobs" / f"blob-{f.name}"
        blob.write_bytes(f.read_bytes())
        (snap / f.name).symlink_to(blob)
    entry = registry.install(InstallRequest(source=repo))
    assert entry.name == "opus-mt-it-en" and entry.sources == ["it"]
    assert not (registry.folder(entry) / "config.json").is_symlink()
    again = registry.install(InstallRequest(source=snap, replace=True))  # the snapshot folder itself
    assert again.name == "opus-mt-it-en" and again.files == entry.files


def test_verify_finds_changed_missing_and_extra_files(tmp_path: Path, registry: ModelRegistry) -> None:
    entry = registry.install(InstallRequest(source=fake_checkpoint(tmp_path / "opus-mt-fr-en")))
    folder = registry.folder(entry)
    (folder / "model.safetensors").write_bytes(b"\x01" * 1024)
    (folder / "vocab.json").unlink()
    (folder / "extra.bin").write_bytes(b"?")
    report = registry.verify(entry.name)
    assert not report.ok
    assert report.problems == [
        "checksum mismatch model.safetensors",
        "missing file vocab.json",
        "unexpected file extra.bin",
    ]
    with pytest.raises(ModelError, match="failed verification"):
        registry.check_loadable(entry)


def test_resolution_exact_then_multilingual_then_none(tmp_path: Path, registry: ModelRegistry) -> None:
    registry.install(InstallRequest(source=fake_checkpoint(tmp_path / "opus-mt-fr-en")))
    registry.install(InstallRequest(source=fake_checkpoint(tmp_path / "opus-mt-ROMANCE-en")))
    registry.install(InstallRequest(source=fake_checkpoint(tmp_path / "opus-mt-mul-en")))
    assert registry.resolve("fr", "en").name == "opus-mt-fr-en"  # type: ignore[union-attr]
    assert registry.resolve("pt", "en").name == "opus-mt-ROMANCE-en"  # type: ignore[union-attr]
    assert registry.resolve("hu", "en").name == "opus-mt-mul-en"  # type: ignore[union-attr]
    assert registry.resolve("en", "fr") is None


def test_ctranslate2_copy_preferred(tmp_path: Path, registry: ModelRegistry) -> None:
    registry.install(InstallRequest(source=fake_checkpoint(tmp_path / "opus-mt-fr-en")))
    ct2 = fake_checkpoint(tmp_path / "converted")
    (ct2 / "model.bin").write_bytes(b"ct2")
    registry.install(InstallRequest(source=ct2, name="fr-en-fast", sources=["fr"], targets=["en"]))
    chosen = registry.resolve("fr", "en")
    assert chosen is not None and (chosen.name, chosen.backend) == ("fr-en-fast", "ctranslate2")


def test_duplicate_name_needs_replace_and_remove_deletes(tmp_path: Path, registry: ModelRegistry) -> None:
    src = fake_checkpoint(tmp_path / "opus-mt-fr-en")
    registry.install(InstallRequest(source=src))
    with pytest.raises(InvalidInput, match="--replace"):
        registry.install(InstallRequest(source=src))
    registry.install(InstallRequest(source=src, replace=True))
    removed = registry.remove("opus-mt-fr-en")
    assert not registry.folder(removed).exists() and registry.list() == []
    with pytest.raises(NotFound):
        registry.remove("opus-mt-fr-en")


def test_model_id_changes_with_files() -> None:
    base = {
        "name": "m",
        "family": "marian",
        "backend": "transformers",
        "sources": ["fr"],
        "targets": ["en"],
        "path": "m",
    }
    a = ModelEntry(**base, files={"model.bin": "a" * 64})  # type: ignore[arg-type]
    b = ModelEntry(**base, files={"model.bin": "b" * 64})  # type: ignore[arg-type]
    assert a.model_id != b.model_id and a.model_id.startswith("m@")
