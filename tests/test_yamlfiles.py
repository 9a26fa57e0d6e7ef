"""The C parser reads every shipped data file exactly as PyYAML's Python parser does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from triage.yamlfiles import PythonWordLoader, SafeLoader, WordLoader, load_yaml

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = sorted(p for folder in ("triage", "models") for p in (ROOT / folder).rglob("*.yaml"))


def test_the_c_parser_is_used() -> None:
    assert SafeLoader is yaml.CSafeLoader  # libyaml is in PyYAML's wheels; without it start-up is slower


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_data_as_the_python_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # The C parser alone: a shipped file it refuses would be parsed twice at every start.
    assert yaml.load(text, Loader=SafeLoader) == yaml.load(text, Loader=yaml.SafeLoader)
    assert yaml.load(text, Loader=WordLoader) == yaml.load(text, Loader=PythonWordLoader)


def test_a_document_the_c_parser_refuses_is_read_by_the_python_parser() -> None:
    text = "keywords: [user name, ID:]"
    with pytest.raises(yaml.YAMLError):
        yaml.load(text, Loader=SafeLoader)
    assert load_yaml(text) == yaml.load(text, Loader=yaml.SafeLoader) == {"keywords": ["user name", {"ID": None}]}
    with pytest.raises(yaml.YAMLError):
        load_yaml("keywords: [unclosed")


def test_word_lists_keep_words_that_yaml_1_1_reads_as_booleans() -> None:
    assert load_yaml("negation: [no, off, on, yes]", WordLoader) == {"negation": ["no", "off", "on", "yes"]}
    assert load_yaml("negation: [no]") == {"negation": [False]}
