"""Urgency stage on invented items: levels, reasons with evidence, deadlines, document dates."""

from __future__ import annotations

import datetime as dt

import pytest

from triage.config import Settings
from triage.document import Document, Segment
from triage.pipeline import PipelineContext, get_stages
from triage.urgency.stage import analyse, urgency_stage


def run(text: str, language: str, **fields: object) -> Document:
    doc = Document(text=text, language=language, **fields)
    urgency_stage(doc, PipelineContext(Settings()))
    return doc


def summary(doc: Document) -> tuple[str, list[str], str | None]:
    u = doc.findings.urgency
    assert u is not None
    return u.level, sorted(r.code for r in u.reasons), u.deadline.isoformat() if u.deadline else None


def test_registered_after_offences_and_before_protection() -> None:
    stage = next(s for s in get_stages() if s.name == "urgency")
    assert stage.order == 80


@pytest.mark.parametrize(
    ("language", "text", "deadline"),
    [
        (
            "en",
            "Vienna, 2 March 2027\n\nRequest for assistance.\n"
            "We kindly ask that the measures be executed within 10 days of receipt of this letter.",
            "2027-03-12",
        ),
        (
            "fr",
            "Lyon, le 4 février 2027\n\nNous vous prions d'exécuter la présente "
            "dans un délai de quinze jours à compter de la réception.",
            "2027-02-19",
        ),
        (
            "nl",
            "Utrecht, 10 mei 2027\n\nWij verzoeken u de maatregelen binnen drie weken na dagtekening uit te voeren.",
            "2027-05-31",
        ),
        (
            "ro",
            "Cluj, 1 iunie 2027\n\nVă rugăm să transmiteți rezultatele în termen de 5 zile de la data emiterii.",
            "2027-06-06",
        ),
        (  # words between the cue and the amount
            "en",
            "Vienna, 2 March 2027\n\nPlease execute the measures within the next two weeks of receipt.",
            "2027-03-16",
        ),
    ],
)
def test_relative_deadline_counts_from_document_date(language: str, text: str, deadline: str) -> None:
    doc = run(text, language)
    assert summary(doc)[2] == deadline
    u = doc.findings.urgency
    assert u is not None and u.deadline_evidence is not None
    assert u.deadline_evidence.source == "rule:deadline.relative"


@pytest.mark.parametrize(
    ("language", "text", "deadline"),
    [
        (
            "de",
            "Bremen, den 1. April 2027\n\nWir bitten um Erledigung bis spätestens 20. April 2027.",
            "2027-04-20",
        ),
        (
            "es",
            "Sevilla, 3 de abril de 2027\n\nSe ruega remitir el resultado, a más tardar, el 3 de mayo de 2027.",
            "2027-05-03",
        ),
        (
            "it",
            "Torino, 5 maggio 2027\n\nSi chiede di dare esecuzione entro il 30 maggio 2027.",
            "2027-05-30",
        ),
        (
            "pl",
            "Gdańsk, dnia 2 lutego 2027 r.\n\nUprzejmie prosimy o przekazanie wyników do dnia 1 marca 2027 r.",
            "2027-03-01",
        ),
        (
            "pt",
            "Porto, 9 de março de 2027\n\nSolicita-se a remessa dos resultados até 1º de abril de 2027.",
            "2027-04-01",
        ),
        ("en", "12 January 2027\n\nPlease provide the records by March 15, 2027.", "2027-03-15"),
        (  # the request is the list's lead-in line
            "ro",
            "București, 2 octombrie 2027\n\nSolicităm:\n1. indisponibilizarea sumelor din cont, până la data de "
            "16 octombrie 2027;\n2. transmiterea documentelor bancare.",
            "2027-10-16",
        ),
        (  # the polite request of a letter rogatory
            "en",
            "London, 3 May 2027\n\nWe would be grateful if the vehicle could be examined by 21 May 2027.",
            "2027-05-21",
        ),
        ("sv", "Malmö den 4 maj 2027\n\nVi vore tacksamma om handlingarna kom oss till handa före den 1 juni 2027.",
         "2027-06-01"),
        # Arabic-Indic digits and a Levantine month name
        ("ar", "التاريخ: ٢/٤/٢٠٢٧\n\nنرجو تنفيذ الطلب في موعد أقصاه ٢٠ نيسان ٢٠٢٧.", "2027-04-20"),
    ],
)
def test_explicit_deadline(language: str, text: str, deadline: str) -> None:
    assert summary(run(text, language))[2] == deadline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # action asked by a date: urgent, whatever else the item says
            "London, 3 May 2027\n\nWe would be grateful if the vehicle could be examined by 21 May 2027.",
            ("urgent", ["deadline"], "2027-05-21"),
        ),
        (  # months away
            "London, 3 May 2027\n\nWe would be grateful if the vehicle could be examined by 30 November 2027.",
            ("urgent", ["deadline"], "2027-11-30"),
        ),
        (  # no date of the item to measure from
            "We would be grateful if the vehicle could be examined by 30 November 2027.",
            ("urgent", ["deadline"], "2027-11-30"),
        ),
        (  # a time limit more than a year away leaves a plain request routine
            "London, 3 May 2027\n\nWe would be grateful if the vehicle could be examined by 30 November 2028.",
            ("routine", [], "2028-11-30"),
        ),
    ],
)
def test_a_time_limit_within_a_year_makes_an_item_urgent(text: str, expected: tuple[str, list[str], str]) -> None:
    assert summary(run(text, "en")) == expected


