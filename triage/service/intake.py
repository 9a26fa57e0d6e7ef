"""Intake: every file, upload or text that reaches the service becomes a stored, hashed item.

Nothing is dropped: a file that cannot be read becomes an item in an error state that says
why. The same bytes are stored once and are one item (each arrival is added to its chain of
custody). A client's ``Idempotency-Key`` with the same request gives the same item; with a
different request it is refused, and nothing changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.errors import Conflict, InvalidInput
from triage.names import display_name
from triage.storage import repository
from triage.storage.blobs import BlobStore, NotRegularFile, file_kind
from triage.storage.repository import Arrival
from triage.storage.tables import Batch, IdempotencyKey, Item, now
from triage.vocabulary import ItemStatus


@dataclass(frozen=True)
class Found:
    """A path met by the folder walk, and why it is not read when it is refused."""

    path: Path
    refused: str | None = None


def walk(paths: list[Path]) -> Iterator[Found]:
    """Every entry under ``paths`` in a stable order; nothing is left out without a reason.

    A path named on the command line is taken as given (even through a link). Inside a
    submitted folder, a link is followed only to a regular file inside that folder: a link
    out of the tree could pull a host's files into the evidence, and a link to a device or a
    FIFO would never end. Those, and anything that is not a regular file, come back with
    the reason they are refused, so each becomes an error item.
    """
    for path in paths:
        if not path.is_dir():
            yield Found(path)
            continue
        root = path.resolve()
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            for name in sorted(d for d in dirs if (here / d).is_symlink()):
                yield Found(here / name, "symbolic link to a folder: not followed")
            dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
            for name in sorted(files):
                yield _entry(root, here / name)


def _entry(root: Path, path: Path) -> Found:
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            target = path.resolve()
            if not target.is_relative_to(root):
                return Found(path, "symbolic link pointing outside the submitted folder: not followed")
            mode = target.stat().st_mode
    except (OSError, RuntimeError) as exc:  # a broken link, a loop
        return Found(path, f"cannot follow: {getattr(exc, 'strerror', None) or exc}")
    if not stat.S_ISREG(mode):
        return Found(path, f"not a regular file ({file_kind(mode)}): not read")
    return Found(path)


#: Every ISO 639-1 code: a declared language may be one the triage has no rules for (it says so),
#: but not a code that names no language (a typo would be stored and trusted).
ISO_639_1 = frozenset(
    (
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh", "bi", "bm",
        "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee",
        "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu",
        "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is",
        "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw",
        "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms",
        "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nv", "ny", "oc", "oj", "om", "or", "os", "pa",
        "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
        "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn",
        "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo",
        "za", "zh", "zu"
    )
)


def check_language(code: str | None) -> str | None:
    if code is None:
        return None
    if code.lower() not in ISO_639_1:
        raise InvalidInput(f"language must be an ISO 639-1 code such as 'fr' or 'pl', got {code!r}")
    return code.lower()


def check_callback(settings: Settings, url: str | None) -> str | None:
    """A callback URL is accepted only under a prefix of the allow-list (nothing leaves otherwise)."""
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.fragment:
        raise InvalidInput("callback_url must be a plain http(s) URL without credentials or fragment")
    if not any(url.startswith(prefix) for prefix in settings.callback_allowlist):
        raise InvalidInput(
            "callback_url is not in the allow-list of this installation (TRIAGE_CALLBACK_ALLOWLIST)"
        )
    return url


def fingerprint(**fields: Any) -> str:
    """A digest of a request's meaning, for comparing idempotent retries."""
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def register_path(
    session: Session, found: Found, *, settings: Settings, blobs: BlobStore, arrival: Arrival
) -> tuple[Item, bool]:
    """Store and register one entry of a dump; returns the item and whether it is new."""
    name = display_name(found.path.name)
    reason = found.refused
    if reason is None:
        try:
            sha, size = blobs.put_file(found.path)
        except OSError as exc:
            reason = str(exc) if isinstance(exc, NotRegularFile) else f"cannot read file: {exc.strerror or exc}"
        else:
            item, created = repository.intake(session, sha256=sha, size=size, filename=name, arrival=arrival)
            if created and size > settings.max_file_bytes:
                _refuse(item, "intake", f"file of {size} bytes is over the limit of {settings.max_file_bytes}")
            return item, created
    # Nothing was read: the item stands for the entry itself, named by a note of what was refused.
    note = blobs.put_bytes(f"refused at intake: {arrival.source}\n{reason}\n".encode())
    item, created = repository.intake(session, sha256=note, size=0, filename=name, arrival=arrival)
    if created:
        _refuse(item, "intake", reason)
    return item, created


def register_blob(
    session: Session, sha256: str, size: int, filename: str | None, *, settings: Settings, arrival: Arrival
) -> tuple[Item, bool]:
    """Register bytes already in the blob store (an upload, a text)."""
    check_callback(settings, arrival.callback_url)
    item, created = repository.intake(session, sha256=sha256, size=size, filename=filename, arrival=arrival)
    if created and size > settings.max_file_bytes:
        _refuse(item, "intake", f"file of {size} bytes is over the limit of {settings.max_file_bytes}")
    return item, created


def store_text(blobs: BlobStore, text: str, settings: Settings) -> tuple[str, int]:
    data = text.encode("utf-8")
    if len(data) > settings.max_upload_bytes:
        raise InvalidInput(f"the text is larger than the limit of {settings.max_upload_bytes} bytes")
    if len(text) > settings.max_text_chars:
        raise InvalidInput(f"the text is longer than the limit of {settings.max_text_chars} characters")
    return blobs.put_bytes(data), len(data)


@dataclass(frozen=True)
class Registered:
    item: Item
    created: bool
    batch_id: str | None = None


def idempotent(
    session: Session, principal: str, key: str | None, request_hash: str, register: Callable[[], Registered]
) -> Registered:
    """Run ``register`` once per (principal, key); a retry with the same request gets the same item.

    The caller commits. A key reused for a different request is a ``Conflict`` and registers
    nothing. Two retries racing each other meet at the key's primary key: the loser rolls
    back and answers with the winner's item.
    """
    if key is None:
        return register()
    if not 1 <= len(key) <= 255:
        raise InvalidInput("Idempotency-Key must be 1 to 255 characters")
    known = _known(session, principal, key, request_hash)
    if known is not None:
        return known
    done = register()
    session.add(
        IdempotencyKey(
            principal=principal, key=key, request_hash=request_hash, item_id=done.item.id, batch_id=done.batch_id
        )
    )
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        known = _known(session, principal, key, request_hash)
        if known is None:
            raise
        return known
    return done


def _known(session: Session, principal: str, key: str, request_hash: str) -> Registered | None:
    row = session.get(IdempotencyKey, (principal, key))
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise Conflict("this Idempotency-Key was used before with a different request; use a new key")
    item = session.get(Item, row.item_id) if row.item_id else None
    if item is None:
        raise Conflict("this Idempotency-Key names an item that no longer exists; use a new key")
    return Registered(item, False, row.batch_id)


def new_batch(session: Session, *, submitter: str | None, paths: list[str]) -> Batch:
    batch = Batch(paths=paths, submitter=submitter)
    session.add(batch)
    session.flush()
    return batch


def _refuse(item: Item, stage: str, reason: str) -> None:
    item.status, item.error_stage, item.error = ItemStatus.ERROR, stage, reason
    item.next_stage, item.finished_at = None, now()
