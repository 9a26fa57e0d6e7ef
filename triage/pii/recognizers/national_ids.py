"""National identity, social-security and tax numbers of persons, validated by python-stdnum.

Driven by ``NATIONAL_IDS``: one row per number (country, stdnum module, the shape of the
number as written, and the words that name it). A number whose format carries enough
structure (a check letter, an embedded birth date and a check digit) is accepted anywhere;
a plain run of digits (a Dutch BSN, a Bulgarian EGN) only right after one of its names,
because about one random number in ten passes a mod-11 check. Every span this recogniser
emits passed its module's ``is_valid``: that is the hard rule for NATIONAL_ID. Where
python-stdnum has no module for a country's number, a ``local.`` row checks its published check
rule (Russia's СНИЛС) or, where none is published (Georgia's personal number, the Greek identity
card), its exact shape, and then always needs its name right before it.
Company numbers (Spanish CIF, Portuguese NIPC) are not personal data and are not listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from types import ModuleType

from triage.pii.lang import keyword_pattern
from triage.pii.ocr_repair import readings
from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

CONTEXT_WINDOW = 40
SHAPE_WINDOW = 4  # a number checked by its shape alone stands right after its name ("პ/ნ: 0102…")


@dataclass(frozen=True)
class NationalId:
    country: str
    module: str  # python-stdnum module under stdnum.
    shape: str  # regex of the number as written
    names: tuple[str, ...]  # words that introduce it (any language)
    needs_context: bool = True


NATIONAL_IDS: tuple[NationalId, ...] = (
    NationalId("es", "es.dni", r"\d{8}-?[A-Z]", ("DNI", "NIF", "D.N.I."), False),
    NationalId("es", "es.nie", r"[XYZ]-?\d{7}-?[A-Z]", ("NIE", "N.I.E."), False),
    NationalId("fr", "fr.nir", r"[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}",
               ("NIR", "sécurité sociale", "numéro de sécurité sociale", "INSEE"), False),
    NationalId("de", "de.idnr", r"\d{2} ?\d{3} ?\d{3} ?\d{3}",
               ("Steuer-ID", "Steuer-Identifikationsnummer", "Steueridentifikationsnummer", "IdNr",
                "Identifikationsnummer")),
    NationalId("it", "it.codicefiscale",
               r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]",
               ("codice fiscale", "C.F.", "CF"), False),
    NationalId("pl", "pl.pesel", r"\d{11}", ("PESEL",)),
    NationalId("pt", "pt.nif", r"\d{9}", ("NIF", "contribuinte", "número de contribuinte")),
    NationalId("pt", "pt.cc", r"\d{8} ?\d ?[A-Z]{2}\d", ("CC", "Cartão de Cidadão", "cartão de cidadão n.º"), False),
    NationalId("nl", "nl.bsn", r"\d{9}|\d{4}\.\d{2}\.\d{3}", ("BSN", "burgerservicenummer", "sofinummer")),
    NationalId("be", "be.nn", r"\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}", ("rijksregisternummer", "numéro national"), False),
    NationalId("be", "be.nn", r"\d{11}", ("rijksregisternummer", "numéro national", "INSZ", "NISS")),
    NationalId("ro", "ro.cnp", r"[1-8]\d{12}", ("CNP", "cod numeric personal", "personal numeric code"), False),
    NationalId("cz", "cz.rc", r"\d{6}/\d{3,4}", ("r. č.", "r.č.", "rodné číslo", "RČ"), False),
    NationalId("sk", "sk.rc", r"\d{6}/\d{3,4}", ("rodné číslo",), False),
    # written without its slash, a birth number is a plain run of digits: only after its name
    NationalId("cz", "cz.rc", r"\d{9,10}", ("r. č.", "r.č.", "rodné číslo", "rodného čísla", "RČ")),
    NationalId("gr", "gr.amka", r"\d{11}", ("AMKA", "ΑΜΚΑ")),
    NationalId("gr", "gr.vat", r"\d{9}", ("ΑΦΜ", "Α.Φ.Μ.", "AFM")),
    # the number of the Greek identity card (police-issued, two Greek capitals and six digits)
    NationalId("gr", "local.gr_adt", r"[Α-Ω]{1,2} ?\d{6}",
               ("ΑΔΤ", "Α.Δ.Τ.", "δελτίο ταυτότητας", "δελτίου ταυτότητας", "αριθμός δελτίου ταυτότητας",
                "ΑΔΤ:", "αρ. ταυτότητας")),
    # named in Bulgarian, in Latin letters and in Greek letters (a Greek request about a Bulgarian)
    NationalId("bg", "bg.egn", r"\d{10}", ("ЕГН", "EGN", "ΕΓΝ", "Ε.Γ.Ν.", "единен граждански номер")),
    NationalId("bg", "bg.pnf", r"\d{10}", ("ЛНЧ", "LNCh", "личен номер на чужденец")),
    NationalId("ua", "ua.rntrc", r"\d{10}",
               ("РНОКПП", "ІПН", "RNOKPP", "ідентифікаційний номер", "ідентифікаційний код")),
    NationalId("hu", "hu.anum", r"8\d{9}", ("adóazonosító jel", "adóazonosító")),
    NationalId("hr", "hr.oib", r"\d{11}", ("OIB",)),
    NationalId("si", "si.emso", r"\d{13}", ("EMŠO", "EMSO")),
    NationalId("si", "si.ddv", r"\d{8}", ("davčna številka", "davčne številke", "davčno številko")),
    # Belarus's payer number: two letters and seven digits is an individual's (all digits a company's)
    NationalId("by", "by.unp", r"[A-ZА-Я]{2}\d{7}", ("УНП", "UNP", "учетный номер плательщика",
                                                   "уліковы нумар плацельшчыка")),
    NationalId("ru", "ru.inn", r"\d{12}|\d{10}", ("ИНН", "INN")),
    NationalId("ru", "local.ru_snils", r"\d{3}-\d{3}-\d{3}[ -]\d{2}", ("СНИЛС", "SNILS"), False),
    NationalId("ru", "local.ru_snils", r"\d{11}", ("СНИЛС", "SNILS", "страховой номер")),
    NationalId("ch", "ch.ssn", r"756\.?\d{4}\.?\d{4}\.?\d{2}", ("AHV", "AVS", "AHV-Nr."), False),
    NationalId("at", "at.vnr", r"\d{4} ?\d{6}", ("SVNR", "SV-Nr.", "SV-Nummer", "Sozialversicherungsnummer", "VSNR")),
    NationalId("dk", "dk.cpr", r"\d{6}-?\d{4}", ("CPR", "CPR-nr.", "CPR-nummer", "cpr.nr.", "personnummer")),
    # the century signs of 2023 (B-F, U-Y) beside -, + and A
    NationalId("fi", "fi.hetu", r"\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]",
               ("HETU", "henkilötunnus", "henkilötunnuksen", "henkilötunnukseltaan", "personbeteckning"), False),
    # a birth date, a dash and a Luhn digit: structured enough to stand without its name
    NationalId("se", "se.personnummer", r"\d{6}[-+]\d{4}", ("personnummer", "personnr", "pnr"), False),
    NationalId("se", "se.personnummer", r"(?:19|20)?\d{6}[-+]?\d{4}",
               ("personnummer", "personnumret", "personnr", "samordningsnummer")),
    NationalId("no", "no.fodselsnummer", r"\d{11}", ("fødselsnummer",)),
    NationalId("is", "is_.kennitala", r"\d{6}-?\d{4}", ("kennitala", "kennitölu", "kt.")),
    NationalId("ee", "ee.ik", r"[1-6]\d{10}",
               ("isikukood", "isikukoodi", "isikukoodiga", "isikukoodist", "IK", "личный код", "personal code",
                "code personnel")),
    NationalId("lt", "lt.asmens", r"[1-6]\d{10}", ("asmens kodas", "asmens kodo", "a. k.", "a.k.", "AK", "личный код",
                                                     "personal code", "code personnel")),
    # the Latvian personal code is one of the forms stdnum's lv.pvn validates
    NationalId("lv", "lv.pvn", r"[0-3]\d[01]\d\d{2}-?[0-2]\d{4}",
               ("personas kods", "personas koda", "personas kodu", "p.k.", "p. k.", "pers. kods"), False),
    # JMBG/EMBG of Serbia, Bosnia and Herzegovina, Montenegro and North Macedonia: the check
    # digit of Slovenia's EMŠO (stdnum has no module of their own)
    NationalId("rs", "si.emso", r"\d{13}",
               ("JMBG", "ЈМБГ", "JMB", "ЈМБ", "EMBG", "ЕМБГ", "matični broj", "матични број",
                "jedinstveni matični broj", "единствен матичен број")),
    NationalId("tr", "tr.tckimlik", r"[1-9]\d{10}", ("T.C. Kimlik No", "TC Kimlik No", "T.C. Kimlik Numarası",
                                                     "TC kimlik numarası", "kimlik numarası", "TCKN", "TCKNO")),
    NationalId("ie", "ie.pps", r"\d{7}[A-W][A-IW]?", ("PPS", "PPSN"), False),
    # Albania's personal number has the shape of its tax number (stdnum checks the shape only)
    NationalId("al", "al.nipt", r"[A-Z]\d{8}[A-Z]", ("numër personal", "numri personal", "nr. personal", "NID")),
    NationalId("mx", "mx.curp", r"[A-Z]{4}\d{6}[HM][A-Z]{5}[0-9A-Z]\d", ("CURP",), False),
    NationalId("ar", "ar.dni", r"\d{1,2}\.\d{3}\.\d{3}", ("DNI",)),
    NationalId("ar", "ar.cuit", r"\d{2}-\d{8}-\d", ("CUIT", "CUIL"), False),
    NationalId("br", "br.cpf", r"\d{3}\.\d{3}\.\d{3}-\d{2}", ("CPF",), False),
    NationalId("ge", "local.ge_personal", r"\d{11}",
               ("პირადი ნომერი", "პირადი ნომრით", "პირადი ნომრის", "პირადი ნომერია", "პირადი №", "პ/ნ", "პ.ნ.",
                "piradi nomeri")),
)  # fmt: skip


class _Shape:
    """A number python-stdnum has no module for: valid when it has its exact shape."""

    checked = False

    def __init__(self, shape: str) -> None:
        self.shape = re.compile(shape)

    def is_valid(self, value: str) -> bool:
        return self.shape.fullmatch(value) is not None


class _Snils:
    """Russia's insurance number (СНИЛС), which python-stdnum lacks: nine digits and a check
    number, the digits weighted 9 to 1 and summed, modulo 101, 100 written 00 (the Pension Fund's
    published rule)."""

    checked = True

    def is_valid(self, value: str) -> bool:
        digits = re.sub(r"[ -]", "", value)
        if not re.fullmatch(r"\d{11}", digits):
            return False
        total = sum(int(d) * w for d, w in zip(digits[:9], range(9, 0, -1), strict=True))
        return int(digits[9:]) == total % 101 % 100


#: The ``local.`` rows' checks: a published check rule where one exists, else the exact shape.
CHECKED: dict[str, _Snils] = {"local.ru_snils": _Snils()}
LOCAL: dict[str, _Shape | _Snils] = {
    **{s.module: _Shape(s.shape) for s in NATIONAL_IDS if s.module.startswith("local.")},
    **CHECKED,
}


def _valid(name: str) -> str:
    if name not in LOCAL:
        return f"stdnum.{name} valid"
    local = name.removeprefix("local.")
    return f"the check number of {local} valid" if LOCAL[name].checked else f"the shape of {local} after its name"


def _module(name: str) -> ModuleType | _Shape | _Snils:
    return LOCAL[name] if name in LOCAL else import_module(f"stdnum.{name}")


@dataclass(frozen=True)
class _Compiled:
    spec: NationalId
    shape: re.Pattern[str]
    names: re.Pattern[str]
    module: ModuleType | _Shape | _Snils


@lru_cache(maxsize=1)
def compiled() -> tuple[_Compiled, ...]:
    return tuple(
        _Compiled(
            spec,
            re.compile(r"(?<![\w./-])(?:" + spec.shape + r")(?![\w/-]|[.,]\w)"),
            keyword_pattern(list(spec.names)),
            _module(spec.module),
        )
        for spec in NATIONAL_IDS
    )


def validate(module: str, value: str) -> bool:
    """True when python-stdnum's ``stdnum.<module>`` (or a ``local.`` shape) accepts ``value``."""
    return bool(_module(module).is_valid(value))


