"""IPv4 and IPv6 addresses, validated with the standard library's ``ipaddress``."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


@register_recognizer("ip_address", ("IP_ADDRESS",))
def recognise_ip(inp: RecognizerInput) -> Iterator[Candidate]:
    for m in IPV4.finditer(inp.text):
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        yield Candidate(m.start(), m.end(), "IP_ADDRESS", "rule:ipv4")
    for m in IPV6.finditer(inp.text):
        value = m.group()
        if value.count(":") < 2 or not any(ch.isalpha() or ch.isdigit() for ch in value):
            continue
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            continue
        yield Candidate(m.start(), m.end(), "IP_ADDRESS", "rule:ipv6")
