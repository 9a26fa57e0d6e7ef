"""File and member names as the service keeps and prints them: readable, safe, bounded.

Names come from hostile places (a seized disk, an archive built to attack us). A name may
hold bytes that are not UTF-8 (a Latin-1 file system), control characters (terminal escape
sequences), or thousands of characters. Every name is made printable once, when it enters
the service, so the database, the terminal, the CSV report and the web page all get the
same harmless text: undecodable bytes and control characters become visible ``\\xNN``
escapes, and an overlong name is cut with a marker that keeps it unique.
"""

from __future__ import annotations

import hashlib
import re

#: Room kept for a name in the database (the columns hold 1,024 characters).
MAX_NAME_CHARS = 1000

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_name(name: str, limit: int = MAX_NAME_CHARS) -> str:
    """``name`` as safe, printable text of at most ``limit`` characters."""
    if any("\udc80" <= ch <= "\udcff" for ch in name):  # os.fsdecode's stand-ins for undecodable bytes
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    name = _CONTROL.sub(_escape, name.encode("utf-8", "replace").decode("utf-8")) or "(unnamed)"
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:12]
    marker = f"…[{len(name)} characters, sha256 {digest}]"
    return name[: limit - len(marker)] + marker


_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """Text for a terminal: escape sequences in a document (``ESC [ ...``) shown, not obeyed."""
    return _TERMINAL.sub(_escape, text)
