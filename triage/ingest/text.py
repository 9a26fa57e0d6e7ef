"""Plain text in any encoding: BOMs first, then strict UTF-8, then the code page whose reading is a
language that code page was made for."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from triage.document import ReadingWarning
from triage.errors import UnsupportedFormat
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.registry import register_ingestor

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


#: The languages each legacy code page was made for. A text decoded with the wrong one still
#: looks like a language, but one of another code page (Polish in Windows-1252 comes out with
#: "³" and "¹" where "ł" and "ą" were): language and code page must agree.
CODE_PAGE_LANGUAGES: dict[str, frozenset[str]] = {
    "cp1250": frozenset(["pl", "cs", "sk", "sl", "hr", "hu", "ro", "sq", "bs", "sr"]),
    "cp1252": frozenset(
        ["en", "fr", "de", "es", "it", "pt", "nl", "da", "sv", "fi", "nb", "no", "is", "ga", "ca", "eu", "gl", "et"]
    ),
    "cp1251": frozenset(["ru", "uk", "bg", "sr", "mk", "be"]),
    "cp1253": frozenset(["el"]),
    "cp1254": frozenset(["tr"]),
    "cp1257": frozenset(["lt", "lv", "et"]),
}
#: Code pages tried besides charset-normalizer's guesses (their ISO twins read the same letters).
_LEGACY = tuple(CODE_PAGE_LANGUAGES)
#: Code pages of the same languages (ISO and DOS twins); one not listed was made for none of ours.
_SAME_AS = {
    "iso8859_2": "cp1250", "cp852": "cp1250", "mac_latin2": "cp1250",
    "latin_1": "cp1252", "iso8859_15": "cp1252", "cp850": "cp1252", "cp437": "cp1252", "mac_roman": "cp1252",
    "iso8859_5": "cp1251", "koi8_r": "cp1251", "koi8_u": "cp1251", "cp866": "cp1251", "mac_cyrillic": "cp1251",
    "iso8859_7": "cp1253", "cp737": "cp1253", "iso8859_9": "cp1254", "cp857": "cp1254",
    "iso8859_13": "cp1257", "iso8859_4": "cp1257", "cp775": "cp1257",
}  # fmt: skip
#: Below this share of the best score, a second reading is no real rival.
_RIVAL_SHARE = 0.8
_SAMPLE = 4000
#: The measure of a reading charset-normalizer did not report.
_UNMEASURED = 0.45


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warning: ReadingWarning | None = None


def _reading(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


#: The script each language is written in (Latin when not listed).
_SCRIPTS = {"el": "GREEK", "ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "mk": "CYRILLIC", "be": "CYRILLIC",
            "ar": "ARABIC", "zh": "CJK"}  # fmt: skip


def _script_share(sample: str, language: str | None) -> float:
    """The share of letters in the language's own script: a Hungarian text read through the
    Greek code page is "Greek" to a detector because of a few letters, but its words are Latin."""
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters or language is None:
        return 1.0
    script = _SCRIPTS.get(language, "LATIN")
    own = sum(unicodedata.name(ch, "").startswith(script) or (language == "sr" and ch.isascii()) for ch in letters)
    return own / len(letters)


def _score(text: str, encoding: str, hint: str | None) -> tuple[float, str | None]:
    """How plausible this reading is: the language's confidence, if the code page was made for
    that language, weighed by how many of its non-ASCII characters are letters (a wrong code
    page turns letters into symbols: "³", "¤", "˛") and how many letters are in its script."""
    from triage.language import detect_language  # imported on first use: the pipeline is heavy

    sample = text[:_SAMPLE]
    language, confidence = detect_language(sample, fast=True)
    code_page = _SAME_AS.get(encoding, encoding)
    if language is None:  # too short to tell: the declared language, else any of our code pages
        family = CODE_PAGE_LANGUAGES.get(code_page)
        confidence, fits = 0.5, 1.0 if family is not None and (hint is None or hint in family) else 0.3
    else:
        fits = 1.0 if language in CODE_PAGE_LANGUAGES.get(code_page, frozenset()) else 0.3
    native = 1.0 if encoding in CODE_PAGE_LANGUAGES else 0.75  # the Windows code pages are the common ones
    foreign = [ch for ch in sample if ord(ch) > 127]
    letters = sum(ch.isalpha() for ch in foreign) / len(foreign) if foreign else 1.0
    hinted = 1.2 if hint and language == hint else 1.0
    shape = _word_shape(sample)
    return confidence * fits * native * letters**2 * _script_share(sample, language) ** 2 * shape**2 * hinted, language


_WORD = re.compile(r"[^\W\d_]{2,}")


def _word_shape(sample: str) -> float:
    """The share of words shaped like words: a wrong code page puts capitals inside them
    ("ухнелЮциз" is Greek read as Cyrillic), a language does not."""
    words = _WORD.findall(sample)
    if not words:
        return 1.0
    odd = sum(1 for w in words if not w.isupper() and any(ch.isupper() for ch in w[1:]))
    return 1 - odd / len(words)


def decode_text(data: bytes, language_hint: str | None = None) -> Decoded:
    """Decode bytes of unknown encoding, choosing among the readings by the language each gives.

    BOMs and UTF-8 are certain. Otherwise every plausible code page is tried and scored by
    the language its text reads as and whether that code page was made for that language;
    the declared language, when given, tips a close call. When two readings that differ
    stay close, the item carries a warning naming both.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding), encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    head = data[: 64 * 1024]
    candidates = list(dict.fromkeys([*(m.encoding for m in list(from_bytes(head))[:4]), *_LEGACY]))
    # charset-normalizer's measures of each reading: mess (symbols where letters belong) and
    # coherence (letter frequencies of a language). It reports one of several code pages that
    # read the same text, and skips some it finds similar: those count as neutral.
    measured = {
        str(m): (1 - m.chaos) * (0.5 + m.coherence) for m in from_bytes(head, cp_isolation=candidates)
    }
    best_of: dict[str, tuple[float, str | None, str]] = {}  # text -> its best (score, language, encoding)
    for encoding in candidates:
        text = _reading(data, encoding)
        if text is None:
            continue
        score, language = _score(text, encoding, language_hint)
        score *= measured.get(_reading(head, encoding) or "", _UNMEASURED)
        if text not in best_of or score > best_of[text][0]:
            best_of[text] = (score, language, encoding)
    if not best_of:
        raise UnsupportedFormat("binary data that is not text in any known encoding")
    ranked = sorted(best_of.items(), key=lambda entry: entry[1][0], reverse=True)
    text, (best_score, best_language, encoding) = ranked[0]
    rival = next((row for _, row in ranked[1:] if row[0] >= best_score * _RIVAL_SHARE), None)
    warning = None
    if rival is not None or best_score < 0.3:
        other = f"; as {rival[2]} it reads as {rival[1] or 'no known language'}" if rival else ""
        warning = ReadingWarning(
            code="encoding_uncertain",
            message=f"the text's encoding is uncertain: read as {encoding} ({best_language or 'no known language'})"
            f"{other}; check the letters with accents against the original",
        )
    return Decoded(text, encoding, warning)


def looks_like_text(head: bytes) -> bool:
    if not head:
        return True
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) < 0.01


@register_ingestor(priority=1000)
class TextIngestor:
    name = "text"
    media_type = "text/plain"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return looks_like_text(head)

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        decoded = decode_text(data, ctx.language_hint)
        text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
        return Extraction(
            media_type=self.media_type, text=text, metadata={"encoding": decoded.encoding},
            warnings=[decoded.warning] if decoded.warning else [],
        )  # fmt: skip
