"""Outlook files made by Outlook: the test data of the npm packages pst-extractor (MIT) and
msgreader (ISC).

`scripts/fetch-mail-samples.sh` puts them in `.cache/mail-samples/` (pinned by hash; `make test`
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

SAMPLES = Path(os.environ.get("TRIAGE_TEST_MAIL_DIR", Path(__file__).resolve().parents[2] / ".cache" / "mail-samples"))
ENRON = SAMPLES / "enron.pst"
OST_WITH_PDF = SAMPLES / "pstextractortestpdf@outlook.com.ost"
OUTLOOK_MSG = SAMPLES / "test.msg"

pytestmark = pytest.mark.skipif(
    not (ENRON.is_file() and OUTLOOK_MSG.is_file()),
    reason=f"real Outlook samples not in {SAMPLES}: run scripts/fetch-mail-samples.sh",
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


def test_outlook_msg_gives_headers_date_and_attachment(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    message = extract_bytes(OUTLOOK_MSG.read_bytes(), ctx)
    assert message.media_type == "application/vnd.ms-outlook"
    assert message.metadata["subject"] == "asdf"
    assert message.metadata["date"].startswith("2018-03-23T17:06:29")
    assert message.text.startswith("From: ")
    [attachment] = message.children
    assert attachment.name.endswith(".jpg") and attachment.error is None
    assert choose(ctx.blobs.read(attachment.sha256)).name == "image"
