"""The contract for a person-name NER backend (implemented in ``models.spacy_ner``).

``triage`` never imports spaCy; the stage asks for a backend through this protocol and
treats a language without an installed pipeline as a visible state ("heuristics only"),
never as a reason to download one.
"""

from __future__ import annotations

from typing import Protocol


class PersonNer(Protocol):
    def status(self, language: str | None) -> str:
        """'model:spacy/<name>' when a pipeline serves ``language``, else a 'missing: …' reason."""
        ...

    def persons(
        self, text: str, language: str | None, ranges: list[tuple[int, int]] | None = None
    ) -> list[tuple[int, int]]:
        """Character spans (into ``text``) of PER entities, looked for only inside ``ranges`` when
        given (the lines a caller still has doubts about); ``[]`` when no pipeline serves the language."""
        ...
