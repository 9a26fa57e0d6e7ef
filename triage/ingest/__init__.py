"""Ingestion: bytes in, text (and child items) out, one ingestor per file type."""

from triage.ingest.base import ExtractContext, Extraction, Ingestor
from triage.ingest.registry import choose, extract_bytes, ingestors, register_ingestor

__all__ = ["ExtractContext", "Extraction", "Ingestor", "choose", "extract_bytes", "ingestors", "register_ingestor"]
