"""Lines a layout wrapped are joined back (PDF text layers, scans); the author's lines are kept."""

from __future__ import annotations

from triage.ingest.layout import reflow

WRAPPED = (
    "The prosecutor asks that the suspect, who is held in custody until 14 March\n"
    "2027, be heard before that date, and that the account IBAN DE89 3704 0044\n"
    "0532 0130 00 of Mr Jan Kowalski and of his brother Mr Piotr Kowal-\n"
    "ski be frozen; the wallet is named by the Jean-\n"
    "Pierre Martin letter of the first of March of this year.\n"
)


def test_a_phrase_an_iban_and_a_hyphenated_name_wrapped_at_the_margin_are_one_line_again() -> None:
    text = reflow(WRAPPED.strip())
    assert "custody until 14 March 2027, be heard" in text
    assert "DE89 3704 0044 0532 0130 00" in text
    assert "Mr Piotr Kowalski be frozen" in text and "Jean-Pierre Martin" in text
    assert "\n" not in text


def test_the_authors_lines_keep_their_breaks() -> None:
    address = "Jan Kowalski\nul. Długa 5\n00-001 Warszawa"
    assert reflow(address) == address  # short lines: an address block
    fields = (
        "Issuing authority of the order in this matter: Prokuratura Okręgowa w Krakowie\n"
        "Address: ul. Mogilska 21, 31-542 Kraków, Poland, second floor, room 12"
    )
    assert reflow(fields) == fields  # a "Label:" field starts a line of its own
    items = (
        "1) the bank statements of the accounts held by the suspect since 2024\n"
        "2) the subscriber data of the telephone numbers used by the suspect in 2025\n"
        "3) the logs"
    )
    assert reflow(items) == items
    assert reflow("one paragraph here\n\nanother one") == "one paragraph here\n\nanother one"


def test_a_number_that_ends_a_wrapped_line_is_not_a_list_item() -> None:
    text = (
        "1) The account in Italy numbered IT96 D030 6950 4702 0083 8999\n"
        "362) is to be closed and the money moved, as agreed on the phone.\n"
        "2) The rest stays."
    )
    assert "8999 362) is to be closed" in reflow(text)
    assert "\n2) The rest stays." in reflow(text)


def test_a_chat_record_starts_its_own_line() -> None:
    text = (
        "[27.09.2026 14:08] marek_k: the money is ready, we meet at the station at six tonight\n"
        "[27.09.2026 14:10] lyolik_1990: fine, bring the second phone and the cards too"
    )
    assert reflow(text) == text
