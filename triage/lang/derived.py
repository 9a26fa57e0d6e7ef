"""Word data derived from bundled dictionaries, worked out once and kept in the cache folder.

Inflected forms (``lemmas.py``) and name lexicons (``triage/pii/name_lexicon.py``) both read
simplemma's dictionaries, which take up to 2.5 s and 400 MB each to load, and keep the small
sets they need as gzipped JSON in the cache folder (``TRIAGE_CACHE_DIR``, filled by ``triage
prepare``). This module holds what they share: the folder, the dictionaries, the keeping.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, suppress
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from triage.lang import files
from triage.regex_cache import RegexCache, cached_compiles, default_dir

log = logging.getLogger(__name__)

#: simplemma files Bosnian, Croatian, Montenegrin and Serbian under one code, wordfreq another.
SIMPLEMMA_CODES = {"hr": "hbs", "bs": "hbs", "sr": "hbs", "me": "hbs"}
WORDFREQ_CODES = {"hr": "sh", "bs": "sh", "sr": "sh", "me": "sh"}

T = TypeVar("T")


def simplemma_code(language: str) -> str:
    return SIMPLEMMA_CODES.get(language, language)


def wordfreq_code(language: str) -> str:
    return WORDFREQ_CODES.get(language, language)


def cache_folder() -> Path:
    """``TRIAGE_CACHE_DIR``, else ``~/.cache/mla-triage``."""
    from triage.config import get_settings  # lazy: settings read the environment

    return get_settings().cache_dir or default_dir()


def list_compiles() -> AbstractContextManager[RegexCache]:
    """The block in which term lists compile: every pattern is kept in the cache folder's regex
    cache, not only the slow ones (one takes a millisecond, a language's lists hundreds)."""
    return cached_compiles(cache_folder(), slow=0.0)


#: The modules that turn a word list into regex sources (with simplemma's version: the
#: inflected forms): a change to any of them changes what ``kept_lists`` keeps.
COMPILER_MODULES = ("terms.py", "fold.py", "lemmas.py", "files.py")


@lru_cache(maxsize=1)
def _compiler_digest() -> bytes:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(metadata.version("simplemma").encode())
    for name in COMPILER_MODULES:
        digest.update((here / name).read_bytes())
    return digest.digest()


def kept_lists(name: str, inputs: Iterable[Path], build: Callable[[], T]) -> T:
    """What ``build`` derives from the data files ``inputs`` (a language's term list, the code
    that reads it), kept in the cache folder under a digest of those files and of the term
    compiler; a changed file or compiler gives a new digest, and the old entry is removed.

    Why: parsing a language's YAML and writing its thousands of terms as regex sources takes
    0.05 to 0.2 s a language, in every process, before its first item; a batch in 16 languages
    spent 1 to 2 s on it. Reading the kept JSON takes a tenth of that.
    """
    digest = hashlib.sha256(_compiler_digest())
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    return kept(cache_folder() / f"{name}-{digest.hexdigest()[:24]}.json.gz", build, stale=f"{name}-*.json.gz")


def kept_file_lists(
    stage: str, language: str, compile_file: Callable[[dict[str, Any], Path], T], code: Iterable[Path]
) -> T | None:
    """``compile_file(raw, path)`` of ``language``'s file for ``stage``, kept (``kept_lists``)
    under a digest of the file and of ``code`` (the modules that read it); None without a file."""
    if not files.has(language, stage):
        return None
    path = files.path_of(language, stage)

    def build() -> T | None:
        raw = files.read(language, stage)
        return compile_file(raw, path) if raw else None

    return kept_lists(f"{stage}-{language}", [path, *code], build)


def dictionary(code: str) -> dict[bytes, bytes]:
    """simplemma's form -> lemma table for a simplemma code; empty where it has none.

    Read through simplemma's loader directly (its public API answers one word at a time and
    keeps whole dictionaries in memory), hence the narrow version range in pyproject.toml.
    """
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    try:
        return dict(_load_dictionary_from_disk(code))
    except ValueError:  # simplemma has no dictionary for this language
        return {}


def kept(path: Path, build: Callable[[], T], stale: str | None = None) -> T:
    """The JSON kept at ``path``, or ``build()`` kept there (and the files matching the glob
    ``stale`` beside it removed: earlier versions). A folder that cannot be written only costs
    the next process the build again. The file is written whole under another name and then
    renamed, so a worker starting beside the writer reads all of it or none."""
    try:
        data: T = json.loads(gzip.decompress(path.read_bytes()))
        return data
    except (OSError, EOFError, ValueError):
        pass
    data = build()
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(stale) if stale else ():
            old.unlink(missing_ok=True)
        partial.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False).encode(), compresslevel=1))
        os.replace(partial, path)
    except OSError as exc:
        log.warning("%s not kept in %s: %s", path.name, path.parent, exc)
        with suppress(OSError):
            partial.unlink()
    return data
