"""What the two backends share: tokenisation, language handling, length limits, the model id."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.translation.families import FAMILIES, ModelFamily
from models.translation.inspect_model import META_FILE
from models.translation.manifest import ModelEntry
from models.translation.options import RuntimeOptions
from triage.errors import ModelError

DEFAULT_MAX_POSITIONS = 512


def max_positions(folder: Path, tokenizer: Any) -> int:
    """The longest input the model takes: its position table, else the tokenizer's limit."""
    for name, key in ((META_FILE, "max_positions"), ("config.json", "max_position_embeddings")):
        path = folder / name
        if path.is_file():
            value = json.loads(path.read_text(encoding="utf-8")).get(key)
            if isinstance(value, int) and value > 0:
                return value
    limit = getattr(tokenizer, "model_max_length", DEFAULT_MAX_POSITIONS)
    return int(limit) if isinstance(limit, int) and 0 < limit < 100_000 else DEFAULT_MAX_POSITIONS


class TokenizingTranslator:
    """Base of the backends: encodes with the family's conventions and refuses to truncate."""

    def __init__(self, entry: ModelEntry, folder: Path, options: RuntimeOptions) -> None:
        self.entry = entry
        self.folder = folder
        self.options = options
        self.family: ModelFamily = FAMILIES[entry.family]
        self.tokenizer = self.family.load_tokenizer(folder)
        self._max_positions = max_positions(folder, self.tokenizer)
        self._hidden = self.family.hidden_ids(self.tokenizer)

    @property
    def model_id(self) -> str:
        return self.entry.model_id

    @property
    def max_input_tokens(self) -> int:
        return self._max_positions

    def count_tokens(self, texts: Sequence[str], source_lang: str) -> list[int]:
        # The target-language prefix (Marian ">>xx<<") counts too; assume the longest (one token).
        self.family.prepare_source(self.tokenizer, source_lang)
        prefix = 1 if self.family.source_prefix(self.tokenizer, self.entry.targets[0]) else 0
        return [len(ids) + prefix for ids in self.tokenizer(list(texts), verbose=False)["input_ids"]]

    def encode(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[list[int]]:
        """Token ids per text; an input over the model's limit is an error, never truncated."""
        self.family.prepare_source(self.tokenizer, source_lang)
        prefix = self.family.source_prefix(self.tokenizer, target_lang)
        ids: list[list[int]] = self.tokenizer([prefix + t for t in texts], verbose=False)["input_ids"]
        longest = max((len(x) for x in ids), default=0)
        if longest > self.max_input_tokens:
            raise ModelError(
                f"input of {longest} tokens exceeds the {self.max_input_tokens}-token limit of "
                f"{self.entry.name}; split it first"
            )
        return ids

    def output_budget(self, input_lengths: Sequence[int]) -> int:
        """Tokens a translation may use: generous (factor x input + 10) and within the model."""
        want = int(self.options.max_decoding_factor * max(input_lengths, default=1)) + 10
        return max(1, min(want, self.max_input_tokens))

    def decode(self, ids: Sequence[int]) -> str:
        kept = [i for i in ids if i not in self._hidden]
        text: str = self.tokenizer.decode(kept, skip_special_tokens=True)
        return text.strip()
