"""The false-friend check of the word lists (scripts/term_collisions.py): what it reports and refuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import load_file

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "term_collisions.py"


def test_a_stem_or_a_folded_word_inside_a_common_word_is_reported() -> None:
    hits = load_file(SCRIPT).hits
    words = {"genom": "genom", "genomfora": "genomföra", "olsun": "olsun", "hospital": "hospital"}
    assert hits("genom*", words) == ["genom", "genomföra"]  # a stem: every word it opens
    assert hits("ölsün", words) == ["olsun"]  # a word that folding makes another
    assert hits("hospital", words) == []  # the word itself is no collision
    assert hits("DNA", {"dna": "dna"}) == []  # capitals match only capitals


def test_bad_arguments_are_refused_with_a_readable_error() -> None:
    for args, message in ((["nosuch"], "invalid choice"), (["offences", "--top", "0"], "must be 1 or more"),
                          (["offences", "--keys", "nosuchkey"], "no such key")):  # fmt: skip
        run = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False)
        assert run.returncode == 2 and message in run.stderr, (args, run.stderr)
