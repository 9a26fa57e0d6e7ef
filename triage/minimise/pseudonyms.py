"""Consistent pseudonyms: the same person gets the same pseudonym in an item and in a batch.

The pseudonym is derived from a keyed hash (HMAC-SHA256) of the normalised name, so that

* "Jean DUPONT", "Jean Dupont" and "jean  dupont" give one pseudonym (normalisation);
* every worker process of a batch, given the same key, gives the same pseudonym without
  sharing state;
* nothing stored with the output (the map holds digests and pseudonyms only) lets anyone
  without the key test a guessed name against it.

The key comes from the settings (``pseudonym_key``); without one, a random key is made for the
process, which keeps pseudonyms consistent within the process only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from triage.vocabulary import PiiType

log = logging.getLogger(__name__)

_NOT_WORD = re.compile(r"[\W_]+")
#: Short labels per type, so a reader sees what kind of thing was replaced.
PREFIXES: dict[str, str] = {
    PiiType.PERSON: "P",
    PiiType.EMAIL: "MAIL",
    PiiType.USERNAME: "USER",
    PiiType.CRYPTO_WALLET: "WALLET",
    PiiType.PHONE: "TEL",
}
CODE_LENGTH = 5


def normalise(value: str) -> str:
    """Case, accents, punctuation and spacing removed: the identity of a name or handle."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", bare).strip()


@dataclass
class PseudonymMap:
    """Digest → pseudonym for one batch.

    A label depends only on the key and the value, not on the order items arrive in, except
    in the rare case of two values sharing the short code, where the later one is lengthened.
    """

    key: bytes
    by_digest: dict[str, str] = field(default_factory=dict)
    _taken: dict[str, str] = field(default_factory=dict)  # label -> digest, to detect collisions

    def digest(self, kind: str, value: str) -> str:
        message = f"{kind}\x1f{normalise(value)}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def pseudonym(self, kind: str, value: str) -> str:
        """The pseudonym of ``value`` (a name, an address, a handle) of PII type ``kind``."""
        digest = self.digest(kind, value)
        if digest in self.by_digest:
            return self.by_digest[digest]
        code = base64.b32encode(bytes.fromhex(digest)).decode().rstrip("=")
        prefix = PREFIXES.get(kind, kind[:4])
        length = CODE_LENGTH
        label = f"{prefix}-{code[:length]}"
        while self._taken.get(label, digest) != digest:  # two values, one label: lengthen
            length += 1
            label = f"{prefix}-{code[:length]}"
        self._taken[label] = digest
        self.by_digest[digest] = label
        return label


def new_key() -> bytes:
    """A fresh random key (the minimise stage keeps one per installation)."""
    return secrets.token_bytes(32)


def key_from(value: object) -> bytes | None:
    """The key bytes of a settings value (a str, bytes or pydantic SecretStr), or None."""
    if value is None:
        return None
    secret = getattr(value, "get_secret_value", None)
    raw = secret() if callable(secret) else value
    if isinstance(raw, bytes):
        return raw or None
    if isinstance(raw, str):
        return raw.encode() or None
    return None
