"""All settings in one place: environment variables with the TRIAGE_ prefix, validated once.

No other module reads ``os.environ``; components take a ``Settings`` object.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Service settings; defaults give the embedded mode (SQLite and a local blob folder)."""

    model_config = SettingsConfigDict(env_prefix="TRIAGE_", env_file=None, extra="ignore")

    data_dir: Path = Field(Path("data"), description="Folder for the SQLite file, blobs and reports.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default: sqlite file under data_dir."
    )
    models_dir: Path | None = Field(None, description="Installed models; default: data_dir/models.")
    working_language: str = Field("en", description="ISO 639-1 code that items are translated into.")
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=256)

    # Ingestion guards: each trip becomes an item in an error state with this reason.
    max_file_bytes: int = Field(200 * 1024 * 1024, ge=1)
    file_time_limit_s: float = Field(120.0, gt=0)
    max_archive_depth: int = Field(5, ge=0)
    max_archive_members: int = Field(10_000, ge=1)
    max_expanded_bytes: int = Field(2 * 1024 * 1024 * 1024, ge=1)
    max_items_per_upload: int = Field(
        100_000, ge=1, description="Most items one submitted file may expand into, all nesting levels together."
    )
    max_text_chars: int = Field(5_000_000, ge=1)
    ocr_dpi: int = Field(300, ge=72, le=600)
    # Tesseract's OpenMP threads fight over the cores when several workers OCR at once; one
    # thread per process was 3x faster on a busy 2-core machine.
    ocr_threads: int = Field(1, ge=1, le=64, description="Threads per Tesseract run (1 is fastest per core).")

    # Minimisation
    minimisation_policy: Path | None = Field(None, description="YAML policy; default: the shipped one.")
    pseudonym_key: SecretStr | None = Field(
        None, description="Key of the pseudonym hash; default: a random key kept in data_dir/pseudonym.key."
    )

    # Translation (backends live in models/translation)
    translation_device: str = Field("auto", pattern="^(auto|cpu|cuda)$")
    translation_threads: int = Field(0, ge=0, description="CPU threads for translation; 0 = all cores.")
    translation_beam_size: int = Field(0, ge=0, description="0 = the backend's default.")
    translation_compute_type: str = Field("", description="e.g. int8, float16; empty = the backend's default.")

    @field_validator("working_language")
    @classmethod
    def _two_letter(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha():
            raise ValueError(f"working_language must be an ISO 639-1 code such as 'en', got {value!r}")
        return value.lower()

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'triage.sqlite3').resolve()}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def resolved_models_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
