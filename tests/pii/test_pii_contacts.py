"""E-mails, phones, IP addresses and crypto wallets."""

from __future__ import annotations

import hashlib

import pytest

from tests.pii.conftest import Analyse, texts
from triage.pii.recognizers.crypto import B58, base58_wallet, bech32_valid


def test_personal_email_found_generic_mailbox_not(pii: Analyse) -> None:
    text = "Write to info@ministry.example or to the officer, jan.kowalsky84@mail.example."
    assert texts(pii(text), "EMAIL") == ["jan.kowalsky84@mail.example"]


def test_message_id_is_not_an_email(pii: Analyse) -> None:
    assert texts(pii("From: x\nMessage-ID: <x7Yz.99@mx.mail.example>\n"), "EMAIL") == []


@pytest.mark.parametrize(
    ("lang", "text", "number"),
    [("fr", "Son portable : 06 12 34 56 78.", "06 12 34 56 78"),
     ("en", "His mobile telephone (+44 7700 900123) was seized.", "+44 7700 900123"),
     ("de", "Mobiltelefon 0171 2345678, bitte", "0171 2345678"),
     ("es", "con teléfono 612 345 678 y", "612 345 678"),
     ("it", "la minacciava al numero 347 1234567 ogni sera", "347 1234567"),
     ("de", "Frau Lena Korte, Tel. 0151 23456789.", "0151 23456789")],
)  # fmt: skip
def test_phone_numbers_by_region(pii: Analyse, lang: str, text: str, number: str) -> None:
    assert texts(pii(text, lang), "PHONE") == [number]


def test_dates_times_and_references_are_not_phones(pii: Analyse) -> None:
    text = "[24.11.2026 17:02] ok\nCase no. 2026/004471 – ref 26-318-042\nSMS received 02/11/2026 23:14"
    assert texts(pii(text, "en"), "PHONE") == []


def test_switchboard_is_not_personal_data(pii: Analyse) -> None:
    assert texts(pii("Staatsanwaltschaft, Tel. 0211 870-0 (Zentrale)", "de"), "PHONE") == []


def test_a_fixed_line_after_tel_is_the_units_unless_a_personal_mailbox_shares_its_line(pii: Analyse) -> None:
    unit = "Landeskriminalamt, Tel. 0211 939 4417, poststelle@lka.example"
    direct = "KHK Jonas Brettschneider, Tel. 0211 939 4417, jonas.brettschneider@lka.example"
    assert texts(pii(unit, "de"), "PHONE") == []
    assert texts(pii(direct, "de"), "PHONE") == ["0211 939 4417"]


def test_a_number_on_the_line_of_an_officials_title_is_the_officials(pii: Analyse) -> None:
    unit = "Prokuratura Okręgowa w Krakowie, tel. +48 12 619 44 17"
    direct = "Prokurator Joanna Michalska, tel. bezpośredni +48 12 619 44 17"
    assert texts(pii(unit, "pl"), "PHONE") == []
    assert texts(pii(direct, "pl"), "PHONE") == ["+48 12 619 44 17"]


def test_a_generic_word_at_a_webmail_provider_is_someones_account(pii: Analyse) -> None:
    text = "Write to info@lka.example or to the seller at shop.admin77@proton.me and pay."
    assert texts(pii(text, "en"), "EMAIL") == ["shop.admin77@proton.me"]


def test_a_number_after_a_plus_is_a_phone_not_a_card(pii: Analyse) -> None:
    """"+49 152 0947 6618" passes Luhn; the plus makes it an international number."""
    spans = pii("Handy: +49 152 0947 6618", "de")
    assert texts(spans, "PHONE") == ["+49 152 0947 6618"] and texts(spans, "CARD_NUMBER") == []


def test_ip_addresses_validated(pii: Analyse) -> None:
    text = "Log-ins from 198.51.100.7 and 2001:db8:1::2f, not from 999.1.1.1 or 12:30:45."
    assert texts(pii(text), "IP_ADDRESS") == ["198.51.100.7", "2001:db8:1::2f"]


def base58check(payload: bytes) -> str:
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    num = int.from_bytes(raw, "big")
    out = ""
    while num:
        num, rem = divmod(num, 58)
        out = B58[rem] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def test_wallets_bitcoin_bech32_base58_tron_ethereum(pii: Analyse) -> None:
    bech = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # BIP-173 test vector
    p2pkh = base58check(b"\x00" + bytes(range(1, 21)))
    tron = base58check(b"\x41" + bytes(range(30, 50)))
    eth = "0x" + "ab12" * 10
    text = f"Paid to {bech}, then {p2pkh}, then {tron} and {eth}."
    assert texts(pii(text), "CRYPTO_WALLET") == [bech, p2pkh, tron, eth]
    assert base58_wallet(tron) == "tron" and base58_wallet(p2pkh) == "bitcoin"


def test_wallet_checksum_failures_rejected() -> None:
    assert not bech32_valid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")
    good = base58check(b"\x00" + bytes(range(1, 21)))
    assert base58_wallet(good[:-1] + ("2" if good[-1] != "2" else "3")) is None


