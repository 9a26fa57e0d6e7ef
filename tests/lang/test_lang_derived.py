"""What the word lists compile to is kept in the cache folder, and rebuilt when a list changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from triage.lang import derived
from triage.lang.derived import kept_lists


def test_kept_lists_build_once_and_again_when_an_input_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setattr(derived, "cache_folder", lambda: cache)
    data = tmp_path / "terms.yaml"
    data.write_text("terms: [a]", encoding="utf-8")
    built: list[str] = []

    def build() -> dict[str, object]:
        built.append(data.read_text(encoding="utf-8"))
        return {"terms": built[-1], "weight": 0.5}

    assert kept_lists("offences-zz", [data], build) == {"terms": "terms: [a]", "weight": 0.5}
    assert kept_lists("offences-zz", [data], build) == {"terms": "terms: [a]", "weight": 0.5}
    assert len(built) == 1  # the second process reads what the first kept
    data.write_text("terms: [b]", encoding="utf-8")
    assert kept_lists("offences-zz", [data], build)["terms"] == "terms: [b]"
    assert len(built) == 2
    assert len(list(cache.glob("offences-zz-*.json.gz"))) == 1  # the earlier version's entry is gone
    assert sorted(p.name for p in cache.iterdir() if p.name.startswith(".")) == []  # no partial file left


def test_a_kept_entry_that_cannot_be_read_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(derived, "cache_folder", lambda: tmp_path)
    data = tmp_path / "terms.yaml"
    data.write_text("x", encoding="utf-8")
    kept_lists("urgency-zz", [data], lambda: [1])
    (entry,) = tmp_path.glob("urgency-zz-*.json.gz")
    entry.write_bytes(entry.read_bytes()[:10])  # cut short: a disk filled up while writing
    assert kept_lists("urgency-zz", [data], lambda: [2]) == [2]


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own, and no lexicon loaded in this process yet."""
    from triage.offences.lexicon import load_lexicon as offences
    from triage.protection.terms import load_table as protection
    from triage.urgency.lexicon import load_lexicon as urgency

    monkeypatch.setattr(derived, "cache_folder", lambda: tmp_path)
    for loader in (offences, protection, urgency):
        loader.cache_clear()
    yield tmp_path
    for loader in (offences, protection, urgency):
        loader.cache_clear()


def test_every_stages_lists_read_back_are_what_their_files_compile_to(empty_cache: Path) -> None:
    from triage.lang import files
    from triage.offences.lexicon import load_lexicon as offences
    from triage.offences.lexicon import parse_lexicon
    from triage.protection.terms import load_table as protection
    from triage.protection.terms import parse_table
    from triage.urgency.lexicon import load_lexicon as urgency

    built = urgency(("de",))
    offences("de"), protection("de")
    assert {p.name.split("-")[0] for p in empty_cache.glob("*.json.gz")} == {"offences", "protection", "urgency"}
    for loader in (offences, protection, urgency):
        loader.cache_clear()
    lexicon, table, cues = offences("de"), protection("de"), urgency(("de",))  # read back from the folder
    assert lexicon == parse_lexicon("de", files.read("de", "offences"), files.path_of("de", "offences"))
    assert lexicon is not None and any(t.openers for t in lexicon.terms) and lexicon.articles
    fresh = parse_table(files.read("de", "protection"), files.path_of("de", "protection"), "de")
    assert table is not None and table.model_dump() == fresh.model_dump()
    assert {k: p.pattern for k, p in cues.cues.items()} == {k: p.pattern for k, p in built.cues.items()}
    assert (cues.numbers, cues.units) == (built.numbers, built.units) and cues.units


def test_a_cache_folder_that_cannot_be_written_costs_a_build_not_the_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setattr(derived, "cache_folder", lambda: blocked)
    data = tmp_path / "terms.yaml"
    data.write_text("x", encoding="utf-8")
    assert kept_lists("offences-zz", [data], lambda: {"built": True}) == {"built": True}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder", "terms.yaml"]
