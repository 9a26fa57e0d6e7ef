"""Legacy code pages chosen by the language they make: Polish in Windows-1250, Portuguese in 1252, ..."""

from __future__ import annotations

import pytest

from triage.ingest.text import decode_text

# Sentences written for these tests (not from the development corpus), each in the code page
# its language was written in before UTF-8.
LETTERS = {
    ("pl", "cp1250"): "Prokuratura Okręgowa w Łodzi prowadzi śledztwo przeciwko podejrzanemu, który przelał "
    "pieniądze za granicę. Żądamy zabezpieczenia dowodów.",
    ("cs", "cp1250"): "Obviněný byl včera zadržen policií. Státní zástupce žádá o výpis z účtu a o zajištění důkazů.",
    ("sk", "cp1250"): "Obvinený bol včera zadržaný políciou. Prokurátor žiada o výpis z účtu a o zaistenie dôkazov.",
    ("hu", "cp1250"): "A gyanúsítottat tegnap őrizetbe vették. Az ügyész kéri a bankszámlakivonatok megküldését.",
    ("ro", "cp1250"): "Suspectul a fost reţinut ieri de poliţie. Procurorul solicită extrasele contului bancar.",
    ("pt", "cp1252"): "O Ministério Público solicita a apreensão das contas bancárias do suspeito, que transferiu "
    "o dinheiro para o estrangeiro através de várias operações.",
    ("fr", "cp1252"): "Le procureur demande la saisie des comptes bancaires du suspect, qui a transféré l'argent.",
    ("de", "cp1252"): "Die Staatsanwaltschaft ermittelt wegen Betruges gegen einen Beschuldigten in Köln.",
    ("es", "cp1252"): "El fiscal solicita el embargo de las cuentas bancarias del sospechoso, que transfirió dinero.",
    ("ru", "cp1251"): "Подозреваемый был задержан вчера вечером. Прокурор просит предоставить банковские выписки.",
    ("el", "cp1253"): "Ο ύποπτος συνελήφθη χθες το βράδυ. Ο εισαγγελέας ζητά τα αντίγραφα του λογαριασμού.",
    ("tr", "cp1254"): "Şüpheli dün akşam polis tarafından gözaltına alındı. Savcı banka hesap dökümlerini istiyor.",
    ("lt", "cp1257"): "Įtariamasis vakar vakare buvo sulaikytas policijos. Prokuroras prašo banko sąskaitos išrašų.",
}


@pytest.mark.parametrize(("language", "code_page"), list(LETTERS))
def test_a_legacy_file_is_read_in_the_code_page_of_its_language(language: str, code_page: str) -> None:
    text = LETTERS[language, code_page]
    decoded = decode_text(text.encode(code_page))
    assert decoded.text == text and decoded.encoding == code_page and decoded.warning is None


def test_a_text_too_short_to_tell_is_flagged_and_the_declared_language_decides() -> None:
    data = "Olá João".encode("cp1252")
    unsure = decode_text(data)
    assert unsure.warning is not None and unsure.warning.code == "encoding_uncertain"
    declared = decode_text(data, "pt")
    assert declared.text == "Olá João" and declared.encoding == "cp1252"


def test_utf8_and_boms_are_certain() -> None:
    assert decode_text("Łódź".encode()).warning is None
    assert decode_text("Łódź".encode("utf-16")).text == "Łódź"
