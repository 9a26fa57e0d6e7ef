"""OCR through Tesseract, in the language of the item.

Tesseract reads far better with the right language pack (diacritics, ligatures, the
dictionary), so the pack follows the item's language: the declared language when there is
one; otherwise a first pass with a broad set of packs (Latin, Cyrillic and Greek scripts),
language detection on that text, and a second pass with the detected language's pack.
The choice is made once per file (on the first page with enough text) and reused for the
other pages. ``OcrSession.metadata()`` records which pack was used and why.

A missing ``tesseract`` binary, first-pass pack or declared language's pack raises
``IngestError`` naming the Debian package to install. When only a *detected* language's
pack is missing, a related pack (or the first pass) is used and ``ocr_warning`` says so:
nothing falls back silently.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image

from triage.document import ReadingWarning
from triage.errors import GuardTripped, IngestError
from triage.ingest.base import ExtractContext
from triage.ingest.layout import reflow
from triage.yamlfiles import load_yaml

_DATA_FILE = Path(__file__).with_name("ocr_languages.yaml")
TESSERACT_COMMAND = "tesseract"
_NO_TESSERACT = (
    "OCR needs the tesseract binary, which is not installed: install the Debian package tesseract-ocr"
)
# Pages taller than this are sampled (a band of body text) for the language-detection pass...
SAMPLE_ABOVE_PX = 1600
# ...a band of this share of the page first (about six lines of an A4 page: 0.4 to 0.6 s with
# the first-pass packs, where a third of the page took 1 s), then a third, then the page.
SAMPLE_SHARES = (10, 3)
SAMPLE_MIN_PX = 300
# A first pass shorter than this many letters is too little to detect a language from...
MIN_LETTERS_FOR_DETECTION = 20
# ...and a detection less sure than this reads a bigger band.
DETECTION_CONFIDENCE = 0.9


@dataclass(frozen=True)
class OcrLanguages:
    """The mapping ISO 639-1 -> Tesseract pack, and the packs of the first pass."""

    first_pass: tuple[str, ...]
    by_iso: dict[str, str]
    related: dict[str, str]
    latin: str | None = None
    with_latin: frozenset[str] = frozenset()

    def pack_for(self, iso: str) -> tuple[str | None, str | None]:
        """The installed pack(s) for a language, and a warning when it is a stand-in or none."""
        pack, warning = self._own_or_related(iso)
        if pack in self.with_latin and self.latin is not None and self.latin in installed_packs():
            return f"{pack}+{self.latin}", warning
        return pack, warning

    def _own_or_related(self, iso: str) -> tuple[str | None, str | None]:
        own = self.by_iso.get(iso)
        if own is not None and own in installed_packs():
            return own, None
        missing = (
            f"OCR pack {own!r} for {iso!r} is not installed (Debian package {debian_package(own)})"
            if own is not None
            else f"no OCR pack is known for {iso!r}"
        )
        stand_in = self.related.get(iso)
        if stand_in is not None and stand_in in installed_packs():
            return stand_in, f"{missing}; read with the related pack {stand_in!r}"
        return None, missing


@lru_cache(maxsize=1)
def ocr_languages() -> OcrLanguages:
    raw = load_yaml(_DATA_FILE.read_text(encoding="utf-8"))
    return OcrLanguages(
        first_pass=tuple(raw["first_pass"]),
        by_iso={str(iso): str(pack) for iso, pack in raw["languages"].items()},
        related={str(iso): str(pack) for iso, pack in (raw.get("related") or {}).items()},
        latin=raw.get("latin"),
        with_latin=frozenset(raw.get("with_latin") or ()),
    )


def debian_package(pack: str) -> str:
    """The Debian package that ships a Tesseract pack (``chi_sim`` -> ``tesseract-ocr-chi-sim``)."""
    return "tesseract-ocr-" + pack.lower().replace("_", "-")


def tesseract_binary() -> str:
    found = shutil.which(TESSERACT_COMMAND)
    if found is None:
        raise IngestError(_NO_TESSERACT)
    return found


@lru_cache(maxsize=1)
def installed_packs() -> frozenset[str]:
    """Packs Tesseract can load; raises ``IngestError`` when the binary is missing."""
    done = subprocess.run([tesseract_binary(), "--list-langs"], capture_output=True, timeout=30, check=False)
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def require_packs(packs: list[str] | tuple[str, ...]) -> None:
    missing = [p for p in packs if p not in installed_packs()]
    if missing:
        raise IngestError(
            f"OCR language pack(s) {missing} not installed; install the Debian package(s) "
            f"{[debian_package(p) for p in missing]}"
        )


def detect_language(text: str) -> tuple[str | None, float]:
    """The project's detector, in its fast mode: a few lines are enough to pick a pack.

    Imported on first use so that importing an ingestor does not pull in the pipeline.
    """
    from triage.language import detect_language as detect

    return detect(text, fast=True)


def prepare(image: Image.Image) -> Image.Image:
    """Greyscale on a white background: transparency would otherwise read as black."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    return image if image.mode == "L" else image.convert("L")


#: Below this confidence (0-100) Tesseract's reading of a word is shown to reviewers as uncertain.
UNCERTAIN_BELOW = 60.0
#: At most this many uncertain words are kept per file.
MAX_UNCERTAIN = 500


@dataclass
class OcrReading:
    """A page's text and the words Tesseract was unsure of (word -> lowest confidence)."""

    text: str
    uncertain: dict[str, float]


