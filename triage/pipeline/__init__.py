"""The pipeline: stages as plain functions over a Document, registered in order."""

from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import (
    QUEUES,
    Stage,
    get_stages,
    next_queue,
    queues_from,
    register_stage,
    stage_names,
    stages_of,
)
from triage.pipeline.runner import run_pipeline, run_stages

__all__ = [
    "QUEUES",
    "PipelineContext",
    "Stage",
    "get_stages",
    "next_queue",
    "queues_from",
    "register_stage",
    "run_pipeline",
    "run_stages",
    "stage_names",
    "stages_of",
]
