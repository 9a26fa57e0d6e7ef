"""The translation memory is keyed by model and by (languages, text)."""

from __future__ import annotations

from pathlib import Path

from triage.translate.memory import TranslationMemory, memory_key


def test_round_trip_and_model_isolation(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    key = memory_key("fr", "en", "bonjour")
    memory.put_many("model-a@1", {key: "hello"})
    assert memory.get_many("model-a@1", [key]) == {key: "hello"}
    assert memory.get_many("model-b@1", [key]) == {}
    memory.close()
    reopened = TranslationMemory(tmp_path / "tm.sqlite3")
    assert reopened.get_many("model-a@1", [key, "missing"]) == {key: "hello"}
    reopened.close()


def test_key_depends_on_languages_and_text() -> None:
    keys = {
        memory_key("fr", "en", "a"),
        memory_key("fr", "de", "a"),
        memory_key("it", "en", "a"),
        memory_key("fr", "en", "b"),
    }
    assert len(keys) == 4
