"""The minimised text: layout kept, every decision applied, overlaps handled."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from triage.document import Document, Evidence, PiiSpan
from triage.minimise import minimised_text
from triage.minimise.generalise import GENERALISERS, MASK
from triage.minimise.stage import minimise_stage
from triage.pipeline import PipelineContext

EV = Evidence(source="test")
TEXT = (
    "Statement of Ottokar QUELLMANN, born 14/02/1987.\n"
    "He met Zdenka Hrubá (zdenka.hruba@example.org) near the quay.\n"
    "Account DE44 5001 0517 5407 3249 31.\n"
    "Signed: Insp. Maren Tollefsen"
)


def span(text: str, type_: str, role: str | None = None, person_id: str | None = None) -> PiiSpan:
    start = TEXT.index(text)
    return PiiSpan(
        start=start, end=start + len(text), type=type_, text=text, role=role, person_id=person_id,
        evidence=Evidence(source="t"),
    )


@pytest.fixture
def doc() -> Document:
    document = Document(text=TEXT)
    document.findings.pii = [
        span("Ottokar QUELLMANN", "PERSON", "suspect"),
        span("14/02/1987", "DATE_OF_BIRTH"),
        span("Zdenka Hrubá", "PERSON", "victim"),
        span("zdenka.hruba@example.org", "EMAIL"),
        span("zdenka", "PERSON", "victim"),  # inside the e-mail address: overlapping spans
        span("DE44 5001 0517 5407 3249 31", "IBAN"),
        span("Maren Tollefsen", "PERSON", "official"),
    ]
    settings: Any = SimpleNamespace(pseudonym_key="k" * 32, minimisation_policy=None)
    minimise_stage(document, PipelineContext(settings))
    return document


def test_every_span_has_a_decision_and_reason(doc: Document) -> None:
    assert all(s.action and s.action_reason for s in doc.findings.pii)


def test_layout_and_untouched_offsets_are_kept(doc: Document) -> None:
    out = minimised_text(doc)
    assert len(out) == len(TEXT)
    assert [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(TEXT) if c == "\n"]
    for word in ("Statement of ", " near the quay.", "Account ", "Signed: Insp. "):
        assert out[TEXT.index(word) : TEXT.index(word) + len(word)] == word


def test_names_and_identifiers_do_not_leak(doc: Document) -> None:
    out = minimised_text(doc)
    for secret in ("Ottokar", "QUELLMANN", "Zdenka", "Hrubá", "zdenka", "hruba", "14/02", "5407 3249"):
        assert secret not in out
    assert "Maren Tollefsen" in out  # official: keep
    assert "1987" in out  # date of birth generalised to the year
    assert out.count("P-") >= 1  # the suspect's pseudonym


def test_overlap_gets_the_strictest_action(doc: Document) -> None:
    out = minimised_text(doc)
    start = TEXT.index("zdenka.hruba@example.org")
    assert out[start : start + 6] == MASK * 6  # the victim's name inside the e-mail is redacted


def test_span_without_decision_is_redacted() -> None:
    text = "Call Wendelin on Friday."
    doc = Document(text=text)
    doc.findings.pii = [PiiSpan(start=5, end=13, type="PERSON", text="Wendelin", evidence=EV)]
    assert minimised_text(doc) == "Call " + MASK * 8 + " on Friday."


def test_span_across_a_line_break_keeps_the_break() -> None:
    text = "Name: Ana\nPop, seen."
    doc = Document(text=text)
    doc.findings.pii = [PiiSpan(start=6, end=13, type="PERSON", text="Ana\nPop", evidence=EV)]
    out = minimised_text(doc)
    assert out.split("\n")[0] == "Name: " + MASK * 3 and len(out) == len(text)


def test_no_spans_gives_the_text_back() -> None:
    assert minimised_text(Document(text="nothing personal\n")) == "nothing personal\n"


@pytest.mark.parametrize("name", sorted(GENERALISERS))
@pytest.mark.parametrize(
    "value", ["11/07/1994", "DE44 5001 0517", "a.b@example.org", "198.51.100.23", "2001:db8::1", "x\ny"]
)
def test_generalisers_keep_the_length_and_line_breaks(name: str, value: str) -> None:
    out = GENERALISERS[name](value)
    assert len(out) == len(value)
    assert ("\n" in out) == ("\n" in value)


def test_generalisers_keep_the_useful_part() -> None:
    assert GENERALISERS["year"]("11/07/1994") == f"{MASK * 2}/{MASK * 2}/1994"
    assert GENERALISERS["last4"]("DE44 5001 0517").endswith("0517")
    assert GENERALISERS["domain"]("a.b@example.org").endswith("@example.org")
    assert GENERALISERS["network"]("198.51.100.23") == f"198.51.100.{MASK * 2}"
    assert GENERALISERS["initials"]("Ana Pop") == f"A{MASK * 2} P{MASK * 2}"
