"""Telephone numbers, validated with phonenumbers (libphonenumber metadata).

A loose regex proposes candidates; phonenumbers parses each with the regions of the item's
language (``phone_regions`` in pii.yaml: a French letter reads 06 39 … as French). A number
valid for its region is kept; one that is only *possible* (fiction ranges such as UK
07700 900xxx are not allocated) needs an international prefix or a phone word before it,
and so does a number without a trunk prefix ("953 418 950") unless it is a valid mobile
number, which is otherwise too easily a file or company number. Switchboards and unit lines
are not personal data: a number after a switchboard or unit word, on the line of a generic
mailbox, a fixed line after "Tel." (or any non-mobile one in a letterhead) unless a personal
mailbox shares its line, or one ending in a round block ("… 00", "870-0") is dropped unless a
mobile word introduces it. A number on the line of an official's title or rank ("Prokurator
Joanna Michalska, tel. …", "Le magistrat signataire est joignable au …") is that official's
direct line, personal data like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from triage.pii.context import keyword_after, keyword_before
from triage.pii.recognizers.email import EMAIL, is_generic
from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

CANDIDATE = re.compile(r"(?<![\w+/.,:-])(?:\+|00)?\d(?:[ .-]?\(?\d\)?){5,16}(?![\w/]|[.,:-]\d)")
DATE_INSIDE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}")
ROUND_END = re.compile(r"(?:[ -]0|\d 00|[ -]000)$")
TEL_ABBR = re.compile(r"(?i)(?<!\w)(?:tel|tél|τηλ|тел)(?:\.|\b)")
DEFAULT_REGIONS = ["GB"]
MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
CONTEXT = 40
HEAD_LINES = 8
#: A mailbox named after a person ("anna-leena.koskinen", "e.mavridou"): the line is hers.
PERSONAL_MAILBOX = re.compile(r"^[^\W\d_]+[._-][^\W\d_]{2,}")


def regions_for(inp: RecognizerInput) -> list[str]:
    regions = inp.data.phone_regions.get(inp.language or "", [])
    return regions or DEFAULT_REGIONS


def parse(raw: str, regions: list[str]) -> tuple[phonenumbers.PhoneNumber, bool] | None:
    """The parsed number and whether it is valid (else only possible) for some region."""
    possible = None
    for region in regions if not raw.startswith(("+", "00")) else [regions[0]]:
        try:
            num = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return num, True
        if possible is None and phonenumbers.is_possible_number(num):
            possible = num
    return (possible, False) if possible is not None else None


def _line(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end == -1 else end)


def institutional(inp: RecognizerInput, start: int, end: int, raw: str, num: phonenumbers.PhoneNumber) -> bool:
    """A switchboard, unit line or letterhead number rather than a person's."""
    text = inp.text
    if ROUND_END.search(raw) or keyword_before(inp, "switchboard", start, 30):
        return True
    if keyword_after(inp, "switchboard", end, 6):
        return True
    ls, le = _line(text, start)
    if keyword_before(inp, "official", start, start - ls):
        return False  # "Prokurator Joanna Michalska, tel. +48 12 …": a named official's direct line
    mailboxes = [m.group().split("@")[0] for m in EMAIL.finditer(text, ls, le)]
    if any(is_generic(box, inp.data.generic_mailbox) for box in mailboxes):
        return True
    if TEL_ABBR.search(text, ls, start) is None or any(PERSONAL_MAILBOX.search(box) for box in mailboxes):
        return False  # "Anna Koskinen, puh. +358 29 …, anna.koskinen@…": a named official's direct line
    kind = phonenumbers.number_type(num)
    if kind == phonenumbers.PhoneNumberType.FIXED_LINE:
        return True
    return kind not in MOBILE_TYPES and text.count("\n", 0, start) < HEAD_LINES


#: What a scan reads for the "+" of an international number: "1" or "4" glued to the country
#: code, or nothing at all after an opening bracket or a dash.
OCR_PLUS = "14"


def scan_reading(inp: RecognizerInput, start: int, raw: str) -> tuple[str, phonenumbers.PhoneNumber] | None:
    """The international number a scan misread (its "+" lost or read as a digit), when valid."""
    readings = []
    if raw[0] in OCR_PLUS and raw[1:2].isdigit():
        readings.append("+" + raw[1:])
    if start > 0 and inp.text[start - 1] in "(-":
        readings.append("+" + raw)
    for reading in readings:
        parsed = parse(reading, regions_for(inp))
        if parsed is not None and parsed[1]:
            return reading, parsed[0]
    return None


@register_recognizer("phone", ("PHONE",))
def recognise_phone(inp: RecognizerInput) -> Iterator[Candidate]:
    regions = regions_for(inp)
    text = inp.text
    for m in CANDIDATE.finditer(text):
        raw = m.group()
        end = m.end()
        if raw.endswith(")") and "(" not in raw:
            raw, end = raw[:-1], end - 1
        if sum(ch.isdigit() for ch in raw) < 7 or DATE_INSIDE.search(raw):
            continue
        parsed = parse(raw, regions)
        if inp.ocr and not raw.startswith(("+", "00")) and (parsed is None or not parsed[1]):
            repaired = scan_reading(inp, m.start(), raw)
            if repaired is not None:
                meant, number = repaired
                region = phonenumbers.region_code_for_number(number)
                yield Candidate(m.start(), end, "PHONE", "rule:phone", score=0.8,
                                detail=f"valid for {region} as {meant} (read from a scan)")  # fmt: skip
                continue
        if parsed is None:
            continue
        num, valid = parsed
        trunk = raw.startswith(("+", "0"))
        line_start = text.rfind("\n", 0, m.start()) + 1
        context = keyword_before(inp, "phone", m.start(), min(CONTEXT, m.start() - line_start)) is not None
        if keyword_before(inp, "company", m.start(), 10):
            continue  # "(KBO 0455.812.337)": a company number
        mobile = valid and phonenumbers.number_type(num) in MOBILE_TYPES
        if (not valid and not (context or raw.startswith("+"))) or (not trunk and not context and not mobile):
            continue
        if not keyword_before(inp, "mobile", m.start(), 30) and institutional(inp, m.start(), end, raw, num):
            continue
        region = phonenumbers.region_code_for_number(num)
        detail = f"{'valid' if valid else 'possible'} for {region}"
        yield Candidate(m.start(), end, "PHONE", "rule:phone", score=0.9 if valid else 0.7, detail=detail)
