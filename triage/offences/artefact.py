"""Trained offence models as versioned artefacts: a joblib file plus a JSON manifest.

A model trained on a corpus is data, not code: it lives under
``Settings().data_dir / "classifiers"``, named ``offences-<version>.joblib`` with an
``offences-<version>.json`` manifest (version, created, training data hash, figures,
the artefact's own SHA-256). The artefact is only unpickled after its hash matches the
manifest, so a swapped or truncated file is refused instead of executed.

In scale-out every host must use the same model, so a host-local folder will not do:
``publish`` puts the artefact and its manifest into the shared database (``artefacts``),
and ``load_latest`` takes the newest from there, through a local copy checked against
the same hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.config import Settings
from triage.errors import ModelError
from triage.offences.model import OffenceModel

PREFIX = "offences-"
FORMAT = 1


@dataclass(frozen=True)
class LoadedModel:
    model: OffenceModel
    manifest: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def source(self) -> str:
        """The evidence source naming this model: ``model:offences-<version>``."""
        return f"model:{PREFIX}{self.version}"


def classifier_dir(settings: Settings) -> Path:
    return settings.data_dir / "classifiers"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(
    model: OffenceModel,
    folder: Path,
    *,
    data_hash: str,
    figures: dict[str, Any],
    n_items: int,
    now: dt.datetime | None = None,
) -> Path:
    """Write the artefact and its manifest; returns the manifest path."""
    import joblib

    created = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    version = f"{created:%Y%m%d%H%M%S}-{data_hash[:8]}"
    folder.mkdir(parents=True, exist_ok=True)
    artefact = folder / f"{PREFIX}{version}.joblib"
    joblib.dump(model, artefact)
    manifest = {
        "format": FORMAT,
        "kind": "offences",
        "version": version,
        "created": created.isoformat(),
        "training_data_sha256": data_hash,
        "training_items": n_items,
        "codes": model.codes,
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in model.params.items()},
        "figures": figures,
        "artefact": artefact.name,
        "artefact_sha256": _sha256(artefact),
    }
    path = folder / f"{PREFIX}{version}.json"
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return path


def load_model(manifest_path: Path) -> LoadedModel:
    """Load one artefact through its manifest, checking the hash first."""
    import joblib

    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        artefact = manifest_path.with_name(manifest["artefact"])
        expected = manifest["artefact_sha256"]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"offence model manifest {manifest_path.name} cannot be read: {exc}") from exc
    if not artefact.is_file() or _sha256(artefact) != expected:
        raise ModelError(f"offence model {artefact.name} is missing or does not match its manifest")
    model = joblib.load(artefact)
    if not isinstance(model, OffenceModel):
        raise ModelError(f"{artefact.name} is not an offence model")
    return LoadedModel(model, manifest)


def latest_manifest(folder: Path) -> Path | None:
    """The manifest of the newest artefact in ``folder`` (by its ``created`` time), if any."""
    best: tuple[str, Path] | None = None
    for path in folder.glob(f"{PREFIX}*.json"):
        try:
            created = str(json.loads(path.read_text(encoding="utf-8"))["created"])
        except (OSError, ValueError, KeyError):
            continue
        if best is None or (created, path.name) > (best[0], best[1].name):
            best = (created, path)
    return None if best is None else best[1]


def load_latest(settings: Settings) -> LoadedModel | None:
    """The newest trained model, or None when none has been trained (terms only then)."""
    if settings.scale_out:
        return _load_published(settings)
    path = latest_manifest(classifier_dir(settings))
    return None if path is None else load_model(path)


def publish(settings: Settings, manifest_path: Path) -> None:
    """Put a saved artefact into the shared database, where every host's workers find it."""
    from triage.storage.db import Database
    from triage.storage.tables import Artefact

    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    content = manifest_path.with_name(manifest["artefact"]).read_bytes()
    if hashlib.sha256(content).hexdigest() != manifest["artefact_sha256"]:
        raise ModelError(f"offence model {manifest['artefact']} does not match its manifest")
    db = Database(settings)
    try:
        with db.session() as session:
            session.add(Artefact(kind="offences", version=manifest["version"], manifest=manifest, content=content,
                                 sha256=manifest["artefact_sha256"]))  # fmt: skip
            session.commit()
    finally:
        db.dispose()


def _load_published(settings: Settings) -> LoadedModel | None:
    from sqlalchemy import select

    from triage.storage.db import Database
    from triage.storage.tables import Artefact

    db = Database(settings, migrate=False)
    try:
        with db.session() as session:
            row = session.scalars(
                select(Artefact).where(Artefact.kind == "offences").order_by(Artefact.created_at.desc()).limit(1)
            ).first()
            if row is None:
                return None
            cache = classifier_dir(settings) / "published"
            cache.mkdir(parents=True, exist_ok=True)
            (cache / str(row.manifest["artefact"])).write_bytes(row.content)
            manifest = cache / f"{PREFIX}{row.version}.json"
            manifest.write_text(json.dumps(row.manifest), encoding="utf-8")
    finally:
        db.dispose()
    return load_model(manifest)
