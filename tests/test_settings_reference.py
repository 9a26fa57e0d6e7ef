"""The README's configuration reference is the one the code makes: every setting, its default, its meaning."""

from __future__ import annotations

from pathlib import Path

from triage.config import Settings
from triage.settings_reference import table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_carries_the_current_reference() -> None:
    reference = table()
    assert reference in README.read_text(encoding="utf-8"), "run: python -m triage.settings_reference"
    assert all(f"`TRIAGE_{name.upper()}`" in reference for name in Settings.model_fields)
    assert all(field.description for field in Settings.model_fields.values())
