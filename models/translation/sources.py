"""Turning what an operator brings (folder, archive, Hugging Face cache) into a model folder.

Archives are extracted with the same care as evidence: no absolute paths, no ``..``, no
links or devices, bounded size. A Hugging Face cache folder (``models--org--name`` with
``refs/`` and ``snapshots/``) resolves to the snapshot that ``refs/main`` names.
"""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path, PurePosixPath

from triage.errors import InvalidInput, ModelError

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
MAX_EXPANDED_BYTES = 64 * 1024**3


def is_archive(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(ARCHIVE_SUFFIXES)


def _safe_member(name: str) -> PurePosixPath:
    member = PurePosixPath(name)
    if member.is_absolute() or ".." in member.parts:
        raise ModelError(f"archive member {name!r} escapes the archive folder; refusing to install")
    return member


def extract_archive(archive: Path, into: Path) -> Path:
    """Extract ``archive`` into ``into`` safely; return the model folder inside it."""
    try:
        return _extract(archive, into)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        raise ModelError(f"archive {archive.name} cannot be read ({type(exc).__name__}: {exc})") from exc


def _extract(archive: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    expanded = 0
    if archive.name.lower().endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                _safe_member(info.filename)
                expanded += info.file_size
                if expanded > MAX_EXPANDED_BYTES:
                    raise ModelError(f"archive {archive.name} expands past {MAX_EXPANDED_BYTES} bytes")
            zf.extractall(into)
    else:
        with tarfile.open(archive) as tf:
            members = tf.getmembers()
            for member in members:
                _safe_member(member.name)
                if not (member.isfile() or member.isdir()):
                    raise ModelError(f"archive member {member.name!r} is a link or device; refusing")
                expanded += member.size
                if expanded > MAX_EXPANDED_BYTES:
                    raise ModelError(f"archive {archive.name} expands past {MAX_EXPANDED_BYTES} bytes")
            tf.extractall(into, members=members, filter="data")
    return _single_root(into)


def _single_root(folder: Path) -> Path:
    """An archive of one top folder yields that folder; otherwise the extraction folder itself."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return folder


def is_hf_cache_repo(folder: Path) -> bool:
    return (folder / "snapshots").is_dir() and folder.name.startswith("models--")


def hf_cache_snapshot(folder: Path, revision: str = "main") -> Path:
    """The snapshot folder of a cached hub repo (``refs/<revision>``, else the only snapshot)."""
    ref = folder / "refs" / revision
    if ref.is_file():
        snap = folder / "snapshots" / ref.read_text(encoding="utf-8").strip()
        if snap.is_dir():
            return snap
    snaps = sorted(p for p in (folder / "snapshots").iterdir() if p.is_dir())
    if len(snaps) == 1:
        return snaps[0]
    raise ModelError(f"cannot tell which snapshot of {folder.name} to install: {[s.name for s in snaps]}")


def hf_repo_name(folder: Path) -> str:
    """``models--Helsinki-NLP--opus-mt-fr-en`` -> ``opus-mt-fr-en``."""
    return folder.name.split("--")[-1]


def resolve_model_folder(path: Path, staging: Path) -> tuple[Path, str]:
    """The folder holding the model files, and a default name for it."""
    if not path.exists():
        raise InvalidInput(f"{path} does not exist; give a model folder or an archive ({', '.join(ARCHIVE_SUFFIXES)})")
    if is_archive(path):
        folder = extract_archive(path, staging)
        name = folder.name if folder != staging else path.name.split(".")[0]
    elif path.is_dir():
        folder, name = path, path.name
    else:
        raise InvalidInput(f"{path.name} is neither a folder nor an archive ({', '.join(ARCHIVE_SUFFIXES)})")
    if is_hf_cache_repo(folder):
        return hf_cache_snapshot(folder), hf_repo_name(folder)
    if folder.parent.name == "snapshots" and is_hf_cache_repo(folder.parent.parent):
        return folder, hf_repo_name(folder.parent.parent)  # a snapshot folder itself
    return folder, name
