"""The manifest of installed translation models: ``<models_dir>/translation/manifest.json``.

One entry per installed model: the languages it serves (a pair, or a language set for a
multilingual model), its family and backend, its folder, the SHA-256 of every file and its
licence. The manifest is the only thing the service trusts: a folder that is not in it,
or whose files no longer match their checksums, is never loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

Family = Literal["marian", "m2m100", "nllb"]
Backend = Literal["transformers", "ctranslate2"]
ANY = "*"
MANIFEST_VERSION = 1
Progress = Callable[[int], None]  # called with the number of bytes just processed


class ModelEntry(BaseModel):
    """One installed model."""

    name: str
    family: Family
    backend: Backend
    sources: list[str] = Field(description="ISO 639-1 source languages; ['*'] for any")
    targets: list[str] = Field(description="ISO 639-1 target languages; ['*'] for any")
    path: str = Field(description="folder relative to the manifest's folder")
    files: dict[str, str] = Field(description="relative file path -> SHA-256")
    licence: str = "unknown"
    origin: str | None = Field(None, description="where it came from: a folder, archive or hub repo id")
    derived_from: str | None = Field(None, description="the entry this one was converted from")
    quantization: str | None = None
    installed_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def is_pair(self) -> bool:
        return len(self.sources) == 1 and len(self.targets) == 1 and ANY not in self.sources + self.targets

    def serves(self, source: str, target: str) -> bool:
        return (
            (source in self.sources or ANY in self.sources)
            and (target in self.targets or ANY in self.targets)
            and source != target
        )

    @property
    def fingerprint(self) -> str:
        """A short digest of every file's checksum: part of the model id the memory is keyed on."""
        digest = hashlib.sha256()
        for rel, sha in sorted(self.files.items()):
            digest.update(f"{rel}\x00{sha}\n".encode())
        return digest.hexdigest()[:12]

    @property
    def model_id(self) -> str:
        return f"{self.name}@{self.fingerprint}"

    @property
    def languages_label(self) -> str:
        return f"{','.join(self.sources)} -> {','.join(self.targets)}"


class Manifest(BaseModel):
    version: int = MANIFEST_VERSION
    models: list[ModelEntry] = Field(default_factory=list)

    def get(self, name: str) -> ModelEntry | None:
        return next((m for m in self.models if m.name == name), None)


def load_manifest(path: Path) -> Manifest:
    if not path.exists():
        return Manifest()
    return Manifest.model_validate_json(path.read_text(encoding="utf-8"))


def save_manifest(manifest: Manifest, path: Path) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a manifest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(manifest.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def sha256_file(path: Path, progress: Progress | None = None, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
            if progress:
                progress(len(block))
    return digest.hexdigest()


def list_files(folder: Path) -> list[Path]:
    """Every regular file under ``folder`` (symlinks followed), relative, sorted."""
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def checksums(folder: Path, progress: Progress | None = None) -> dict[str, str]:
    return {rel.as_posix(): sha256_file(folder / rel, progress) for rel in list_files(folder)}


def total_bytes(folder: Path) -> int:
    return sum((folder / rel).stat().st_size for rel in list_files(folder))
