"""One recogniser per file; each registers itself in ``triage.pii.registry``."""
