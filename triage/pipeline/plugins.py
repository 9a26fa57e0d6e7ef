"""The modules that register pipeline stages: adding a stage is one file and one line here."""

STAGE_MODULES: list[str] = [
    "triage.ingest.stage",  # extract (10)
    "triage.language",  # language (20)
    "triage.segment",  # segment (30)
]
