"""Translation in the domain: the translator contract, the stage, memory and sentence splitting.

Every translation is labelled "Uncertified machine translation" and names its model
(``triage.document.Translation``). The learned models live in ``models.translation``.
"""

from triage.translate.assemble import translated_text
from triage.translate.protocol import TranslationResult, Translator, TranslatorProvider

__all__ = ["TranslationResult", "Translator", "TranslatorProvider", "translated_text"]
