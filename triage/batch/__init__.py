"""Batch processing of document dumps: intake of paths, a process pool, reports."""

from triage.batch.runner import BatchResult, process_paths

__all__ = ["BatchResult", "process_paths"]
