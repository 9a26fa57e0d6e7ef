"""The public vocabulary: every closed set of words the service shows to the outside, defined once.

The pipeline, the storage, the command line, the API (and its OpenAPI schema) and the
minimisation policy all take these enums from here, so a value added or renamed here is
added or renamed everywhere, and nothing else spells them out. The values follow
``shared/eval/SCHEMA.md`` where it defines them.
"""

from __future__ import annotations

from enum import StrEnum


class ItemStatus(StrEnum):
    """Where an item is in its life: ``erased`` is the tombstone retention leaves behind."""

    RECEIVED = "received"
    PROCESSING = "processing"
    DONE = "done"
    ERROR = "error"
    ERASED = "erased"


#: Statuses an item does not leave by itself.
TERMINAL_STATUSES: frozenset[ItemStatus] = frozenset({ItemStatus.DONE, ItemStatus.ERROR, ItemStatus.ERASED})


class ItemKind(StrEnum):
    """What an incoming item is (``kind`` of the corpus schema); ``other`` when nobody said."""

    MLA_REQUEST = "mla_request"
    EIO = "eio"
    PRESERVATION_REQUEST = "preservation_request"
    EMAIL = "email"
    CHAT = "chat"
    BANK_RECORD = "bank_record"
    WITNESS_STATEMENT = "witness_statement"
    POLICE_REPORT = "police_report"
    SUBSCRIBER_RECORD = "subscriber_record"
    OTHER = "other"


class PiiType(StrEnum):
    """Kinds of personal data (``pii[].type`` of the corpus schema)."""

    PERSON = "PERSON"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    ADDRESS = "ADDRESS"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    IBAN = "IBAN"
    BANK_ACCOUNT = "BANK_ACCOUNT"
    CARD_NUMBER = "CARD_NUMBER"
    NATIONAL_ID = "NATIONAL_ID"
    PASSPORT = "PASSPORT"
    IP_ADDRESS = "IP_ADDRESS"
    VEHICLE_PLATE = "VEHICLE_PLATE"
    CRYPTO_WALLET = "CRYPTO_WALLET"
    USERNAME = "USERNAME"


class Role(StrEnum):
    """The part a named person plays in the case."""

    SUSPECT = "suspect"
    VICTIM = "victim"
    WITNESS = "witness"
    OFFICIAL = "official"
    OTHER = "other"


class UrgencyLevel(StrEnum):
    IMMEDIATE = "immediate"
    URGENT = "urgent"
    ROUTINE = "routine"


class Action(StrEnum):
    """What minimisation does with a span of personal data before the item is shared onward."""

    KEEP = "keep"
    REDACT = "redact"
    PSEUDONYMISE = "pseudonymise"
    GENERALISE = "generalise"


class AccessRole(StrEnum):
    """Roles of accounts (people and systems); every API route names the roles it admits."""

    INTAKE = "intake"
    REVIEWER = "reviewer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    SYSTEM = "system"


class AuditCategory(StrEnum):
    """The processing operations Article 25 of Directive (EU) 2016/680 requires a log of."""

    COLLECTION = "collection"
    CONSULTATION = "consultation"
    ALTERATION = "alteration"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"
    #: Sign-in, sign-out, refused sign-ins: who held access when (not an Article 25 operation).
    ACCESS = "access"
