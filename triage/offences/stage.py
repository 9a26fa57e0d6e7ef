"""The ``offences`` stage (order 70): labels with scores and evidence on ``doc.findings.offences``.

Terms always run; the newest trained model joins them when one exists under
``data_dir/classifiers``. Each label's evidence names which was used
(``model:offences-<version>`` or ``rule:offence-terms``).
"""

from __future__ import annotations

import logging

from triage.document import Document
from triage.offences.artefact import LoadedModel, load_latest
from triage.offences.classify import decide, hints, term_result
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage

log = logging.getLogger(__name__)
RESOURCE_KEY = "offences.model"


def model_text(doc: Document) -> str:
    """What the model reads: the original text, plus the translation when there is one."""
    translated = " ".join(t.text for t in sorted(doc.translations, key=lambda t: t.segment_index))
    return f"{doc.text}\n{translated}" if translated else doc.text


@register_stage("offences", 70)
def offences_stage(doc: Document, ctx: PipelineContext) -> None:
    loaded: LoadedModel | None = ctx.resource(RESOURCE_KEY, lambda: load_latest(ctx.settings))
    result = term_result(doc)
    if loaded is None:
        doc.findings.offences = decide(result)
        ctx.count("offences.terms_only")
    else:
        probs = loaded.model.predict_proba([model_text(doc)])[0]
        doc.findings.offences = decide(result, probs, loaded.source, loaded.model.calibrate)
        ctx.count("offences.model")
    doc.findings.offence_hints = hints(result, doc.findings.offences)