@pytest.mark.parametrize(
    ("language", "text", "deadline"),
    [
        ("pt", "Lisboa, 17 de setembro de 2027\n\nSolicitamos a busca, confirmando-nos até as 14h de hoje se a "
         "diligência será realizada.", "2027-09-17"),
        ("en", "London, 3 March 2027\n\nWe request that you confirm by 2 pm tomorrow whether the search will "
         "take place.", "2027-03-04"),
        ("de", "Berlin, 3. März 2027\n\nWir bitten um Rückmeldung bis morgen 12 Uhr.", "2027-03-04"),
    ],
)
def test_today_or_tomorrow_after_a_trigger_is_a_date(language: str, text: str, deadline: str) -> None:
    """"By 14:00 today" names the document's own date, "by tomorrow noon" the day after."""
    assert summary(run(text, language))[2] == deadline


def test_today_in_a_story_is_no_deadline() -> None:
    assert summary(run("Berlin, 3. März 2027\n\nHeute wurde der Wagen in Köln gesehen.", "de"))[2] is None


def test_deadline_referred_back_to_after_retention_notice() -> None:
    text = (
        "Date: 2 February 2027\nREQUEST FOR EXPEDITED PRESERVATION\n"
        "The provider keeps access logs for 30 days. Logs of 5 January 2027 will be deleted after "
        "4 February 2027. We therefore ask that preservation be ordered by that date."
    )
    assert summary(run(text, "en")) == ("urgent", ["data_preservation"], "2027-02-04")


def test_dates_that_are_not_deadlines_are_ignored() -> None:
    text = (
        "Madrid, 10 de marzo de 2027\n\n"
        "El investigado, nacido el 4 de mayo de 1980, fue visto el 2 de febrero de 2027 en Valencia. "
        "La reunión quedó fijada para el 20 de marzo de 2027 entre los socios. "
        "Plazo vencido antes del 1 de marzo de 2027."
    )
    assert summary(run(text, "es"))[2] is None


def test_ultimatum_in_a_chat_is_not_a_deadline_for_the_authority() -> None:
    text = "[03.04.2027 21:10] x: please pay 2000 by 5 April 2027 or you'll see\n[03.04.2027 21:11] y: ok"
    assert summary(run(text, "en"))[2] is None


@pytest.mark.parametrize(
    ("language", "text", "deadline"),
    [("tr", "Ankara, 11.03.2027\nŞüpheli gözaltındadır. Gözaltı süresi 14.03.2027 saat 10:00'da dolmaktadır.",
      "2027-03-14"),
     ("en", "London, 2 May 2027\nThe freezing order expires on 20 May 2027 unless it is extended.", "2027-05-20")],
)  # fmt: skip
def test_the_date_a_running_term_ends_on_is_the_deadline(language: str, text: str, deadline: str) -> None:
    assert summary(run(text, language))[2] == deadline


