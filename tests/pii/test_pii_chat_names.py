"""First names alone in lower-case chat logs (``triage/pii/chat_names.py``), on invented logs."""

from __future__ import annotations

import pytest

from tests.pii.conftest import Analyse, texts

DE_LOG = (
    "[03.02.2026 20:01] @nachtfalke: wer hat die ware\n"
    "[03.02.2026 20:02] @zollweg_9: liegt bei Torvin im keller\n"
    "[03.02.2026 20:03] @nachtfalke: ok. Torvin soll sich melden\n"
    "[03.02.2026 20:04] @zollweg_9: mach ich, er ist heute in Bielefeld\n"
)
RO_LOG = (
    "[11.05.2026 22:10] Sandrel te rog nu mai suna\n"
    "[11.05.2026 22:11] sunt cu Mirela langa Hanovra. nu avem bani\n"
    "[11.05.2026 22:12] scrie pe Telegram ca e mai sigur\n"
    "[11.05.2026 22:14] ajuta-ne. Mirela\n"
)
FR_LOG = (
    "[07.08.2026 18:30] @le_four: bon les gars on ouvre a 9h\n"
    "[07.08.2026 18:31] @le_four: Quentel tu gardes l entree, paye sur Revolut\n"
    "[07.08.2026 18:32] @vigie_b: ok je passe à Villemur ce soir\n"
)
PL_LOG = (
    "[09.09.2026 19:40] @wilk_77: siema, jest coś?\n"
    "[09.09.2026 19:41] @kreda: jadę z Bartkiem po towar od Słowaków\n"
    "[09.09.2026 19:42] @wilk_77: ok czekam za Lidlem o 21\n"
)
EN_LOG = (
    "12/04/2026, 21:14 - Dex: yo where u at\n"
    "12/04/2026, 21:15 - Rook: with Caspian at the garage, tell Caspian to bring cash\n"
    "12/04/2026, 21:16 - Dex: k. meet near Ashford later, u bringing the Samsung?\n"
)


@pytest.mark.parametrize(
    ("lang", "log", "names"),
    [("de", DE_LOG, ["Torvin", "Torvin"]),
     ("ro", RO_LOG, ["Sandrel", "Mirela", "Mirela"]),
     ("fr", FR_LOG, ["Quentel"]),
     ("pl", PL_LOG, ["Bartkiem"]),
     ("en", EN_LOG, ["Dex", "Rook", "Caspian", "Caspian", "Dex"])],  # the speakers too
)  # fmt: skip
def test_first_names_in_lower_case_chat_logs(pii: Analyse, lang: str, log: str, names: list[str]) -> None:
    """Names after "bei"/"cu"/"with", vocatives and a signature are found; places after a
    locative preposition, brands and capitalised common words are not."""
    assert texts(pii(log, lang), "PERSON") == names


def test_recurrences_share_one_identity(pii: Analyse) -> None:
    spans = [s for s in pii(DE_LOG, "de") if s.type == "PERSON"]
    assert len({s.person_id for s in spans}) == 1


def test_properly_capitalised_log_is_left_alone(pii: Analyse) -> None:
    """Writers who capitalise sentences and nouns give capitals no weight; the same log in
    lower case does."""
    log = (
        "[03.02.2026 20:01] @nachtfalke: Die Ware liegt im Keller.\n"
        "[03.02.2026 20:02] @zollweg_9: Gut. Bringe sie zu Torvin morgen.\n"
        "[03.02.2026 20:03] @nachtfalke: Morgen geht nicht, Samstag vielleicht.\n"
    )
    assert texts(pii(log, "de"), "PERSON") == []
    lower = log.replace("Die Ware", "die ware").replace("Keller", "keller").replace("Gut. Bringe", "gut. bringe")
    lower = lower.replace("Morgen geht", "morgen geht").replace("Samstag", "samstag")
    assert texts(pii(lower, "de"), "PERSON") == ["Torvin"]


def test_street_and_number_are_no_name(pii: Analyse) -> None:
    log = (
        "[01.01.2026 10:00] hallo wie gehts\n"
        "[01.01.2026 10:01] komm zur Lindenstraße 4 mit Torvin heute\n"
        "[01.01.2026 10:02] ok bis dann\n"
    )
    assert texts(pii(log, "de"), "PERSON") == ["Torvin"]


