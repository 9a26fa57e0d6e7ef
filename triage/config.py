"""All settings in one place: environment variables with the TRIAGE_ prefix, validated once.

No other module reads ``os.environ``; components take a ``Settings`` object.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from triage.vocabulary import ItemKind

#: Retention when ``retention_days`` names no period for a kind: ten years.
DEFAULT_RETENTION_DAYS = 3650


class Settings(BaseSettings):
    """Service settings; defaults give the embedded mode (SQLite and a local blob folder)."""

    model_config = SettingsConfigDict(env_prefix="TRIAGE_", env_file=None, extra="ignore")

    data_dir: Path = Field(Path("data"), description="Folder for the SQLite file, blobs and reports.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default: sqlite file under data_dir."
    )
    models_dir: Path | None = Field(None, description="Installed models; default: data_dir/models.")
    blobs_dir: Path | None = Field(
        None, description="Original files, content-addressed; default: data_dir/blobs. Shared storage in scale-out."
    )
    working_language: str = Field("en", description="ISO 639-1 code that items are translated into.")
    workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1, ge=1, le=256,
        description="Worker processes of the embedded pool (triage process, triage serve) and of triage worker.",
    )  # fmt: skip

    # Ingestion guards: each trip becomes an item in an error state with this reason.
    max_file_bytes: int = Field(200 * 1024 * 1024, ge=1, description="Largest file processed (bigger: an error item).")
    file_time_limit_s: float = Field(120.0, gt=0, description="Time limit of reading one file (its worker is stopped).")
    max_archive_depth: int = Field(5, ge=0, description="Deepest nesting of containers that is opened.")
    max_archive_members: int = Field(10_000, ge=1, description="Most members one container may have.")
    max_expanded_bytes: int = Field(
        2 * 1024 * 1024 * 1024, ge=1, description="Most bytes one container may expand to (zip bombs)."
    )
    max_items_per_upload: int = Field(
        100_000, ge=1, description="Most items one submitted file may expand into, all nesting levels together."
    )
    max_tree_bytes: int = Field(
        20 * 1024 * 1024 * 1024, ge=1,
        description="Most bytes the members of one submitted file may add up to, all nesting levels together.",
    )  # fmt: skip
    max_tree_seconds: float = Field(
        4 * 3600.0, gt=0,
        description="Most seconds of work one submitted file may take, all its members together (42.zip).",
    )  # fmt: skip
    max_xml_part_bytes: int = Field(
        64 * 1024 * 1024, ge=1,
        description="Largest XML part of an office document (DOCX, ODT) parsed; a bigger one is an error item.",
    )  # fmt: skip
    worker_memory_mb: int = Field(
        3072, ge=0,
        description="Memory (heap and private mappings, MiB) of one worker process; over it the item is an "
        "error item and the worker lives on. 0: no limit.",
    )  # fmt: skip
    max_text_chars: int = Field(5_000_000, ge=1, description="Longest text kept of one item.")
    ocr_dpi: int = Field(300, ge=72, le=600, description="Resolution scanned PDF pages are rendered at for OCR.")
    # Tesseract's OpenMP threads fight over the cores when several workers OCR at once; one
    # thread per process was 3x faster on a busy 2-core machine.
    ocr_threads: int = Field(1, ge=1, le=64, description="Threads per Tesseract run (1 is fastest per core).")
    cache_dir: Path | None = Field(
        None,
        description="Where what is slow to build is kept between starts (compiled patterns of spaCy's French "
        "tokenizer, name and inflection tables of the languages); default: ~/.cache/mla-triage.",
    )

    # Minimisation
    minimisation_policy: Path | None = Field(None, description="YAML policy; default: the shipped one.")
    pseudonym_key: SecretStr | None = Field(
        None, description="Key of the pseudonym hash; default: a random key kept in data_dir/pseudonym.key."
    )

    # Translation (backends live in models/translation)
    translation_device: str = Field("auto", pattern="^(auto|cpu|cuda)$", description="auto, cpu or cuda.")
    translation_threads: int = Field(0, ge=0, description="CPU threads for translation; 0 = all cores.")
    translation_beam_size: int = Field(0, ge=0, description="0 = the backend's default.")
    translation_compute_type: str = Field("", description="e.g. int8, float16; empty = the backend's default.")

    # Service: API, workers, accounts, audit, retention
    broker_url: str | None = Field(
        None, description="Celery broker (redis://... or amqp://...); unset = the embedded in-process pool."
    )
    queue_prefix: str = Field(
        "", pattern=r"^[A-Za-z0-9_.-]*$", description="Prefix of the Celery queue names (several installations)."
    )
    task_time_limit_s: float = Field(
        600.0, gt=0, description="Time limit of one translation or analysis task (extraction: file_time_limit_s)."
    )
    max_attempts: int = Field(3, ge=1, le=20, description="Tries of an item whose worker died before giving up.")
    sweep_interval_s: float = Field(30.0, gt=0, description="How often workers look for items left behind.")
    redispatch_after_s: float = Field(
        900.0, gt=0, description="A queued item nobody claimed for this long is sent to the queue again."
    )
    max_upload_bytes: int = Field(200 * 1024 * 1024, ge=1, description="Largest accepted HTTP upload.")
    callback_allowlist: list[str] = Field(
        default_factory=list, description="URL prefixes that completion callbacks may go to (JSON list)."
    )
    callback_secret: SecretStr | None = Field(None, description="HMAC-SHA256 key that signs callback payloads.")
    callback_max_attempts: int = Field(8, ge=1, le=50, description="Tries of a callback before it is given up.")
    callback_backoff_s: float = Field(5.0, gt=0, description="First retry delay of a callback; doubles each time.")
    callback_timeout_s: float = Field(10.0, gt=0, description="How long one callback attempt may take.")
    retention_days: dict[ItemKind, int] = Field(
        default_factory=dict,
        description=f"Days an item is kept, per kind (JSON object); kinds not named: {DEFAULT_RETENTION_DAYS}.",
    )
    export_requires_review: bool = Field(
        True, description="Refuse a final export of an item nobody marked reviewed (drafts are always allowed)."
    )
    session_idle_minutes: int = Field(
        30, ge=1, le=24 * 60, description="A web page session ends after this long without a request."
    )
    session_max_hours: int = Field(10, ge=1, le=72, description="A web page session ends this long after sign-in.")
    cookie_secure: str = Field(
        "auto", pattern="^(auto|always)$",
        description="Session cookies marked Secure: always, or auto (all but plain HTTP on the loopback address).",
    )  # fmt: skip
    signin_max_failures: int = Field(
        5, ge=1, le=100, description="Wrong passwords in a row before a user's sign-in is locked for a while."
    )
    signin_lockout_minutes: int = Field(15, ge=1, le=24 * 60, description="How long a locked sign-in stays locked.")
    first_user_password: SecretStr | None = Field(
        None,
        description="Password of the first account (user 'admin', role supervisor) when there is none; "
        "without it a one-time password is printed and must be changed at first sign-in.",
    )
    pdf_font: Path | None = Field(
        None, description="TrueType font of the PDF export; default: DejaVu Sans from the system's fonts."
    )
    embedded_workers: bool = Field(
        True, description="`triage serve` without a broker processes items in a pool of its own."
    )

    @field_validator("working_language")
    @classmethod
    def _two_letter(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha():
            raise ValueError(f"working_language must be an ISO 639-1 code such as 'en', got {value!r}")
        return value.lower()

    @field_validator("retention_days")
    @classmethod
    def _positive_days(cls, value: dict[ItemKind, int]) -> dict[ItemKind, int]:
        bad = sorted(str(kind) for kind, days in value.items() if days < 1)
        if bad:
            raise ValueError(f"retention_days must be at least 1 day; check {bad}")
        return value

    @field_validator("callback_allowlist")
    @classmethod
    def _http_prefixes(cls, value: list[str]) -> list[str]:
        bad = [url for url in value if not url.startswith(("http://", "https://")) or url.count("/") < 3]
        if bad:
            raise ValueError(f"callback_allowlist entries must be http(s)://host/... prefixes; check {bad}")
        return value

    @model_validator(mode="after")
    def _scale_out_shares_state(self) -> Settings:
        """With a broker, several hosts work on one installation: nothing they share may be host-local."""
        if self.callback_allowlist and self.callback_secret is None:
            raise ValueError("callback_allowlist is set but callback_secret is not: callbacks must be signed")
        if not self.scale_out:
            return self
        problems = []
        if self.resolved_database_url.startswith("sqlite"):
            problems.append("TRIAGE_DATABASE_URL must name a server database (PostgreSQL), not SQLite")
        if self.pseudonym_key is None:
            problems.append("TRIAGE_PSEUDONYM_KEY must be set, the same on every host (pseudonyms must agree)")
        if self.blobs_dir is None:
            problems.append("TRIAGE_BLOBS_DIR must name the blob folder on storage every host mounts")
        if problems:
            raise ValueError("scale-out (TRIAGE_BROKER_URL is set) needs: " + "; ".join(problems))
        return self

    @property
    def scale_out(self) -> bool:
        """Tasks go through a broker to workers that may run on other hosts."""
        return self.broker_url is not None

    def retention_for(self, kind: str | None) -> int:
        try:
            return self.retention_days.get(ItemKind(kind or ItemKind.OTHER), DEFAULT_RETENTION_DAYS)
        except ValueError:
            return DEFAULT_RETENTION_DAYS

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'triage.sqlite3').resolve()}"

    @property
    def blob_dir(self) -> Path:
        return self.blobs_dir or self.data_dir / "blobs"

    @property
    def resolved_models_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