def test_custody_end_after_until_is_not_the_deadline() -> None:
    text = (
        "Kraków, dnia 3 marca 2027 r.\n"
        "Podejrzany jest tymczasowo aresztowany do dnia 30 kwietnia 2027 r. "
        "Prosimy o przesłanie wyników do dnia 15 kwietnia 2027 r."
    )
    assert summary(run(text, "pl")) == ("urgent", ["custody"], "2027-04-15")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The accused has been remanded in custody since January; trial preparation continues."),
        ("it", "L'indagato è sottoposto alla custodia cautelare in carcere dal 2 gennaio."),
        ("de", "Der Beschuldigte befindet sich in Untersuchungshaft."),
        ("pt", "O arguido encontra-se em prisão preventiva desde janeiro."),
    ],
)
def test_custody_makes_an_item_urgent(language: str, text: str) -> None:
    level, reasons, _ = summary(run(text, language))
    assert (level, reasons) == ("urgent", ["custody"])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The victim is held hostage in a flat; there is a real risk to her life."),
        ("fr", "Il existe un danger de mort pour la victime séquestrée."),
        ("hu", "A sértett életveszélyben van."),
        ("ro", "zice ca ne omoara daca vorbim"),
    ],
)
def test_threat_to_life_is_immediate(language: str, text: str) -> None:
    level, reasons, _ = summary(run(text, language))
    assert level == "immediate" and "threat_to_life" in reasons


def test_child_word_with_a_threat_is_a_child_at_risk() -> None:
    level, reasons, _ = summary(run("Pay tomorrow or we will kill you and the kids. Think about it.", "en"))
    assert level == "immediate" and "child_at_risk" in reasons


def test_released_suspect_lowers_urgency() -> None:
    text = (
        "The suspect was remanded in custody in May 2026. He was released on bail on 3 June 2026 "
        "and the request is not urgent."
    )
    assert summary(run(text, "en")) == ("routine", [], None)


def test_negated_custody_is_not_a_reason() -> None:
    assert summary(run("No person is in custody in this case.", "en")) == ("routine", [], None)


def test_expired_preservation_is_routine() -> None:
    text = (
        "Nanterre, le 3 mars 2027\nObjet : conservation rapide des données\n"
        "La période de conservation de 90 jours a expiré le 1er février 2027 ; les journaux ont été effacés."
    )
    assert summary(run(text, "fr")) == ("routine", [], None)


def test_evidence_about_to_be_wiped_tonight_is_immediate() -> None:
    text = "[01.03.2027 18:00] a: heute nacht server löschen und laptops formatieren"
    assert summary(run(text, "de"))[:2] == ("immediate", ["evidence_loss"])


def test_reasons_name_their_evidence_spans() -> None:
    text = "URGENT. The defendant is in custody. The trial is listed for 3 May 2027."
    doc = run(text, "en")
    u = doc.findings.urgency
    assert u is not None
    for reason in u.reasons:
        spans = reason.evidence[0].spans
        assert spans and all(text[s:e].strip() for s, e in spans)
    assert {r.code for r in u.reasons} == {"custody", "hearing_date"}


def test_document_date_from_email_header_and_metadata() -> None:
    mail = "From: a@example.org\nDate: Tue, 2 Mar 2027 10:00:00 +0100\nSubject: x\n\nHello"
    assert run(mail, "en").document_date == dt.date(2027, 3, 2)
    assert run("Hello", "en", metadata={"date": "2027-04-05"}).document_date == dt.date(2027, 4, 5)


@pytest.mark.parametrize(
    ("language", "text", "date"),
    [
        ("fr", "Tribunal\nParis, le 3 novembre 2026\nObjet : demande", "2026-11-03"),
        ("pl", "Prokuratura\nWarszawa, dnia 14 października 2026 r.\nWniosek", "2026-10-14"),
        ("en", "Central Authority\n12 October 2026\nLetter of request, born 1 May 1970", "2026-10-12"),
        ("hu", "Jelentés\nBudapest, 2026. október 22., 04:55\nTárgy", "2026-10-22"),
    ],
)
def test_document_date_from_dateline(language: str, text: str, date: str) -> None:
    assert run(text, language).document_date == dt.date.fromisoformat(date)


