"""The item page's text pieces: they rebuild the text exactly and carry every finding's edges."""

from __future__ import annotations

import datetime as dt

from api.web import present
from triage.document import Evidence, Findings, LabelFinding, PiiSpan, UrgencyFinding
from triage.service.views import ItemView, ReviewState, SegmentView
from triage.vocabulary import ItemKind, ItemStatus, PiiType, Role, UrgencyLevel

TEXT = "Anna KOVAC met Anna KOVAC. She called +386 40 123 456 tonight."


def view(segments: list[tuple[int, int]]) -> ItemView:
    return ItemView(
        id="i", status=ItemStatus.DONE, kind=ItemKind.OTHER, origin="text", filename=None, member_name="",
        sha256="0" * 64, size=len(TEXT), media_type="text/plain", pages=0, language="sl", declared_language=None,
        document_date=None, reference=None, sender=None, parent_id=None, children=[], provenance=[],
        next_stage=None, error=None, created_at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC), finished_at=None,
        needs_human_translation=True, text=TEXT, findings=Findings(), effective=Findings(), review=ReviewState(),
        metadata={},
        segments=[SegmentView(index=i, start=a, end=b, paragraph=0, language="sl", text=TEXT[a:b])
                  for i, (a, b) in enumerate(segments)],
    )  # fmt: skip


def span(text: str, nth: int, kind: PiiType, person: str | None = None, role: Role | None = None) -> PiiSpan:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return PiiSpan(start=start, end=start + len(text), type=kind, text=text, person_id=person, role=role,
                   evidence=Evidence(source="test"))  # fmt: skip


def findings() -> Findings:
    tonight = TEXT.index("tonight")
    return Findings(
        pii=[span("Anna KOVAC", 0, PiiType.PERSON, "P1", Role.VICTIM), span("Anna KOVAC", 1, PiiType.PERSON, "P1"),
             span("+386 40 123 456", 0, PiiType.PHONE)],
        urgency=UrgencyFinding(level=UrgencyLevel.URGENT, reasons=[
            LabelFinding(code="near_time", evidence=[Evidence(source="term", spans=[(tonight, tonight + 7)])])]),
    )  # fmt: skip


def test_pieces_rebuild_each_sentence_and_cut_at_every_edge() -> None:
    rows = present.rows(view([(0, 26), (27, len(TEXT))]), findings())
    assert ["".join(p.text for p in r.pieces) for r in rows] == [TEXT[0:26], TEXT[27:]]
    for row in rows:
        assert all(a.end == b.start for a, b in zip(row.pieces, row.pieces[1:], strict=False))
    assert any(p.text == "tonight" and p.span is None for p in rows[1].pieces)  # an evidence edge
    names = [p for p in rows[0].pieces if p.span is not None and p.span.type == PiiType.PERSON]
    assert [p.text for p in names] == ["Anna KOVAC", "Anna KOVAC"]
    assert {p.colour for p in names} == {"person-0"}  # the same person, the same colour
    assert [p.badge for p in names] == [Role.VICTIM, None]
    phone = next(p for p in rows[1].pieces if p.span is not None)
    assert phone.colour == "pii-PHONE"


def test_an_unsegmented_text_is_one_row_and_overlaps_show_the_longer_span() -> None:
    f = findings()
    f.pii.append(span("KOVAC", 0, PiiType.USERNAME))
    rows = present.rows(view([]), f)
    assert len(rows) == 1 and "".join(p.text for p in rows[0].pieces) == TEXT
    assert rows[0].pieces[0].span is not None and rows[0].pieces[0].span.type == PiiType.PERSON


def test_reasons_carry_their_spans_for_the_page() -> None:
    reasons = present.urgency_reasons(findings())
    start = TEXT.index("tonight")
    assert reasons[0].data_spans == f"{start}-{start + 7}"