def test_wallets_a_layout_broke_are_found_when_the_pieces_pass_the_checksum(pii: Analyse) -> None:
    bech = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    p2pkh = base58check(b"\x00" + bytes(range(1, 21)))
    broken = f"{bech[:9]} {bech[9:30]}\n{bech[30:]}"
    text = f"Paid to {broken}, then to {p2pkh[:12]}\n{p2pkh[12:]}; the rest to bc1q words here."
    found = texts(pii(text), "CRYPTO_WALLET")
    assert found == [broken, f"{p2pkh[:12]}\n{p2pkh[12:]}"]


def test_an_at_sign_misread_by_ocr_is_repaired_only_in_scans() -> None:
    from triage.pii.lang import load_lang_data
    from triage.pii.recognizers.email import recognise_email
    from triage.pii.registry import RecognizerInput

    text = "write to jan.kowalskiGgmail.com or anna_nowak(wp.pl, not to Google.com or the GQ desk"
    scanned = RecognizerInput(text=text, language="en", data=load_lang_data(), ocr=True)
    found = {text[c.start : c.end]: c.detail for c in recognise_email(scanned)}
    assert set(found) == {"jan.kowalskiGgmail.com", "anna_nowak(wp.pl"}
    assert "'G' for '@'" in (found["jan.kowalskiGgmail.com"] or "")
    typed = RecognizerInput(text=text, language="en", data=load_lang_data())
    assert list(recognise_email(typed)) == []  # a typed text means what it says


def test_an_at_sign_read_as_a_letter_or_digit_is_repaired_only_before_a_mail_domain() -> None:
    from triage.pii.lang import load_lang_data
    from triage.pii.recognizers.email import recognise_email
    from triage.pii.registry import RecognizerInput

    text = (
        "Contact: marta.lopez926hotmail.com and peter.meyer6gmail.com; seen at nikolai.ops( proton.me,\n"
        "by nick_ 77@mail.example and lena.kraus@firma-nord.de, once lena.kraus6firma-nord.de;\n"
        "not report6final.pdf nor www.example.com"
    )
    scanned = RecognizerInput(text=text, language="en", data=load_lang_data(), ocr=True)
    found = {text[c.start : c.end] for c in recognise_email(scanned)}
    assert found == {
        "marta.lopez926hotmail.com", "peter.meyer6gmail.com", "nikolai.ops( proton.me", "nick_ 77@mail.example",
        "lena.kraus@firma-nord.de", "lena.kraus6firma-nord.de",  # a domain the item spells with "@"
        "77@mail.example",  # the typed rule's reading of the broken one: resolved to the longer span
    }  # fmt: skip
    typed = RecognizerInput(text=text, language="en", data=load_lang_data())
    assert {text[c.start : c.end] for c in recognise_email(typed)} == {"77@mail.example", "lena.kraus@firma-nord.de"}


def test_a_wallet_misread_by_ocr_is_kept_when_a_repair_passes_the_checksum() -> None:
    from triage.pii.lang import load_lang_data
    from triage.pii.recognizers.crypto import recognise_crypto
    from triage.pii.registry import RecognizerInput

    bech = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    p2pkh = base58check(b"\x00" + bytes(range(1, 21)))  # 16L5yRNPTuciSgXGHqYwn9N6NeoKqopAu
    misread = p2pkh.replace("o", "0")  # "0" is not in base58: only a repair can make it valid
    assert "0" in misread
    text = f"paid to {bech.replace('0', 'o', 1)} and to {misread}"
    scanned = RecognizerInput(text=text, language="en", data=load_lang_data(), ocr=True)
    found = [text[c.start : c.end] for c in recognise_crypto(scanned)]
    assert found == [bech.replace("0", "o", 1), misread]
    typed = RecognizerInput(text=text, language="en", data=load_lang_data())
    assert list(recognise_crypto(typed)) == []


def test_an_iban_misread_by_ocr_is_kept_when_a_repair_passes_mod_97() -> None:
    from triage.pii.lang import load_lang_data
    from triage.pii.recognizers.iban import recognise_iban
    from triage.pii.registry import RecognizerInput

    text = "transferate în contul nr. RO88 BTRL RONC RTO5 9191 4868, deschis pe numele său"
    scanned = RecognizerInput(text=text, language="ro", data=load_lang_data(), ocr=True)
    found = [(text[c.start : c.end], c.detail) for c in recognise_iban(scanned)]
    misread, meant = "RO88 BTRL RONC RTO5 9191 4868", "RO88 BTRL RONC RT05 9191 4868"
    assert found == [(misread, f"mod-97 valid as {meant} (read from a scan)")]
    assert list(recognise_iban(RecognizerInput(text=text, language="ro", data=load_lang_data()))) == []


def test_a_plus_sign_lost_or_misread_by_ocr_is_repaired_only_in_scans() -> None:
    from triage.pii.lang import load_lang_data
    from triage.pii.recognizers.phone import recognise_phone
    from triage.pii.registry import RecognizerInput

    text = "hívószám: 1359 87 662 0418, mobil -(359 88 123 4567) és 1234 56 78 90"
    scanned = RecognizerInput(text=text, language="hu", data=load_lang_data(), ocr=True)
    found = {text[c.start : c.end]: c.detail for c in recognise_phone(scanned)}
    assert found == {
        "1359 87 662 0418": "valid for BG as +359 87 662 0418 (read from a scan)",
        "359 88 123 4567": "valid for BG as +359 88 123 4567 (read from a scan)",
    }
    typed = RecognizerInput(text=text, language="hu", data=load_lang_data())
    assert list(recognise_phone(typed)) == []