def test_existing_document_date_is_respected() -> None:
    doc = Document(text="Paris, le 3 novembre 2026\nMerci.", language="fr", document_date=dt.date(2026, 1, 1))
    analyse(doc)
    assert doc.document_date == dt.date(2026, 1, 1)


def test_stage_replaces_its_output() -> None:
    doc = run("The defendant is in custody.", "en")
    doc.text = "Nothing to see."
    urgency_stage(doc, PipelineContext(Settings()))
    assert summary(doc) == ("routine", [], None)


def test_freed_hostage_is_not_a_threat() -> None:
    text = "Bonn, den 3. März 2027\nDie Geisel wurde am 1. März 2027 befreit. Wir bitten um Auskunft."
    assert summary(run(text, "de")) == ("routine", [], None)


def test_offence_name_hostage_taking_is_not_a_threat() -> None:
    text = (
        "Brussels, 3 March 2027\nCategory: kidnapping, illegal restraint and hostage-taking. Please hear the witness."
    )
    assert summary(run(text, "en"))[0] == "routine"


def test_part_in_another_language_is_read_with_its_own_cues() -> None:
    english = "Central Authority\n3 March 2027\nPlease find the request attached. "
    french = "Le suspect est en détention provisoire. Merci de répondre au plus tard le 20 mars 2027."
    doc = Document(text=english + french, language="en")
    doc.segments = [
        Segment(index=0, start=0, end=len(english), paragraph=0, language="en"),
        Segment(index=1, start=len(english), end=len(english + french), paragraph=0, language="fr"),
    ]
    urgency_stage(doc, PipelineContext(Settings()))
    assert summary(doc) == ("urgent", ["custody"], "2027-03-20")


def test_unticked_form_box_is_not_a_reason() -> None:
    text = "Section B\n☐ evidence concealed or destroyed\n☒ other: see below\nDate: 2 March 2027"
    assert summary(run(text, "en")) == ("routine", [], None)


def test_relative_limit_written_after_its_number() -> None:
    text = "Budapest, 2026. december 5.\nKérjük, hogy a kézhezvételtől számított 10 napon belül teljesítsék."
    assert summary(run(text, "hu"))[2] == "2026-12-15"


def test_yearless_deadline_in_december_letter_falls_next_year() -> None:
    text = "Leeds, 14 December 2026\n\nPlease send the statements no later than 10 January."
    assert summary(run(text, "en"))[2] == "2027-01-10"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Oslo, 2 March 2027\nThe accused is in custody. Please hear the witness before the expiry "
            "of his pre-trial detention on 30 April 2027.",
            ("urgent", ["custody"], "2027-04-30"),
        ),
        (
            "Oslo, 2 March 2027\nWe request the bank statements before the hearing on 3 May 2027.",
            ("urgent", ["hearing_date"], "2027-05-03"),
        ),
        (
            "Oslo, 2 March 2027\nDetention ends on 30 April 2027. Please execute the request before then.",
            ("urgent", ["custody"], "2027-04-30"),
        ),
    ],
)
def test_event_anchored_deadlines(text: str, expected: tuple[str, list[str], str]) -> None:
    assert summary(run(text, "en")) == expected


@pytest.mark.parametrize(("day", "level"), [("4 March 2027", "immediate"), ("20 March 2027", "urgent")])
def test_evidence_lost_on_the_next_day_is_lost_tomorrow(day: str, level: str) -> None:
    text = f"Dublin, 3 March 2027\n\nThe accomplice said the footage will be overwritten on {day}."
    assert summary(run(text, "en"))[:2] == (level, ["evidence_loss"])


