"""Checksummed identifiers: valid numbers are found, checksum failures never are.

Every number is computed here with python-stdnum's own check-digit functions from invented
bases (or is a documented test vector), never taken from the corpus.
"""

from __future__ import annotations

import pytest
from stdnum import iban, luhn
from stdnum.bg import egn
from stdnum.by import unp
from stdnum.cz import rc
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.hr import oib
from stdnum.is_ import kennitala
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.pt import nif
from stdnum.ro import cnp

from tests.pii.conftest import Analyse, texts
from triage.pii.recognizers.national_ids import NATIONAL_IDS, validate


def make_iban(country: str, bban: str) -> str:
    return country + iban.calc_check_digits(country + "00" + bban) + bban


def group4(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def broken(value: str) -> str:
    """The same number with its last digit changed: the checksum fails."""
    last = value[-1]
    return value[:-1] + (str((int(last) + 1) % 10) if last.isdigit() else ("A" if last != "A" else "B"))


@pytest.mark.parametrize(
    ("country", "bban"),
    [("DE", "370400440532013000"), ("FR", "30001007941234567890185"), ("ES", "21000418450200051332"),
     ("NL", "ABNA0417164300"), ("PL", "109010140000071219812874")],
)  # fmt: skip
def test_iban_found_grouped_and_compact(pii: Analyse, country: str, bban: str) -> None:
    value = make_iban(country, bban)
    assert iban.is_valid(value)
    text = f"Payments went to IBAN {group4(value)} EUR and later to {value}."
    assert texts(pii(text), "IBAN") == [group4(value), value]


def test_iban_with_bad_check_digits_is_not_an_iban(pii: Analyse) -> None:
    value = make_iban("DE", "370400440532013000")
    bad = value[:2] + f"{(int(value[2:4]) + 1) % 97:02d}" + value[4:]
    assert not iban.is_valid(bad)
    assert texts(pii(f"Transfer to IBAN {group4(bad)} yesterday."), "IBAN") == []


def test_company_iban_is_not_personal_data(pii: Analyse) -> None:
    value = group4(make_iban("DE", "370400440532013000"))
    spans = pii(f"The supplier Nordwerk Maschinen GmbH, {value}, was paid.")
    assert texts(spans, "IBAN") == []
    assert texts(spans, "PHONE") == []  # no piece of it is read as something else


def make_card(prefix: str, length: int) -> str:
    body = prefix + "7" * (length - len(prefix) - 1)
    return body + luhn.calc_check_digit(body)


@pytest.mark.parametrize(("prefix", "length"), [("4", 16), ("51", 16), ("2221", 16), ("37", 15), ("2200", 16)])
def test_card_numbers_need_luhn_and_issuer(pii: Analyse, prefix: str, length: int) -> None:
    card = make_card(prefix, length)
    shown = group4(card)
    assert texts(pii(f"Card no. {shown} was used twice."), "CARD_NUMBER") == [shown]
    assert texts(pii(f"Card no. {group4(broken(card))} was used twice."), "CARD_NUMBER") == []


def test_partial_card_is_not_a_card(pii: Analyse) -> None:
    assert texts(pii("paid with a debit card ending 4471 on 3 May"), "CARD_NUMBER") == []


def complete(module: object, base: str) -> str:
    """``base`` plus the check digit that makes ``module`` accept it (stdnum has no calc for BSN)."""
    return next(base + d for d in "0123456789" if module.is_valid(base + d))  # type: ignore[attr-defined]


def _pesel() -> str:
    base = "8512310123"  # 31 December 1985
    return base + str(pesel.calc_check_digit(base))


def _cnp() -> str:
    base = "185123140123"
    return base + cnp.calc_check_digit(base)


def _egn() -> str:
    base = "851231012"
    return base + egn.calc_check_digit(base)


VALID_IDS = [
    ("es", "DNI", dni, "12345678" + dni.calc_check_digit("12345678")),
    ("es", "NIE", nie, "X1234567" + nie.calc_check_digit("X1234567")),
    ("pl", "PESEL", pesel, _pesel()),
    ("ro", "CNP", cnp, _cnp()),
    ("nl", "BSN", bsn, complete(bsn, "12345678")),
    ("it", "codice fiscale", codicefiscale, "RSSMRA85T10A562" + codicefiscale.calc_check_digit("RSSMRA85T10A562")),
    ("bg", "ЕГН", egn, _egn()),
    ("el", "ΕΓΝ", egn, _egn()),  # a Greek request about a Bulgarian names the number in Greek letters
    ("ru", "УНП", unp, "KB481273" + unp.calc_check_digit("KB481273")),  # a Belarusian individual's payer number
    ("cs", "rodné číslo", rc, complete(rc, "850101123")),  # without its slash
    ("en", "kennitala", kennitala, complete(kennitala, "120174339")),
    ("hr", "OIB", oib, complete(oib, "1234567890")),
    ("pt", "NIF", nif, "12345678" + nif.calc_check_digit("12345678")),
    ("fr", "NIR", nir, "1851275123456" + nir.calc_check_digits("1851275123456")),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "name", "module", "number"), VALID_IDS, ids=[v[1] for v in VALID_IDS])