def test_kinship_word_opening_a_message_is_an_address(pii: Analyse) -> None:
    """'bruder …' speaks to the reader: the person named later in the message keeps the
    default role instead of 'other' (a relative)."""
    log = DE_LOG.replace("liegt bei Torvin im keller", "bruder Darek WOLNITZ hat das zeug")
    roles = {s.text: s.role for s in pii(log, "de") if s.type == "PERSON"}
    assert roles["Darek WOLNITZ"] == "suspect"


def test_kinship_words_inside_a_chats_messages_give_no_role(pii: Analyse) -> None:
    """Inside a chat's messages "sein Bruder", "der Anwalt" say how the writers know someone,
    not the part the person plays; in a report the same words still do."""
    log = DE_LOG.replace("liegt bei Torvin im keller", "sein Bruder Darek WOLNITZ hat das zeug")
    roles = {s.text: s.role for s in pii(log, "de") if s.type == "PERSON"}
    assert roles["Darek WOLNITZ"] == "suspect"
    report = "Die Ware lag laut Zeugin bei seinem Bruder Darek WOLNITZ im Keller in Bielefeld."
    assert {s.text: s.role for s in pii(report, "de") if s.type == "PERSON"}["Darek WOLNITZ"] == "other"


def test_a_speaker_after_a_bare_message_time_is_a_person(pii: Analyse) -> None:
    text = "21:02 Keijo: onks sulla viel\n21:04 Raimo: on\n21:05 Keijo: ok"
    assert [s.text for s in pii(text, "fi") if s.type == "PERSON"] == ["Keijo", "Raimo", "Keijo"]


SQ_LOG = (
    "[03.12.2026 20:10] @zogu_88: ku jeni, kemi mall per shitje\n"
    "[03.12.2026 20:11] @drini: nesër nisemi ne Rrogozhinë me makinë\n"
    "[03.12.2026 20:12] @zogu_88: ok. Ardiani vjen me ju\n"
    "[03.12.2026 20:13] @drini: mire vlla\n"
)
SV_LOG = (
    "[14.03.2026 21:01] @kvarn: har du grejerna\n"
    "[14.03.2026 21:02] @lodda: ja, vi ses i Kalmarby ikväll\n"
    "[14.03.2026 21:03] @kvarn: ok. Ossian kör bilen\n"
    "[14.03.2026 21:04] @lodda: bra\n"
)
HR_LOG = (
    "[14.03.2026 21:01] @kvarn: imas robu\n"
    "[14.03.2026 21:02] @lodda: imam, dolaze sutra brat i Lovrenc\n"
    "[14.03.2026 21:03] @kvarn: ok. javi kad stignu\n"
    "[14.03.2026 21:04] @lodda: dobro\n"
)


@pytest.mark.parametrize(
    ("lang", "log", "names"),
    [("sq", SQ_LOG, ["Ardiani"]), ("sv", SV_LOG, ["Ossian"]), ("hr", HR_LOG, ["Lovrenc"])],
)
def test_a_languages_own_prepositions_mark_places(pii: Analyse, lang: str, log: str, names: list[str]) -> None:
    """Albanian "ne" and Swedish "i" (in) put a place after them; Croatian "i" is "and", so a
    name stays a name after it."""
    assert texts(pii(log, lang), "PERSON") == names


@pytest.mark.parametrize(
    "log",
    [
        # the speaker first, the time after it, in brackets or not
        "Radko (21:04): maš li robu\nVelimir [21:05]: imam\nRadko 21:06: ok",
        # a Telegram or Viber export copied as text: a header line, the message below it
        "Radko, [12.03.26 21:04]\nmaš li robu\n\nVelimir 12.03.2026 21:05\nimam\n\nRadko, [12.03.26 21:06]\nok",
        # the date first, no dash before the speaker; a year first too
        "12.03.2026 21:04 Radko: maš li robu\n2026.03.12. 21:05 Velimir: imam\n12.03.2026 21:06 Radko: ok",
        # Discord: the speaker, a dash and the time on a line of their own
        "Radko — 12.03.2026 21:04\nmaš li robu\nVelimir — 12.03.2026 21:05\nimam\nRadko — 12.03.2026 21:06\nok",
        # a forensic report's table: date and time | speaker | message
        "12.03.2026 21:04 | Radko | maš li robu\n12.03.2026 21:05 | Velimir | imam\n12.03.2026 21:06 | Radko | ok",
    ],
)
def test_speakers_of_other_chat_exports(pii: Analyse, log: str) -> None:
    assert texts(pii(log, "hr"), "PERSON") == ["Radko", "Velimir", "Radko"]


