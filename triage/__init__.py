"""MLA intake triage: the domain package (ingestion, language, pipeline, storage, findings)."""

__version__ = "0.1.0"
