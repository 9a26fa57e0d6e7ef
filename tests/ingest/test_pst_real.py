"""Outlook stores on real files: the test data of the npm package pst-extractor (MIT).

`scripts/fetch-pst-samples.sh` puts them in `.cache/pst-samples/` (pinned by hash; `.ci/run`
runs it); without them these tests are skipped, saying so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from triage.config import Settings
from triage.ingest.base import ExtractContext
from triage.ingest.registry import choose, extract_bytes
from triage.storage.blobs import BlobStore

SAMPLES = Path(os.environ.get("TRIAGE_TEST_PST_DIR", Path(__file__).resolve().parents[2] / ".cache" / "pst-samples"))
ENRON = SAMPLES / "enron.pst"
OST_WITH_PDF = SAMPLES / "pstextractortestpdf@outlook.com.ost"

pytestmark = pytest.mark.skipif(
    not ENRON.is_file(), reason=f"real PST samples not in {SAMPLES}: run scripts/fetch-pst-samples.sh"
)


def _ctx(tmp_path: Path, depth: int = 0) -> ExtractContext:
    return ExtractContext(settings=Settings(data_dir=tmp_path), blobs=BlobStore(tmp_path / "blobs"), depth=depth)


def test_enron_pst_yields_every_message_as_an_email(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    store = extract_bytes(ENRON.read_bytes(), ctx)
    assert store.media_type == "application/vnd.ms-outlook-pst"
    assert len(store.children) == 71  # what pst-extractor lists for this store
    assert not [c for c in store.children if c.error]
    assert all(c.name.startswith("Top of Personal Folders/") and c.name.endswith(".eml") for c in store.children)
    subjects = set()
    for child in store.children:
        message = extract_bytes(ctx.blobs.read(child.sha256), _ctx(tmp_path, depth=1))
        assert message.media_type == "message/rfc822"
        subjects.add(message.metadata["subject"])
    assert {"West Texas Capacity", "I/B Link Capacity for November and December 2001"} <= subjects


def test_ost_messages_keep_their_attachments(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    store = extract_bytes(OST_WITH_PDF.read_bytes(), ctx)
    assert len(store.children) > 100 and not [c for c in store.children if c.error]
    attachments = []
    for child in store.children:
        message = extract_bytes(ctx.blobs.read(child.sha256), _ctx(tmp_path, depth=1))
        attachments += [(a.name, choose(ctx.blobs.read(a.sha256)).name) for a in message.children]
    assert ("Clinometer Usage.pdf", "pdf") in attachments
    assert any(kind == "image" for _, kind in attachments)
