"""The domain and the model registry import without torch, transformers or ctranslate2."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "transformers", "ctranslate2", "sentencepiece", "huggingface_hub")


def test_no_ml_library_imported_at_import_time() -> None:
    code = (
        "import sys\n"
        "import triage.translate.stage, triage.cli, models.translation.registry\n"
        "import models.translation.backends, models.translation.service, models.translation.convert\n"
        "import models.translation.hub\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_domain_never_imports_models_statically() -> None:
    code = "import sys, triage.translate.stage\nprint([m for m in sys.modules if m.startswith('models')])\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
