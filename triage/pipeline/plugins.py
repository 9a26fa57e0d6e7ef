"""The modules that register pipeline stages: adding a stage is one file and one line here."""

STAGE_MODULES: list[str] = [
    "triage.ingest.stage",  # extract (10)
    "triage.language",  # language (20)
    "triage.segment",  # segment (30)
    "triage.translate.stage",  # translate (40)
    "triage.pii.stage",  # pii (60)
    "triage.offences.stage",  # offences (70)
    "triage.urgency.stage",  # urgency (80)
    "triage.protection.stage",  # protection (85)
    "triage.minimise.stage",  # minimise (90)
]
