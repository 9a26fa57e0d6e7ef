"""The one exception tree of the domain; the API and the CLI map it to codes in one place.

    TriageError
    ├── ConfigError          settings that cannot work
    ├── IngestError          a file that cannot be read (becomes an item in an error state)
    │   ├── UnsupportedFormat
    │   ├── GuardTripped     size, depth, member count, expansion, traversal, time limit
    │   ├── EncryptedFile
    │   └── CorruptFile
    ├── StageError           a pipeline stage failed on an item
    ├── ModelError           a model is missing, unverified or cannot load
    │   └── ModelNotInstalled
    ├── NotFound             an item, model or record that does not exist
    ├── InvalidInput         a request or corpus line that is malformed
    │   └── TooLarge         an upload over the size limit
    ├── Conflict             a request that contradicts the state (a reused idempotency key, ...)
    ├── AuthError
    │   ├── NotAuthenticated no valid credentials
    │   └── Forbidden        valid credentials, a role the action does not admit
    └── Unavailable          a server the service needs (database, broker) does not answer
        └── StoreUnwritable  the blob folder is full, read-only or gone

Messages name the bad value and the valid choices; they never carry personal data.
"""

from __future__ import annotations


class TriageError(Exception):
    """Base of every error the domain raises on purpose."""


class ConfigError(TriageError):
    """Settings that cannot work (bad path, bad URL, unknown backend)."""


class IngestError(TriageError):
    """A file that cannot be turned into text; the item keeps this reason."""

    code = "ingest_error"


class UnsupportedFormat(IngestError):
    code = "unsupported_format"


class GuardTripped(IngestError):
    """A safety limit was hit (size, depth, members, expansion, traversal, time)."""

    code = "guard_tripped"


class EncryptedFile(IngestError):
    code = "encrypted"


class CorruptFile(IngestError):
    code = "corrupt"


class StageError(TriageError):
    """A pipeline stage failed; `stage` names it."""

    def __init__(self, stage: str, reason: str) -> None:
        super().__init__(f"stage {stage!r} failed: {reason}")
        self.stage = stage
        self.reason = reason


class ModelError(TriageError):
    """A model is missing, fails verification or cannot be loaded."""


class ModelNotInstalled(ModelError):
    """No installed model serves the request; callers turn this into a visible state."""


class NotFound(TriageError):
    """An item, model or record that does not exist."""


class InvalidInput(TriageError):
    """Malformed input from a person or a program (corpus line, request body)."""


class TooLarge(InvalidInput):
    """An upload over the size limit; nothing of it is kept."""


class Conflict(TriageError):
    """A request that contradicts the current state (a reused idempotency key, an unreviewed export)."""


class AuthError(TriageError):
    """Base of the access-control errors."""


class NotAuthenticated(AuthError):
    """No credentials, or credentials that do not match an active account or key."""


class Forbidden(AuthError):
    """Valid credentials whose role the action does not admit."""


class Unavailable(TriageError):
    """A server the service depends on does not answer (the request may be retried)."""


class StoreUnwritable(Unavailable):
    """The blob folder refuses a write (full, read-only, gone): nothing half-written is kept."""


class WorkersCannotStart(Unavailable):
    """The worker processes die before they can take an item (a model that cannot load)."""
