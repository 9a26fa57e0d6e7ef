"""The pipeline: stages as plain functions over a Document, registered in order."""

from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import Stage, get_stages, register_stage, stage_names
from triage.pipeline.runner import run_pipeline

__all__ = ["PipelineContext", "Stage", "get_stages", "register_stage", "run_pipeline", "stage_names"]