def test_national_id_found_and_checksum_failure_rejected(
    pii: Analyse, lang: str, name: str, module: object, number: str
) -> None:
    assert module.is_valid(number)  # type: ignore[attr-defined]
    assert texts(pii(f"The person ({name} {number}) was heard.", lang), "NATIONAL_ID") == [number]
    bad = broken(number)
    assert not module.is_valid(bad)  # type: ignore[attr-defined]
    assert texts(pii(f"The person ({name} {bad}) was heard.", lang), "NATIONAL_ID") == []


def test_plain_digit_ids_need_their_name(pii: Analyse) -> None:
    number = complete(bsn, "12345678")
    assert texts(pii(f"Reference {number} of the file.", "nl"), "NATIONAL_ID") == []
    assert texts(pii(f"BSN {number} van de verdachte.", "nl"), "NATIONAL_ID") == [number]


def test_every_table_row_names_a_real_stdnum_module() -> None:
    for spec in NATIONAL_IDS:
        assert validate(spec.module, "0") is False  # imports stdnum.<module> and runs it


def test_a_national_number_whose_check_characters_a_scan_misread_is_kept_when_a_repair_validates() -> None:
    from stdnum.it import codicefiscale

    from triage.pii.lang import load_lang_data
    from triage.pii.recognizers.national_ids import recognise_national_ids
    from triage.pii.registry import RecognizerInput

    fiscal = "RSSMRA85T10A562" + codicefiscale.calc_check_digit("RSSMRA85T10A562")  # ends in S
    text = f"con DNI 123456782, nato a Roma, C.F. {fiscal[:-1]}5 e null'altro; DNI 12345678 senza lettera"
    scanned = RecognizerInput(text=text, language="it", data=load_lang_data(), ocr=True)
    found = {text[c.start : c.end]: c.detail for c in recognise_national_ids(scanned)}
    assert found == {
        "123456782": "stdnum.es.dni valid as 12345678Z (read from a scan)",  # "Z" read as "2"
        f"{fiscal[:-1]}5": f"stdnum.it.codicefiscale valid as {fiscal} (read from a scan)",
    }
    typed = RecognizerInput(text=text, language="it", data=load_lang_data())
    assert list(recognise_national_ids(typed)) == []


@pytest.mark.parametrize(
    ("text", "lang", "account"),
    [
        ("Parayı şirket hesabına değil, şahsi hesabıma yatırın: TR33 0006 1005 1978 6457 8413 26.", "tr",
         "TR33 0006 1005 1978 6457 8413 26"),
        ("Žiadame výpisy z účtov SK31 1200 0000 1987 4263 7541 (Banka XY, a.s.) a "
         "CZ65 0800 0000 1920 0014 5399 za rok 2026.", "sk", "CZ65 0800 0000 1920 0014 5399"),
    ],
)  # fmt: skip
def test_a_company_word_overruled_or_closed_in_brackets_leaves_the_account_personal(
    pii: Analyse, text: str, lang: str, account: str
) -> None:
    """"Not the company's account but my personal one", and a bank's legal form in brackets
    after the account before: the account is a person's."""
    assert account in texts(pii(text, lang), "IBAN")


def test_an_account_a_company_introduces_is_still_the_companys(pii: Analyse) -> None:
    assert texts(pii("Zahlung an die Nordwind GmbH, Konto DE89 3704 0044 0532 0130 00.", "de"), "IBAN") == []


def test_a_georgian_personal_number_needs_its_name(pii: Analyse) -> None:
    """Georgia's personal number has no check digit that python-stdnum knows: its shape counts
    right after its name only, and another eleven-digit number stays unread."""
    text = "დაკავებულია გიორგი ბერიძე, პირადი ნომერი 01024085123. საქმის ნომერი 92026082301."
    assert texts(pii(text, "ka"), "NATIONAL_ID") == ["01024085123"]


def test_a_russian_insurance_number_by_its_check_number(pii: Analyse) -> None:
    """СНИЛС has no python-stdnum module: its published check number decides, written with
    its dashes anywhere, as eleven bare digits only after its name."""
    digits = "487120953"
    check = sum(int(d) * w for d, w in zip(digits, range(9, 0, -1), strict=True)) % 101 % 100
    number = f"{digits[:3]}-{digits[3:6]}-{digits[6:]} {check:02d}"
    wrong = f"{number[:-2]}{(check + 1) % 100:02d}"
    assert texts(pii(f"Петров П.П., СНИЛС {number}, проживает", "ru"), "NATIONAL_ID") == [number]
    assert texts(pii(f"Петров П.П., СНИЛС {wrong}, проживает", "ru"), "NATIONAL_ID") == []
    assert texts(pii(f"страховой номер {digits}{check:02d} указан", "ru"), "NATIONAL_ID") == [f"{digits}{check:02d}"]


def test_a_greek_identity_card_number_is_a_national_id(pii: Analyse) -> None:
    """Like the Portuguese Cartão de Cidadão, the Greek police identity card (ΑΔΤ) numbers a
    person; its shape counts right after its name only."""
    text = "Ο ύποπτος, κάτοχος του Α.Δ.Τ. ΑΚ 482915, δήλωσε ότι η πινακίδα ΑΚ 482915 δεν είναι δική του."
    assert texts(pii(text, "el"), "NATIONAL_ID") == ["ΑΚ 482915"]
    assert texts(pii(text, "el"), "PASSPORT") == []