def test_a_proposal_in_a_police_report_asks_for_its_date() -> None:
    text = "Roma, 2 maggio 2027.\nSi propone di trasmettere la documentazione entro il 12 maggio 2027."
    assert summary(run(text, "it")) == ("urgent", ["deadline"], "2027-05-12")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("hu", "Budapest, 2027. március 1.\nKérjük, hogy a megkeresést 2027. március 24-ig teljesítsék."),
        ("fi", "Helsinki 1.3.2027\nPyydämme toimittamaan tiedot 24.3.2027 mennessä."),
        ("tr", "Ankara, 01.03.2027\nTalebin 24.03.2027 tarihine kadar yerine getirilmesi rica olunur."),
        ("ka", "თბილისი, 2027 წლის 1 მარტი.\nგთხოვთ, შეასრულოთ იგი 2027 წლის 24 მარტამდე."),
    ],
)
def test_a_trigger_written_after_the_date_or_as_its_ending(language: str, text: str) -> None:
    """Where "by" follows the date ("24-ig", "mennessä", "kadar") or ends it (Georgian "-მდე")."""
    assert summary(run(text, language)) == ("urgent", ["deadline"], "2027-03-24")


def test_swedish_vi_ber_asks_for_its_date_the_sooner_of_two_wins() -> None:
    text = (
        "Stockholm den 2 januari 2027\nDen misstänkte är häktad. Åtal ska väckas senast den 5 februari 2027. "
        "Vi ber att åtgärderna verkställs senast den 11 januari 2027."
    )
    assert summary(run(text, "sv"))[2] == "2027-01-11"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Leeds, 1 March 2027\nUnless we receive a freezing order by 5 March 2027, the funds go out."),
        ("el", "Αθήνα, 1 Μαρτίου 2027\nΑν δεν λάβουμε διάταξη δέσμευσης έως τις 5 Μαρτίου 2027, εκτελείται."),
        ("fr", "Lyon, le 1er mars 2027\nLa banque ne retiendra rien au-delà du 5 mars 2027 sans décision."),
    ],
)
def test_a_hold_that_ends_without_an_order_gives_its_date(language: str, text: str) -> None:
    """A bank's hold is a time limit on the authorities: "unless we receive an order by …"."""
    assert summary(run(text, language))[2] == "2027-03-05"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The provider answered our emergency disclosure request for the account within the hour."),
        ("pl", "Wnioski: niezwłocznie wystąpić do dostawcy w trybie wniosku awaryjnego o dane konta."),
        ("de", "Die Plattform hat auf unsere Notfallanfrage noch nicht geantwortet."),
    ],
)
def test_an_emergency_disclosure_request_is_a_danger_to_life(language: str, text: str) -> None:
    """An emergency is a significant and imminent risk to life or safety (Second Additional
    Protocol, CETS 224, Art. 3): asking a provider that way says the danger is there."""
    assert summary(run(text, language))[:2] == ("immediate", ["threat_to_life"])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Paris, le 2 mars 2027\nL'audience devant le tribunal correctionnel est fixée au 8 avril 2027."),
        ("fi", "Helsinki 2.3.2027\nKäräjäoikeus on määrännyt pääkäsittelyn alkamaan 8.4.2027."),
        ("pl", "Kraków, 2 marca 2027 r.\nSąd wyznaczył na dzień 8 kwietnia 2027 r. termin, gdy odbędzie się rozprawa."),
    ],
)
def test_a_hearing_word_with_a_coming_date_in_its_sentence_is_a_hearing_date(language: str, text: str) -> None:
    """The hearing or trial noun is enough, whatever verb sets it; a date already past is none."""
    assert summary(run(text, language))[:2] == ("urgent", ["hearing_date"])
    past = text.replace("2027", "2026", 2).replace("2.3.2026", "2.3.2027").replace("mars 2026", "mars 2027")
    past = past.replace("marca 2026", "marca 2027")
    assert summary(run(past, language))[0] == "routine"