@lru_cache(maxsize=1)
def all_names() -> re.Pattern[str]:
    """Every name of every number, in one pattern: one scan per item instead of one per row."""
    pattern: re.Pattern[str] = keyword_pattern([n for spec in NATIONAL_IDS for n in spec.names])
    return pattern


@register_recognizer("national_id", ("NATIONAL_ID",))
def recognise_national_ids(inp: RecognizerInput) -> Iterator[Candidate]:
    names = [(m.end(), m.group().lower()) for m in all_names().finditer(inp.text)]
    seen: set[tuple[int, int]] = set()
    for c in compiled():
        wanted = {n.lower() for n in c.spec.names}
        window = SHAPE_WINDOW if isinstance(c.module, _Shape) else CONTEXT_WINDOW
        for m in c.shape.finditer(inp.text):
            span = (m.start(), m.end())
            if span in seen or not c.module.is_valid(m.group()):
                continue
            if c.spec.needs_context and not any(
                0 <= m.start() - end <= window and " ".join(name.split()) in wanted for end, name in names
            ):
                continue
            seen.add(span)
            yield Candidate(
                *span, "NATIONAL_ID", f"rule:national_id/{c.spec.module}", detail=_valid(c.spec.module)
            )
    if inp.ocr:
        yield from _misread_after_names(inp.text, names, seen)