def from_tsv(tsv: str) -> OcrReading:
    """Text from Tesseract's TSV: words of a line joined by spaces, a blank line between paragraphs."""
    lines: list[str] = []
    uncertain: dict[str, float] = {}
    paragraph = line = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        word, conf = cols[11], float(cols[10])
        if (cols[2], cols[3]) != paragraph:
            if paragraph is not None:
                lines.append("")
            paragraph, line = (cols[2], cols[3]), None
            lines.append(word)
        elif cols[4] != line:
            lines.append(word)
        else:
            lines[-1] += " " + word
        line = cols[4]
        if 0 <= conf < UNCERTAIN_BELOW:
            uncertain[word] = min(conf, uncertain.get(word, 100.0))
    return OcrReading(clean_ocr_text("\n".join(lines)), uncertain)


def run_tesseract(image: Image.Image, packs: str, ctx: ExtractContext) -> OcrReading:
    """One Tesseract run on a PNG piped through stdin, bounded by the file's time left.

    The binary is called directly rather than through pytesseract so that the child gets
    ``OMP_THREAD_LIMIT`` (pytesseract always passes this process's environment unchanged).
    """
    ctx.check_time()
    left = ctx.settings.file_time_limit_s - (time.monotonic() - ctx.started)
    png = io.BytesIO()
    prepare(image).save(png, "PNG")
    threads = ctx.settings.ocr_threads
    env = {**os.environ, "OMP_THREAD_LIMIT": str(threads)}
    try:
        done = subprocess.run(
            [tesseract_binary(), "stdin", "stdout", "-l", packs, "tsv"],
            input=png.getvalue(),
            capture_output=True,
            env=env,
            timeout=max(1.0, left),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise GuardTripped(
            f"OCR ran past the time limit of {ctx.settings.file_time_limit_s:g} s per file"
        ) from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise IngestError(f"tesseract failed on an image (exit {done.returncode}): {reason[0][:200]}")
    return from_tsv(done.stdout.decode("utf-8", "replace"))


def detection_samples(image: Image.Image) -> Iterator[Image.Image]:
    """Bands of body text from a tall page, smallest first, then the page itself.

    A tenth of an A4 page holds enough words to detect the language with certainty in nine
    cases out of ten; the bigger samples are read only when it does not.
    """
    width, height = image.size
    if height > SAMPLE_ABOVE_PX:
        top = int(height * 0.3)
        for share in SAMPLE_SHARES:
            yield image.crop((0, top, width, min(height, top + max(SAMPLE_MIN_PX, height // share))))
    yield image


def clean_ocr_text(text: str) -> str:
    """Tesseract ends pages with a form feed and pads lines; keep lines and blank-line paragraphs."""
    lines = [line.rstrip() for line in text.replace("\f", "\n").replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return reflow("\n".join(out).strip("\n"))


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


class OcrSession:
    """OCR of the pages of one file, choosing the language pack once and reusing it."""

    def __init__(self, ctx: ExtractContext) -> None:
        self._ctx = ctx
        self._languages = ocr_languages()
        self.iso: str | None = None
        self.packs: str | None = None
        self.source: str | None = None
        self.warning: str | None = None
        self.uncertain: dict[str, float] = {}  # words Tesseract was unsure of, over all pages
        hint = (ctx.language_hint or "").lower() or None
        if hint:
            pack, self.warning = self._languages.pack_for(hint)
            if pack is None:
                own = self._languages.by_iso.get(hint)
                if own is not None:  # a declared language must be read with its pack
                    require_packs([own])
                # unknown to OCR: fall through to detection, keeping the warning
            else:
                self.iso, self.packs, self.source = hint, pack, "declared"

    def read(self, image: Image.Image) -> str:
        """The text of one page image."""
        reading = self._read(image)
        for word, conf in reading.uncertain.items():
            if word in self.uncertain or len(self.uncertain) < MAX_UNCERTAIN:
                self.uncertain[word] = min(conf, self.uncertain.get(word, 100.0))
        return reading.text

    def _read(self, image: Image.Image) -> OcrReading:
        """One reading of the page with its language's pack; the first page of a file whose
        language is unknown first reads a band with the first-pass packs to detect it."""
        if self.packs is not None and self.source in ("declared", "detected"):
            return run_tesseract(image, self.packs, self._ctx)
        require_packs(self._languages.first_pass)
        first = "+".join(self._languages.first_pass)
        for sample in detection_samples(image):
            reading = run_tesseract(sample, first, self._ctx)
            iso, confidence = None, 0.0
            if _letters(reading.text) >= MIN_LETTERS_FOR_DETECTION:
                iso, confidence = detect_language(reading.text)
            if confidence >= DETECTION_CONFIDENCE:
                break
        pack: str | None = None
        if iso is not None:
            self.iso, self.source = iso, "detected"
            pack, self.warning = self._languages.pack_for(iso)
        if pack is None:  # the first pass is the best reading available
            self.packs, self.source = first, self.source or "first_pass"
            return reading if sample is image else run_tesseract(image, first, self._ctx)
        self.packs = pack
        return reading if (pack == first and sample is image) else run_tesseract(image, pack, self._ctx)

    def reading_warnings(self) -> list[ReadingWarning]:
        """The pack caveat as a warning a reviewer sees (and the batch summary counts)."""
        if not self.warning:
            return []
        code = "ocr_pack_stand_in" if "related pack" in self.warning else "ocr_pack_missing"
        return [ReadingWarning(code=code, message=f"scanned text read without its own language pack: {self.warning}")]

    def metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "ocr_language": self.iso,
            "ocr_packs": self.packs,
            "ocr_language_source": self.source,
        }
        if self.warning:
            meta["ocr_warning"] = self.warning
        if self.uncertain:
            meta["ocr_uncertain_words"] = {w: round(c, 1) for w, c in self.uncertain.items()}
        return meta