@pytest.mark.parametrize(
    ("language", "text", "level"),
    [
        ("en", "London, 2 March 2027\nThe relief is lot 14 of an auction to be held in Brussels on 19 March 2027.",
         "urgent"),
        ("de", "Berlin, 2. März 2027\nDie Ikone wird am 19. März 2027 in Luzern versteigert.", "urgent"),
        ("el", "Αθήνα, 2 Μαρτίου 2027\nΗ δημοπρασία έχει οριστεί για τις 19 Μαρτίου 2027.", "urgent"),
        ("en", "London, 2 March 2027\nThe relief was sold at an auction in Brussels on 19 March 2019.", "routine"),
    ],
)  # fmt: skip
def test_an_auction_with_a_coming_date_is_asset_flight(language: str, text: str, level: str) -> None:
    """Once sold, the object and its price are gone: a sale set for a coming date is asset flight."""
    doc = run(text, language)
    assert summary(doc)[:2] == ((level, ["asset_flight"]) if level == "urgent" else ("routine", []))
    if level == "urgent":
        u = doc.findings.urgency
        assert u is not None and u.reasons[0].evidence[0].source == "rule:sale_date"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "Posiadacz rachunku zlecił w oddziale banku wypłatę całego salda w gotówce."),
        ("nl", "Gelet op het risico van verdwijning van het vermogen verzoeken wij om beslag."),
    ],
)
def test_withdrawing_the_whole_balance_is_asset_flight(language: str, text: str) -> None:
    assert summary(run(text, language))[:2] == ("urgent", ["asset_flight"])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Yesterday the holder asked the bank for the closure of the account."),
        ("de", "Der Inhaber hat die Bank gestern angewiesen, das Konto aufzulösen."),
        ("pt", "O titular pediu ontem ao banco o encerramento da conta."),
        ("hr", "Vlasnik je jučer zatražio od banke zatvaranje računa."),
        ("ru", "Владелец вчера подал в банк заявление о закрытии счёта."),
        ("tr", "Hesap sahibi dün bankadan hesabın kapatılmasını istedi."),
    ],
)
def test_asking_for_the_account_to_be_closed_is_asset_flight(language: str, text: str) -> None:
    """A holder who closes the account takes the balance with it, whatever the words for the transfer."""
    assert summary(run(text, language))[:2] == ("urgent", ["asset_flight"])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "[02:14] ali_k: the driver locked the doors, we can't breathe, there are children here"),
        ("pl", "[02:14] ali_k: kierowca zamknął drzwi, nie ma czym oddychać, pomóżcie"),
        ("hr", "[02:14] ali_k: vozač je zaključao vrata, gušimo se, djeca plaču"),
        ("tr", "[02:14] ali_k: bot batıyor, sahil görünmüyor"),
    ],
)
def test_people_in_distress_on_the_way_are_a_threat_to_life(language: str, text: str) -> None:
    """Smuggled people write from a locked lorry or a sinking boat in their own words."""
    level, reasons = summary(run(text, language))[:2]
    assert level == "immediate" and "threat_to_life" in reasons


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The bank suspended the outgoing transfer until 24 April pending a freezing order."),
        ("fr", "La cellule de renseignement financier a ordonné la suspension de l'opération."),
        ("ru", "Операция по счёту приостановлена до 24.04.2027 по решению финансовой разведки."),
        ("hr", "Ured je naložio privremeno zaustavljanje transakcije u iznosu od 480.000 eura."),
        ("pt", "A UIF determinou a suspensão da operação a débito na conta do arguido."),
    ],
)
def test_a_suspended_transaction_is_asset_flight(language: str, text: str) -> None:
    """A bank or a financial intelligence unit holds a payment only for days: then it leaves."""
    assert summary(run(text, language))[:2] == ("urgent", ["asset_flight"])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("mk", "[21:02] marko_92: ne mozam poveke. ke se frlam od mostot vecerva\n[21:03] ana: ne pravi gluposti"),
        ("bg", "[21:02] ivo_77: tova e posledno preduprezhdenie. shte te ubiya dovecher\n[21:03] ana: ostavi me"),
    ],
)
def test_a_chat_written_in_latin_letters_reads_the_cyrillic_cues(language: str, text: str) -> None:
    """Macedonian and Bulgarian chats are often typed in Latin letters without diacritics."""
    assert summary(run(text, language))[:2] == ("immediate", ["threat_to_life"])
