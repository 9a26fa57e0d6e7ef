"""The model registry: install, verify, list, remove and resolve translation models.

Layout: ``<models_dir>/translation/manifest.json`` and one folder per model beside it.
Resolution for a pair: a model for exactly that pair, else a multilingual model that
covers both languages, else none; among equals the CTranslate2 copy wins (the fast path).
Nothing here imports torch, transformers or ctranslate2.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.translation.inspect_model import inspect_folder
from models.translation.manifest import (
    ModelEntry,
    Progress,
    checksums,
    list_files,
    load_manifest,
    save_manifest,
    sha256_file,
)
from models.translation.sources import resolve_model_folder
from triage.errors import InvalidInput, ModelError, NotFound

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$")
BACKEND_PREFERENCE = {"ctranslate2": 0, "transformers": 1}


@dataclass(frozen=True)
class VerifyReport:
    name: str
    ok: bool
    problems: list[str]


@dataclass
class InstallRequest:
    """What the operator says about a model; empty fields are read from the model's files."""

    source: Path
    name: str | None = None
    sources: list[str] | None = None
    targets: list[str] | None = None
    licence: str | None = None
    origin: str | None = None
    derived_from: str | None = None
    replace: bool = False


class ModelRegistry:
    """The installed translation models under one folder."""

    def __init__(self, models_dir: Path) -> None:
        self.root = models_dir / "translation"
        self.manifest_path = self.root / "manifest.json"

    # ------------------------------------------------------------------ reading

    def list(self) -> list[ModelEntry]:
        return list(load_manifest(self.manifest_path).models)

    def get(self, name: str) -> ModelEntry:
        entry = load_manifest(self.manifest_path).get(name)
        if entry is None:
            raise NotFound(f"no installed translation model {name!r}; installed: {[m.name for m in self.list()]}")
        return entry

    def folder(self, entry: ModelEntry) -> Path:
        return self.root / entry.path

    def resolve(self, source: str, target: str) -> ModelEntry | None:
        """Exact pair, else multilingual, else None; CTranslate2 preferred among equals."""
        candidates = [m for m in self.list() if m.serves(source, target)]
        if not candidates:
            return None
        return min(candidates, key=lambda m: (not m.is_pair, BACKEND_PREFERENCE[m.backend], m.name))

    # ------------------------------------------------------------------ checking

    def verify(self, name: str, progress: Progress | None = None) -> VerifyReport:
        """Compare every file with its recorded SHA-256; report missing, changed and extra files."""
        entry = self.get(name)
        folder = self.folder(entry)
        problems: list[str] = []
        if not folder.is_dir():
            return VerifyReport(name, False, [f"folder {entry.path} is missing"])
        present = {p.as_posix() for p in list_files(folder)}
        for rel, expected in sorted(entry.files.items()):
            if rel not in present:
                problems.append(f"missing file {rel}")
            elif sha256_file(folder / rel, progress) != expected:
                problems.append(f"checksum mismatch {rel}")
        problems += [f"unexpected file {rel}" for rel in sorted(present - set(entry.files))]
        return VerifyReport(name, not problems, problems)

    def bytes_of(self, name: str) -> int:
        entry = self.get(name)
        return sum((self.folder(entry) / rel).stat().st_size for rel in entry.files)

    # ------------------------------------------------------------------ changing

    def install(
        self,
        request: InstallRequest,
        progress: Progress | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> ModelEntry:
        """Copy a model folder or archive in, checksum every file, and register it.

        ``on_total`` receives the bytes to process (copy + checksum) before work starts, so a
        progress bar can show a real percentage.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".staging-", dir=self.root) as staging:
            folder, default_name = resolve_model_folder(request.source, Path(staging) / "unpacked")
            name = request.name or default_name
            if not _NAME.match(name):
                raise InvalidInput(f"model name {name!r}: use letters, digits, '.', '_', '+', '-'")
            facts = inspect_folder(folder, name)
            sources = request.sources or facts.sources
            targets = request.targets or facts.targets
            if not sources or not targets:
                raise InvalidInput(
                    f"cannot tell the languages of {name!r} from its files; give them (--sources fr --targets en)"
                )
            existing = load_manifest(self.manifest_path).get(name)
            if existing and not request.replace:
                raise InvalidInput(f"a model named {name!r} is installed; remove it first or pass --replace")
            files = list_files(folder)
            if on_total:
                on_total(2 * sum((folder / rel).stat().st_size for rel in files))
            dest = Path(staging) / "copy"
            for rel in files:
                target = dest / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(folder / rel, target)  # follows the hub cache's symlinks
                if progress:
                    progress(target.stat().st_size)
            sums = checksums(dest, progress)
            final = self.root / name
            if final.exists():
                shutil.rmtree(final)
            dest.rename(final)
        entry = ModelEntry(
            name=name,
            family=facts.family,
            backend=facts.backend,
            sources=sorted({s.lower() for s in sources}),
            targets=sorted({t.lower() for t in targets}),
            path=name,
            files=sums,
            licence=request.licence or facts.licence,
            origin=request.origin or str(request.source),
            derived_from=request.derived_from,
            quantization=facts.quantization,
        )
        manifest = load_manifest(self.manifest_path)
        manifest.models = [m for m in manifest.models if m.name != name] + [entry]
        save_manifest(manifest, self.manifest_path)
        return entry

    def remove(self, name: str) -> ModelEntry:
        manifest = load_manifest(self.manifest_path)
        entry = manifest.get(name)
        if entry is None:
            raise NotFound(f"no installed translation model {name!r}; installed: {[m.name for m in manifest.models]}")
        manifest.models = [m for m in manifest.models if m.name != name]
        save_manifest(manifest, self.manifest_path)
        shutil.rmtree(self.folder(entry), ignore_errors=True)
        return entry

    def check_loadable(self, entry: ModelEntry) -> Path:
        """The entry's folder after a full checksum check; raises ModelError when it fails."""
        report = self.verify(entry.name)
        if not report.ok:
            raise ModelError(f"model {entry.name!r} failed verification: {'; '.join(report.problems[:5])}")
        return self.folder(entry)