@pytest.mark.parametrize(
    "text",
    [
        "Zapis razgovora.\n\n– Goran: gdje si?\n– Dario: doma\n– Goran: dolazim\n– Dario: dobro",
        "Zapis razgovora.\n\nGoran:\ngdje si?\n\nDario:\ndoma\n\nGoran:\ndolazim\n\nDario:\ndobro",
    ],
)
def test_transcript_labels_after_a_dash_or_above_the_words(pii: Analyse, text: str) -> None:
    assert texts(pii(text, "hr"), "PERSON") == ["Goran", "Dario", "Goran", "Dario"]


def test_transcript_without_times_names_its_speakers(pii: Analyse) -> None:
    """Labels that recur at line starts are speakers when they are names; a form's recurring
    field labels ("Telefon:") are not."""
    text = (
        "Zapis razgovora.\n\nGoran: gdje si?\nDario: doma. šta je?\nGoran: treba pokupiti robu\n"
        "Dario: dobro, javit ću Zvonku\n\nTelefon: 091 555 1234\nTelefon: 098 555 4321\n"
    )
    assert texts(pii(text, "hr"), "PERSON") == ["Goran", "Dario", "Goran", "Dario", "Zvonku"]


@pytest.mark.parametrize(
    ("lang", "log", "names"),
    [
        # the emoji of a display name before the colon, with a time or without
        ("da", "12.03.2026 21:04 Mette 🌸: er du hjemme?\n12.03.2026 21:05 Jonna: ja\n12.03.2026 21:06 Mette 🌸: ok",
         ["Mette", "Jonna", "Mette"]),
        ("uk", "Розмова в месенджері.\n\nTarasyk 🇺🇦: де ти?\nBohdanko ⚡️: вдома\nTarasyk 🇺🇦: виходь\nBohdanko ⚡️: ок",
         ["Tarasyk", "Bohdanko", "Tarasyk", "Bohdanko"]),
        # a nickname with a hyphen
        ("de", "[12.03.26 21:04] Ali-K: wo bist du?\n[12.03.26 21:05] Tommi: morgen\n[12.03.26 21:06] Ali-K: ok",
         ["Ali-K", "Tommi", "Ali-K"]),
    ],
)  # fmt: skip
def test_display_names_with_emoji_or_hyphen_are_speakers(pii: Analyse, lang: str, log: str, names: list[str]) -> None:
    """A form's field label carries no emoji: a display name does."""
    assert texts(pii(log, lang), "PERSON") == names


def test_transcript_labels_of_two_unknown_words_are_speakers(pii: Analyse) -> None:
    """Two capitalised words that are no words of the language, recurring as labels, name a
    speaker the lexicon does not know; a form's labels are common words."""
    text = (
        "Стенограма.\n\nГафійка Будзинська: де гроші?\nСтефця Присяжнюк: завтра\nГафійка Будзинська: сьогодні\n"
        "Стефця Присяжнюк: добре\n\nМісце проживання: Київ\nМісце проживання: Львів\n"
    )
    assert texts(pii(text, "uk"), "PERSON") == ["Гафійка Будзинська", "Стефця Присяжнюк"] * 2


def test_a_regular_speaker_named_by_another_languages_word(pii: Analyse) -> None:
    """"Dato" is a Danish word (and Italian): as the name of an author who writes again and
    again, it is a name; only the item's own language's words are no names there."""
    log = (
        "[12.03.2026 21:04] Dato Maisuradze: sad khar? puli moitane\n"
        "[12.03.2026 21:05] Levan Kapanadze: khval movitan\n"
        "[12.03.2026 21:06] Dato Maisuradze: kargi, khval dilit\n"
    )
    assert texts(pii(log, "fr"), "PERSON") == ["Dato Maisuradze", "Levan Kapanadze", "Dato Maisuradze"]
