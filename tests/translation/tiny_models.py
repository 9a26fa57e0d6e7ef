"""Builders for tiny, randomly initialised translation models that the tests make themselves.

The models are useless as translators (random weights) but have the real file layout,
tokenizers and configuration of OPUS-MT (MarianMT) and M2M-100 checkpoints, so install,
verify, load, convert and generate all run through the service's real code paths.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

# Invented sentences in a few languages: enough to train a small sentencepiece vocabulary.
CORPUS = [
    "the blue lantern rests beside a quiet river bank",
    "le chat gris dort sur la table de la cuisine",
    "la lampe verte brille pendant la nuit calme",
    "der kleine hund spielt im garten mit einem ball",
    "el tren rojo sale de la estación temprano por la mañana",
    "il vecchio ponte attraversa il fiume lento",
    "a small boat drifts past the wooden pier",
    "nous marchons vers la colline, puis nous rentrons à la maison",
    "zwei vögel singen auf dem dach; die sonne scheint",
    "every morning the baker opens the shop at seven",
]


def _quiet() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()


def _train_spm(folder: Path, prefix: str, vocab_size: int) -> Path:
    import sentencepiece as spm

    text = folder / f"{prefix}.txt"
    text.write_text("\n".join(CORPUS * 3), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(folder / prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    text.unlink()
    return folder / f"{prefix}.model"


def _pieces(spm_file: Path) -> list[str]:
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_file=str(spm_file))
    return [proc.id_to_piece(i) for i in range(proc.get_piece_size())]


def build_marian(out: Path, *, max_positions: int = 64) -> Path:
    """A MarianMT checkpoint (d_model 16, 1+1 layers) with a trained tiny vocabulary."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    out.mkdir(parents=True, exist_ok=True)
    work = out / "_spm"
    work.mkdir()
    spm_file = _train_spm(work, "spm", 80)
    pieces = [p for p in _pieces(spm_file) if p not in {"<unk>", "<s>", "</s>"}]
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (out / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        (out / name).write_bytes(spm_file.read_bytes())
    for f in work.iterdir():
        f.unlink()
    work.rmdir()
    (out / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "MarianTokenizer", "model_max_length": max_positions}),
        encoding="utf-8",
    )
    torch.manual_seed(0)
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=max_positions,
        pad_token_id=vocab["<pad>"],
        decoder_start_token_id=vocab["<pad>"],
        eos_token_id=0,
        forced_eos_token_id=0,
    )
    _quiet()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        MarianMTModel(config).save_pretrained(out)
    return out


def build_m2m100(out: Path, *, max_positions: int = 64) -> Path:
    """An M2M-100-style multilingual checkpoint (d_model 16, 1+1 layers), 100 language tokens."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    out.mkdir(parents=True, exist_ok=True)
    work = out / "_spm"
    work.mkdir()
    spm_file = _train_spm(work, "spm", 80)
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in _pieces(spm_file):
        if piece not in {"<unk>", "<s>", "</s>"}:
            vocab.setdefault(piece, len(vocab))
    (out / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (out / "sentencepiece.bpe.model").write_bytes(spm_file.read_bytes())
    for f in work.iterdir():
        f.unlink()
    work.rmdir()
    (out / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "M2M100Tokenizer", "model_max_length": max_positions}),
        encoding="utf-8",
    )
    torch.manual_seed(0)
    config = M2M100Config(
        vocab_size=len(vocab) + 100 + 8,  # pieces, 100 language tokens, 8 made-up words
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=max_positions,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
    )
    _quiet()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        M2M100ForConditionalGeneration(config).save_pretrained(out)
    return out