#: What a scan reads for the check character at a number's end, both ways ("S" as "5", "O" as
#: "0", "J" as ")"); only the last two characters are tried, where the check letters stand.
OCR_CHECK = {
    "0": "O", "O": "0", "1": "IJ", "I": "1", "l": "1I", "5": "S", "S": "5", "8": "B", "B": "8",
    "2": "Z", "Z": "2", "6": "G", "G": "6", ")": "J", "]": "J", "|": "1I",
}  # fmt: skip
_AFTER_NAME = re.compile(r"[\s:.º°n-]{0,6}([A-Za-z0-9)\]|]+(?: [A-Za-z0-9)\]|]+){0,2})")


def _misread_after_names(text: str, names: list[tuple[int, str]], seen: set[tuple[int, int]]) -> Iterator[Candidate]:
    """In a scan, the number right after a national number's name, with its check characters
    misread: kept when a repair of the last two characters passes the number's validation."""
    for end, name in names:
        after = _AFTER_NAME.match(text, end)
        if after is None:
            continue
        tokens = after.group(1).split(" ")
        specs = [c for c in compiled() if " ".join(name.split()) in {n.lower() for n in c.spec.names}]
        for count in range(len(tokens), 0, -1):
            value = " ".join(tokens[:count])
            start = after.start(1)
            span = (start, start + len(value))
            if span in seen:
                break
            hit = next(
                ((c, r) for r in readings(value, OCR_CHECK, start=len(value) - 2, keep=True) for c in specs
                 if r != value and re.fullmatch(c.spec.shape, r) and c.module.is_valid(r)),
                None,
            )  # fmt: skip
            if hit is not None:
                seen.add(span)
                yield Candidate(*span, "NATIONAL_ID", f"rule:national_id/{hit[0].spec.module}", score=0.8,
                                detail=f"stdnum.{hit[0].spec.module} valid as {hit[1]} (read from a scan)")  # fmt: skip
                break
