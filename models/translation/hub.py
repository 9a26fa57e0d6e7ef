"""``pull``: fetch a model from the Hugging Face Hub on a connected machine, then install it.

For operators only (``triage models pull``); the service never calls this. With
``HF_HUB_OFFLINE=1`` huggingface_hub serves the repo from its local cache instead, which is
how a cache folder copied from a connected machine is installed offline.
"""

from __future__ import annotations

from pathlib import Path

from models.translation.manifest import ModelEntry, Progress
from models.translation.registry import InstallRequest, ModelRegistry
from triage.errors import ModelError

# Only what translation needs; skips the other frameworks' weights (tf, flax, rust).
ALLOW_PATTERNS = ["*.json", "*.spm", "*.model", "*.safetensors", "*.txt", "*.md", "pytorch_model.bin"]


def pull(
    registry: ModelRegistry,
    repo_id: str,
    revision: str | None = None,
    cache_dir: Path | None = None,
    name: str | None = None,
    licence: str | None = None,
    progress: Progress | None = None,
) -> ModelEntry:
    """Download (or take from the hub cache) ``repo_id`` and install it under ``name``."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:
        raise ModelError(f"pull needs huggingface_hub (the optional 'translate' extra): {exc}") from exc
    try:
        folder = snapshot_download(
            repo_id,
            revision=revision,
            cache_dir=str(cache_dir) if cache_dir else None,
            allow_patterns=ALLOW_PATTERNS,
        )
    except Exception as exc:  # the hub raises many types (network, auth, offline cache miss)
        raise ModelError(f"cannot fetch {repo_id!r}: {type(exc).__name__}: {exc}") from exc
    request = InstallRequest(
        source=Path(folder),
        name=name or repo_id.split("/")[-1],
        licence=licence,
        origin=f"hf:{repo_id}@{revision or 'main'}",
    )
    return registry.install(request, progress)
