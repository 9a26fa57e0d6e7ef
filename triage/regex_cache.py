"""Compiled regular expressions kept on disk between processes, for the big static patterns.

Python compiles a regular expression in Python code (parse, optimise, emit the engine's
program) and keeps the result for one process only. Most patterns take microseconds, but a
few that libraries build at import take seconds: spaCy's French tokenizer compiles one
pattern of every elided and hyphenated form for 2 s in every worker, before the first French
item can be read (issue 11 asks for 3 s from process start to the first item).

Inside ``cached_compiles()``, a pattern that took longer than ``SLOW_COMPILE_S`` (or the
block's own ``slow``) to compile is stored with its program (the opcodes ``_sre.compile``
takes) in one file per interpreter and regex engine (``_sre.MAGIC``); the next process
builds the pattern from the stored program in milliseconds. The pattern object is the one
``re.compile`` would give: the engine checks the program on load, and a stored entry it
refuses, or any read error, falls back to a normal compile. Only code that compiles data
shipped with the service or its libraries runs inside the block, never patterns built from
a document: no personal data reaches the file. A pattern is found again by its source, so
the code that builds one must give the same source in every process (no set order in it).
"""

from __future__ import annotations

import logging
import marshal
import os
import re
import sys
import tempfile
import threading
import time
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: A pattern whose compilation took longer than this is worth a place in the file.
SLOW_COMPILE_S = 0.02
#: The interpreters whose ``re`` internals this module was written against (3.11 to 3.13).
SUPPORTED = ((3, 11), (3, 12), (3, 13))

_lock = threading.RLock()
#: The program is kept as the bytes of an unsigned-int array: marshal writes and reads a list
#: of a million ints ten times slower than the same bytes.
_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


def default_dir() -> Path:
    """``$XDG_CACHE_HOME/mla-triage`` (``~/.cache/mla-triage``): per user, outside any data folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mla-triage"


@lru_cache(maxsize=1)
def _engine() -> tuple[Any, Any, Any] | None:
    """``re``'s private compiler, parser and engine, where this module knows their shape."""
    if sys.version_info[:2] not in SUPPORTED:
        return None
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _compiler, _parser, _sre


class RegexCache:
    """One file of stored programs, read once, written back when a block added entries."""

    def __init__(self, folder: Path) -> None:
        engine = _engine()
        magic = getattr(engine[2], "MAGIC", 0) if engine is not None else 0
        self.path = folder / f"regex-py{sys.version_info[0]}{sys.version_info[1]}-{magic}.marshal"
        self.entries: dict[tuple[str, int], _Entry] | None = None
        self.added = 0
        self.hits = 0
        #: Why the file could not be read or written, if it could not (``triage prepare`` says it).
        self.problem: str | None = None

    def _load(self) -> dict[tuple[str, int], _Entry]:
        if self.entries is None:
            self.entries = {}
            try:
                data = marshal.loads(self.path.read_bytes())
                if isinstance(data, dict):
                    self.entries = data
            except FileNotFoundError:
                pass
            except (OSError, ValueError, EOFError, TypeError) as exc:
                self.problem = f"{self.path} unreadable ({exc})"
                log.warning("regex cache %s: patterns are compiled afresh", self.problem)
        return self.entries

    def compile(self, pattern: Any, flags: int, original: Any, slow: float = SLOW_COMPILE_S) -> Any:
        """What ``re._compiler.compile`` returns, taken from the file when it holds the pattern."""
        engine = _engine()
        if engine is None or not isinstance(pattern, str):
            return original(pattern, flags)
        _compiler, _parser, _sre = engine
        key = (pattern, int(flags))
        entries = self._load()
        entry = entries.get(key)
        if entry is not None:
            try:
                compiled = _built(_sre, pattern, entry)
                self.hits += 1
                return compiled
            except (RuntimeError, TypeError, ValueError):  # a program the engine refuses
                del entries[key]
        started = time.perf_counter()
        try:
            entry = _program(pattern, flags, _compiler, _parser)
            compiled = _built(_sre, pattern, entry)
        except re.error:
            raise
        except Exception:  # internals not as expected (another Python): compile as re does
            return original(pattern, flags)
        if time.perf_counter() - started >= slow:
            entries[key] = entry
            self.added += 1
        return compiled

    def stored(self, pattern: str, flags: int = 0) -> re.Pattern[str] | None:
        """The stored pattern, built without the lock or the patched compiler, or None: for
        many small static patterns compiled one at a time on first use (offence terms), which
        ``triage prepare`` stored ahead inside a block."""
        engine = _engine()
        if engine is None:
            return None
        with _lock:
            entry = self._load().get((pattern, int(flags)))
        if entry is None:
            return None
        try:
            compiled: re.Pattern[str] = _built(engine[2], pattern, entry)
        except (RuntimeError, TypeError, ValueError):
            return None
        self.hits += 1
        return compiled

    def clear(self) -> None:
        """Forget every stored program, on disk too: the patterns of lists since edited would
        otherwise stay in the file for good."""
        with _lock:
            self.entries, self.added = {}, 0
            try:
                self.path.unlink(missing_ok=True)
            except OSError as exc:
                self.problem = f"{self.path} not removed ({exc})"

    def save(self) -> None:
        """Write the file atomically (private to the user); a read-only home only costs speed."""
        if not self.added or self.entries is None:
            return
        tmp = None
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".regex-")
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(self.entries, fh)
            os.replace(tmp, self.path)
            tmp = None
            self.added = 0
        except (OSError, ValueError) as exc:
            self.problem = f"{self.path} not written ({exc})"
            log.info("regex cache %s: the next start compiles again", self.problem)
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


def _built(sre: Any, pattern: str, entry: _Entry) -> Any:
    """The pattern object of a stored program (the engine checks it, and may refuse it)."""
    flags, code, groups, groupindex, indexgroup = entry
    return sre.compile(pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup)


def _program(pattern: str, flags: int, _compiler: Any, _parser: Any) -> _Entry:
    """What ``re._compiler.compile`` hands to ``_sre.compile``, in a form ``marshal`` writes."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    final_flags = int(flags | parsed.state.flags)
    return final_flags, array("I", code).tobytes(), parsed.state.groups - 1, groupindex, tuple(indexgroup)


_caches: dict[Path, RegexCache] = {}


def cache_for(folder: Path | None = None) -> RegexCache:
    """This process's cache for ``folder`` (default: ``default_dir()``), read once."""
    folder = folder or default_dir()
    return _caches.setdefault(folder, RegexCache(folder))


@contextmanager
def cached_compiles(folder: Path | None = None, slow: float = SLOW_COMPILE_S) -> Iterator[RegexCache]:
    """Inside the block, compilations slower than ``slow`` seconds come from (and go to) the
    cache in ``folder``.

    Meant for loading static data (a spaCy pipeline, term lists); the block holds a lock so
    that only its own thread's compilations are cached. A lower ``slow`` suits a block that
    compiles many middling patterns (a language's cue lists: thirty of 5 to 20 ms each).
    """
    with _lock:
        cache = cache_for(folder)
        engine = _engine()
        if engine is None:
            yield cache
            return
        _compiler = engine[0]
        original = _compiler.compile
        owner = threading.get_ident()

        def compile_(pattern: Any, flags: int = 0) -> Any:
            if threading.get_ident() != owner:
                return original(pattern, flags)
            return cache.compile(pattern, flags, original, slow)

        _compiler.compile = compile_
        try:
            yield cache
        finally:
            _compiler.compile = original
            cache.save()


def clear_memory() -> None:
    """Forget the files read (tests use it to start as a new process would)."""
    _caches.clear()
    re.purge()
