"""Person names, grouping into identities and roles, on invented text."""

from __future__ import annotations

import pytest

from tests.pii.conftest import Analyse, texts
from triage.document import PiiSpan


def persons(spans: list[PiiSpan]) -> list[tuple[str, str | None, str | None]]:
    return [(s.text, s.role, s.person_id) for s in spans if s.type == "PERSON"]


def test_name_shapes_titles_outside_and_surname_alone_grouped(pii: Analyse) -> None:
    text = (
        "The defendant Arlo QUENBY was arrested. Mr Teodor VASHTI, a witness, saw him.\n"
        "QUENBY denied it. VASHTI confirmed his statement."
    )
    found = persons(pii(text))
    assert [t for t, _, _ in found] == ["Arlo QUENBY", "Teodor VASHTI", "QUENBY", "VASHTI"]
    (_, r1, p1), (_, r2, p2), (_, r3, p3), (_, r4, p4) = found
    assert p1 == p3 and p2 == p4 and p1 != p2
    assert (r1, r3) == ("suspect", "suspect") and (r2, r4) == ("witness", "witness")


@pytest.mark.parametrize(
    ("lang", "text", "name", "role"),
    [("fr", "Le prévenu Hugo BRESSANT a reconnu les faits.", "Hugo BRESSANT", "suspect"),
     ("de", "Der Beschuldigte Lukas FERNHOLZ befindet sich in Haft.", "Lukas FERNHOLZ", "suspect"),
     ("es", "La víctima, Nerea SOLANO VIDAL, declaró ayer.", "Nerea SOLANO VIDAL", "victim"),
     ("it", "Indagato: TRAVALLI Ettore, nato a Bari", "TRAVALLI Ettore", "suspect"),
     ("nl", "De verdachte Joost VERHAGEN werd gehoord.", "Joost VERHAGEN", "suspect"),
     ("ro", "Inculpatul MARINESCU Sorin este arestat.", "MARINESCU Sorin", "suspect"),
     ("pl", "Świadek Marek KOSIŃSKI zeznał, że", "Marek KOSIŃSKI", "witness"),
     ("pt", "A Procuradora da República Inês MOTA SARAIVA assina.", "Inês MOTA SARAIVA", "official"),
     ("sk", "Zápisnicu spracoval: Ján VRABEC, Krajské riaditeľstvo PZ", "Ján VRABEC", "official"),
     # a police rank, the one who took the statement
     ("it", "Presenti il Brig. Ottavio SPERANZINI e la parte.", "Ottavio SPERANZINI", "official"),
     ("et", "Tunnistajat küsitles Rein KALDMAA kell 10.15.", "Rein KALDMAA", "official"),
     ("lt", "Vyresnysis pasienietis Tautvydas GIRDŽIŪNAS apžiūrėjo automobilį.", "Tautvydas GIRDŽIŪNAS", "official"),
     # a hostage, the kidnapped, the missing or the deceased is a victim
     ("sl", "Ugrabljeni je Boštjan PREVORČNIK, roj. 3. 3. 1970, podjetnik iz Celja.", "Boštjan PREVORČNIK", "victim"),
     ("fi", "Kadonnut: Veikko RUUSUVUORI, s. 4.5.2014, koti Vantaalla.", "Veikko RUUSUVUORI", "victim"),
     ("pl", "Zaginiona Bożena KWIATKIEWICZ nie wróciła do domu.", "Bożena KWIATKIEWICZ", "victim"),
     ("ru", "Похищенный Аркадий ЗВЕРЕНЦЕВ, 1975 г. р., удерживается в гараже.", "Аркадий ЗВЕРЕНЦЕВ", "victim")],
)  # fmt: skip
def test_roles_from_context_words(pii: Analyse, lang: str, text: str, name: str, role: str) -> None:
    assert persons(pii(text, lang))[0][:2] == (name, role)


def test_signature_block_is_official(pii: Analyse) -> None:
    text = "Yours faithfully,\n\nMorwenna Tallis\nSenior Crown Prosecutor\n"
    assert persons(pii(text))[0][:2] == ("Morwenna Tallis", "official")


def test_inflected_polish_forms_are_one_person(pii: Analyse) -> None:
    text = "Przesłuchanie w charakterze świadka Tomasza WIERZBICKIEGO.\nTomasz WIERZBICKI zeznał, że nic nie wie."
    found = persons(pii(text, "pl"))
    assert len(found) == 2 and found[0][2] == found[1][2]
    assert {r for _, r, _ in found} == {"witness"}


def test_company_named_after_a_person_is_not_a_person(pii: Analyse) -> None:
    text = "The suspect Dario PELLIN owns Pellin Logistics GmbH and Pellin VOF."
    assert [t for t, _, _ in persons(pii(text))] == ["Dario PELLIN"]


def test_display_name_and_chat_speaker(pii: Analyse) -> None:
    text = 'From: "Ines Varga" <ines.varga@mail.example>\n\n[03/10/2026 09:41] Kostya: ready?\n'
    names = [t for t, _, _ in persons(pii(text))]
    assert names == ["Ines Varga", "Kostya"]


def test_headings_and_places_are_not_persons(pii: Analyse) -> None:
    text = "SECTION B – URGENCY\nThe request of the Prosecutor in Lyon concerns Europol and the EU–UK Agreement.\n"
    assert persons(pii(text)) == []


def test_offsets_point_into_the_original_text(pii: Analyse) -> None:
    text = "Déclaration de Mme Élise MARCHAL-DUPRÉ, née le 2 mai 1970, témoin."
    for span in pii(text, "fr"):
        assert text[span.start : span.end] == span.text
        assert span.evidence.spans == [(span.start, span.end)]


def test_sentence_opener_before_a_known_name_is_dropped(pii: Analyse) -> None:
    text = "The defendant Arlo QUENBY fled.\nLater Quenby returned home."
    found = persons(pii(text))
    assert [t for t, _, _ in found] == ["Arlo QUENBY", "Quenby"]
    assert found[0][2] == found[1][2]


def test_role_word_closing_a_sentence_belongs_to_that_sentence(pii: Analyse) -> None:
    text = (
        "Nous demandons l'audition de M. Paul INVENTE, né le 2 mars 1970, en qualité de témoin. "
        "Le mis en cause, Marc SUPPOSE, est détenu."
    )
    found = [(name, role) for name, role, _ in persons(pii(text, "fr"))]
    assert found == [("Paul INVENTE", "witness"), ("Marc SUPPOSE", "suspect")]


def test_a_role_word_right_before_the_next_person_is_not_an_apposition(pii: Analyse) -> None:
    text = "Screenshots from the tablet of Maisie ORLANDER, handed in by her mother Petra ORLANDER on Monday."
    found = {name: role for name, role, _ in persons(pii(text))}
    assert found["Petra ORLANDER"] == "other"
    assert found["Maisie ORLANDER"] != "other"  # the mother is Petra's word, not Maisie's


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("L'indagato Paolo Inventato è accusato di truffa.", "it", "Paolo Inventato"),
        ("Nous avons entendu l'inculpé Rémi FICTIF hier.", "fr", "Rémi FICTIF"),
        ("Il testimone D'Amico Luigi ha visto l'auto.", "it", "D'Amico Luigi"),
    ],
)
def test_elided_article_before_a_name_is_not_part_of_it(pii: Analyse, text: str, lang: str, name: str) -> None:
    assert [n for n, _, _ in persons(pii(text, lang))] == [name]


def test_surname_comma_first_name_is_one_mention_and_one_person(pii: Analyse) -> None:
    text = "Podejrzany: WIERZBICKI, Jarosław, ur. 12.03.1980. Jarosław WIERZBICKI nie przyznał się."
    found = persons(pii(text, "pl"))
    assert [t for t, _, _ in found] == ["WIERZBICKI, Jarosław", "Jarosław WIERZBICKI"]
    assert len({p for _, _, p in found}) == 1 and found[0][1] == "suspect"


@pytest.mark.parametrize(
    ("text", "lang", "names"),
    [
        ("Halter des Fahrzeugs:\n\nTREVANNEK, Dominik, wohnhaft in Leipzig.", "de", ["TREVANNEK, Dominik"]),
        ("Titular único: ORVALLO BESTEIRO, Adrián\nDomicilio: Valencia", "es", ["ORVALLO BESTEIRO, Adrián"]),
        ("È presente:\n\nLO QUARVIO Giuseppe, nato a Roma.", "it", ["LO QUARVIO Giuseppe"]),
        ("Kurs: 1,95583 BGN, София, 2026.", "ru", []),  # a currency code, then a city
        ("Ersuchen des LKA Berlin vom 3. Mai.", "de", []),  # an acronym before a place
    ],
)
def test_surname_in_capitals_before_a_known_given_name(pii: Analyse, text: str, lang: str, names: list[str]) -> None:
    """With no cue word before it, a surname in capitals is a name only when a known given name
    follows it: an acronym or a heading in capitals before a place stays what it is."""
    assert [t for t, _, _ in persons(pii(text, lang))] == names


def test_chat_speakers_of_two_words_in_either_export_format(pii: Analyse) -> None:
    text = (
        "[09/03/2026 21:14] Zé Quintela: Os cartões estão prontos.\n"
        "[09/03/2026 21:15] Sandro: Fixe. Manda foto antes\n"
        "10/03/2026, 08:41 - Zé Quintela: E os que vão para Espanha?\n"
    )
    found = [t for t, _, _ in persons(pii(text, "pt"))]
    assert found == ["Zé Quintela", "Sandro", "Zé Quintela"]


def test_hungarian_names_put_the_family_name_first(pii: Analyse) -> None:
    # family names that are also everyday words (szabó: tailor, fazekas: potter)
    text = "A helyszínen tartózkodott Szabó Eszter is, a kocsit pedig Fazekas Ildikó vezette."
    assert [t for t, _, _ in persons(pii(text, "hu"))] == ["Szabó Eszter", "Fazekas Ildikó"]


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Sprawcami byli:\n– Dariusz „Kruk” SOBCZAK, PESEL podany niżej.", "pl", "Dariusz „Kruk” SOBCZAK"),
        ('Autor se potpisao kao Zoran "Vuk" MILIĆ u ranijim objavama.', "hr", 'Zoran "Vuk" MILIĆ'),
    ],
)
def test_a_nickname_in_quotes_between_first_name_and_surname(pii: Analyse, text: str, lang: str, name: str) -> None:
    assert [t for t, _, _ in persons(pii(text, lang))] == [name]


def test_an_irish_surname_particle_makes_a_name(pii: Analyse) -> None:
    text = "Thug Tadhg Ó Súilleabháin agus Nóra Ní Dhálaigh ráiteas don Gharda."
    assert [t for t, _, _ in persons(pii(text, "ga"))] == ["Tadhg Ó Súilleabháin", "Nóra Ní Dhálaigh"]


@pytest.mark.parametrize(
    ("text", "lang", "names"),
    [
        ("Mit freundlichen Grüßen\nKriminalinspektion Chemnitz", "de", []),
        ("Zeugin: Anna Chemnitz, wohnhaft in Plauen.", "de", ["Anna Chemnitz"]),  # a given name first
    ],
)
def test_a_city_or_country_is_no_name(pii: Analyse, text: str, lang: str, names: list[str]) -> None:
    assert [t for t, _, _ in persons(pii(text, lang))] == names


@pytest.mark.parametrize(
    ("text", "lang", "names"),
    [
        # a possessive, and a short lower-case word that is no company form after the name
        ("The suspect Rowan Pell QUIBBLE paid. Sums went to QUIBBLE's account; an interview of QUIBBLE as a suspect.",
         "en", ["Rowan Pell QUIBBLE", "QUIBBLE", "QUIBBLE"]),
        # Greek capitals carry no accents: the surname in capitals is the same as the accented one
        ("Ο ύποπτος Σπύρος ΚΑΛΟΓΕΡΟΠΟΥΛΟΣ συνελήφθη. Ο Καλογερόπουλος αρνείται.", "el",
         ["Σπύρος ΚΑΛΟΓΕΡΟΠΟΥΛΟΣ", "Καλογερόπουλος"]),
    ],
)  # fmt: skip
def test_a_name_found_once_is_found_again_in_other_spellings(
    pii: Analyse, text: str, lang: str, names: list[str]
) -> None:
    found = persons(pii(text, lang))
    assert [t for t, _, _ in found] == names
    assert len({p for _, _, p in found}) == 1


@pytest.mark.parametrize(
    ("text", "lang", "names"),
    [
        ("Lo gestiona Rubén TORNAVIZ, alias «el Lince», desde Málaga.", "es", ["Rubén TORNAVIZ", "el Lince"]),
        ("A fuvart egy „Boldi” nevű személytől kapta.", "hu", ["Boldi"]),  # the naming word after the quotes
        ("Der Kleinere hat den anderen einmal »Jannik« gerufen.", "de", ["Jannik"]),
        ("Il se faisait appeler « Mathis » sur le réseau.", "fr", ["Mathis"]),
        ("Beslag op tassen van de merken „Adidas“, „Lacoste“ en „Gucci“.", "nl", []),  # a list of brands
    ],
)
def test_a_nickname_in_quotes_beside_a_naming_word(pii: Analyse, text: str, lang: str, names: list[str]) -> None:
    assert [t for t, _, _ in persons(pii(text, lang))] == names


@pytest.mark.parametrize(
    ("text", "lang", "names"),
    [
        ("Протокол составил следователь Р. Тамметалу.", "ru", ["Р. Тамметалу"]),
        ("Заступник директора з безпеки Сидорчук Р.В.", "uk", ["Сидорчук Р.В."]),
        ("A. Utfärdande myndighet: Åklagarmyndigheten\nF. Begärda åtgärder: förhör", "sv", []),
    ],
)
def test_a_surname_beside_its_initials(pii: Analyse, text: str, lang: str, names: list[str]) -> None:
    assert [t for t, _, _ in persons(pii(text, lang))] == names


@pytest.mark.parametrize(
    ("text", "lang", "names"),
    [
        ("Der Bewohner Dirk Quastler, geb. 02.01.1994, erlitt Verbrennungen.", "de", ["Dirk Quastler"]),
        ("Die Spedition Nordlicht Logistik, Tel. 0211 939 4417, lieferte.", "de", []),
    ],
)
def test_a_name_before_its_birth_date_or_personal_number(pii: Analyse, text: str, lang: str, names: list[str]) -> None:
    assert [t for t, _, _ in persons(pii(text, lang))] == names


def test_the_holder_of_a_police_or_prosecution_mailbox_is_an_official(pii: Analyse) -> None:
    text = (
        "From: Jonas Veldkamp <jonas.veldkamp@politie.nl>\nTo: Karel Smeets <karel.smeets@gmail.com>\n\n"
        "Please send the footage. Regards, Jonas Veldkamp"
    )
    roles = {t: r for t, r, _ in persons(pii(text, "nl"))}
    assert roles == {"Jonas Veldkamp": "official", "Karel Smeets": "suspect"}


def test_a_case_suffix_after_an_apostrophe_is_not_part_of_the_name(pii: Analyse) -> None:
    text = "Şüpheli Kerem ATAY'ın telefonunda mesajlar bulundu. Paket depoya gitti, ATAY'a değil."
    assert [t for t, _, _ in persons(pii(text, "tr"))] == ["Kerem ATAY", "ATAY"]


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [("lt", "Liudytojas Darius KAZLAUSKAS davė parodymus. Vėliau D. Kazlauskas patvirtino.", "D. Kazlauskas"),
     ("nl", "De verdachte Pieter Van der STOEP werd gehoord. Later bevestigde Van der Stoep dit.", "Van der Stoep"),
     ("uk", "Договір підписала Бондар Наталія Степанівна у присутності свідків.", "Бондар Наталія Степанівна"),
     ("fr", "Le témoin Paul ROCHE a déclaré. M. Roche a confirmé.", "Roche")],  # "M." is a title
)  # fmt: skip
def test_a_name_takes_in_its_initials_particles_and_surname_on_the_left(
    pii: Analyse, lang: str, text: str, name: str
) -> None:
    assert persons(pii(text, lang))[-1][0] == name


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("es", "Buenas tardes, Joaquín: te escribo por lo de la furgoneta de ayer.", "Joaquín"),
        ("es", "Con ella está una chica de 16 años a la que llaman \"Luna\", también extranjera.", "Luna"),
        ("it", "C'era anche un altro, magro, che chiamavano \"er Secco\" al mercato.", "er Secco"),
        ("cs", "Mluvil jsem s panem Kadlecem, záznam vám pošle zítra.", "Kadlecem"),
        ("es", "03/03 | Transf. SEPA recibida – Ord.: LEHMANN KLARA – 1.250,00", "LEHMANN KLARA"),
        ("pl", "12.03 | Przelew przychodzący | Nadawca: ZIELIŃSKA MARTA | 900,00", "ZIELIŃSKA MARTA"),
    ],
)
def test_a_name_after_a_greeting_a_naming_verb_or_an_inflected_title(
    pii: Analyse, lang: str, text: str, name: str
) -> None:
    assert name in [s.text for s in pii(text, lang) if s.type == "PERSON"]


def test_a_greeting_that_ends_its_line_names_nobody(pii: Analyse) -> None:
    """"Bună ziua," on a line of its own: the next paragraph's first word is no name."""
    assert [s for s in pii("Bună ziua,\n\nMă adresez dumneavoastră cu o plângere.", "ro") if s.type == "PERSON"] == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [("ru", "Он проживает в г. Алматы с 2019 года."), ("ru", "Фирма зарегистрирована в гр. Варна, Болгария.")],
)
def test_a_town_after_the_abbreviation_of_town_is_no_person(pii: Analyse, lang: str, text: str) -> None:
    """"г." and "гр." are the town (город, град) far more often than Mr (господин, гражданин)."""
    assert [s.text for s in pii(text, lang) if s.type == "PERSON"] == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Thank you for your help.\n\nRegards,\n\nJohn Carter"),
     ("tr", "Bilgilerinize sunarız.\n\nSaygılarımızla,\n\nAhmet Yılmaz")],
)  # fmt: skip
def test_a_closing_formula_is_no_name(pii: Analyse, lang: str, text: str) -> None:
    assert [s.text for s in pii(text, lang) if s.type == "PERSON"] == [text.rsplit("\n", 1)[1]]


def test_each_role_says_what_decided_it(pii: Analyse) -> None:
    """A role word, a described act and the default are told apart, so a reviewer (and a later
    rule) knows which roles the text settled."""
    text = (
        "The prosecutor Anna KOWALSKA asks for the bank records. "
        "Marek NOWAK was stabbed on 3 May. Tomasz WIŚNIEWSKI rented the flat."
    )
    basis = {s.text: (s.role, s.role_basis) for s in pii(text) if s.type == "PERSON"}
    assert basis == {
        "Anna KOWALSKA": ("official", "rule:role_word"),
        "Marek NOWAK": ("victim", "rule:victim_cue"),
        "Tomasz WIŚNIEWSKI": ("suspect", "default: no role word or described act near any mention"),
    }


@pytest.mark.parametrize(
    ("text", "lang", "names"),
    [
        ("Він сказав, що Петро привезе гроші, а потім передав їх Іванові вчора.", "uk", ["Петро", "Іванові"]),
        ("Он сказал, что деньги отдал Олегу, а не Ивану в тот день.", "ru", ["Олегу", "Ивану"]),
    ],
)
def test_frequent_given_name_alone_where_the_dictionary_has_no_capitals(
    pii: Analyse, text: str, lang: str, names: list[str]
) -> None:
    """Ukrainian and Russian dictionaries write names in lower case, so a frequent given name
    cannot be told from a word by its lemma: the name list (and its case forms) decides."""
    assert texts(pii(text, lang), "PERSON") == names


def test_a_country_in_a_case_form_is_no_given_name(pii: Analyse) -> None:
    assert texts(pii("Автомобіль розшукують на території Польщі та Литви.", "uk"), "PERSON") == []


def test_a_known_name_after_a_noun_and_a_particle(pii: Analyse) -> None:
    """"von" between a noun and a name is a preposition, not a surname's particle: the name
    found earlier is found there too; a place after such a noun stays a place."""
    text = (
        "Die Staatsanwaltschaft von Düsseldorf ermittelt gegen Mehmet Yılmaz. "
        "Die Freundin von Yılmaz bestätigte das."
    )
    assert texts(pii(text, "de"), "PERSON") == ["Mehmet Yılmaz", "Yılmaz"]


def test_a_known_given_name_right_after_a_kinship_or_naming_word(pii: Analyse) -> None:
    text = "Hendes søster Camilla var til stede, og datteren i Aarhus hørte intet."
    assert texts(pii(text, "da"), "PERSON") == ["Camilla"]
    text = "Hun kendte en mand ved navn Kasper, og pengene kom med overførsel fra Nordea."
    assert texts(pii(text, "da"), "PERSON") == ["Kasper"]


@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        ("en", "Dear Sir,\nplease find the records attached.\n\nRegards,\nMartin\n+44 7700 900123", ["Martin"]),
        ("de", "Hallo,\nanbei die Unterlagen.\n\nGruß\nJonas\nTel.: 0171 4482190", ["Jonas"]),
        # a closing word alone with its comma is no signature
        ("el", "Καλησπέρα σας,\nσας στέλνω τα στοιχεία που ζητήσατε.\n\nΕυχαριστώ,\nΓιώργος\n+30 694 123 4567",
         ["Γιώργος"]),
    ],
)  # fmt: skip
def test_a_given_name_signed_above_a_telephone(pii: Analyse, lang: str, text: str, names: list[str]) -> None:
    assert [s.text for s in pii(text, lang) if s.type == "PERSON"] == names


REPORT_MAIL = (
    "Van: Marieke Dijkstra <m.dijkstra@basisschool-noord.nl>\nAan: {to}\n"
    "Onderwerp: dreigbericht\n\nGeachte heer, mevrouw,\n\nVanochtend kregen wij een bericht over onze leerling. "
    "Ik ben bereikbaar op mijn mobiele nummer.\n\nMet vriendelijke groet,\nMarieke Dijkstra\n"
)


@pytest.mark.parametrize(
    ("to", "role", "basis"),
    [("Politie Midden-Nederland, wijkteam Noord", "other", "rule:reporting_sender"),
     ("meldingen@politie.nl", "other", "rule:reporting_sender"),
     ("Jan de Boer <jan@boekhouding-deboer.nl>", "suspect", "default: no role word or described act near any mention")],
)  # fmt: skip
def test_the_sender_of_a_mail_to_an_authority_reports_the_case(pii: Analyse, to: str, role: str, basis: str) -> None:
    """A headmistress writing to the police is no suspect; the same mail to anyone else says nothing."""
    spans = [s for s in pii(REPORT_MAIL.format(to=to), "nl") if s.text == "Marieke Dijkstra"]
    assert {(s.role, s.role_basis) for s in spans} == {(role, basis)}


def test_a_reporting_sender_described_as_a_victim_is_a_victim(pii: Analyse) -> None:
    text = (
        "From: Oliver Grant <oliver.grant@outlook.com>\nTo: fraud.reports@police.uk\nSubject: scam\n\n"
        "Oliver Grant was defrauded of 9,000 pounds by a caller posing as his bank."
    )
    assert {s.role for s in pii(text) if s.type == "PERSON" and "Grant" in s.text} == {"victim"}


def test_only_the_items_own_header_names_a_reporter(pii: Analyse) -> None:
    """A mail forwarded inside the item is evidence: its sender is no reporter, whoever it went to."""
    text = (
        "Please find the message below.\n\n---------- Forwarded message ----------\n"
        "From: Victor Hale <victor.hale@protonmail.com>\nTo: info@police.uk\n\nYou will pay."
    )
    assert {s.role for s in pii(text) if s.text == "Victor Hale"} == {"suspect"}


@pytest.mark.parametrize(
    ("title", "role"),
    [("ZEUGENVERNEHMUNG", "witness"), ("Vernehmung der Geschädigten", "victim"), ("Aktenvermerk", "suspect")],
)
def test_the_person_a_hearing_record_names_in_its_header_takes_the_part_its_title_says(
    pii: Analyse, title: str, role: str
) -> None:
    text = (
        f"POLIZEIPRÄSIDIUM KÖLN\n{title}\n\nZur Person:\nKESSLER, Ines, geb. 04.03.1990\n\n"
        "Zur Sache:\nIch stand an der Haltestelle, als der Wagen vorbeifuhr.\n\nIch habe den Fahrer nicht erkannt."
    )
    assert {s.role for s in pii(text, "de") if s.type == "PERSON"} == {role}


def test_a_name_word_in_prose_is_no_header_field(pii: Analyse) -> None:
    """"Daar stond de naam X bij" in a witness's account names someone the witness saw."""
    text = (
        "PROCES-VERBAAL VAN VERHOOR GETUIGE\n\nIk zag een foto op internet. "
        "Daar stond de naam Bastiaan KROES bij, en ik herkende hem."
    )
    assert {s.role for s in pii(text, "nl") if s.text == "Bastiaan KROES"} == {"suspect"}


@pytest.mark.parametrize(
    ("head", "role", "basis"),
    [("HARBOUR BANK PLC – Financial Crime Unit", "other", "rule:company_signature"),
     ("Westline Telecom Ltd – Law Enforcement Liaison", "other", "rule:company_signature"),
     ("Thames Valley Police – Economic Crime Unit", "official", "rule:role_word")],
)  # fmt: skip
def test_a_companys_letter_is_signed_by_its_staff(pii: Analyse, head: str, role: str, basis: str) -> None:
    """An official word at the end of a bank's or a provider's letter is its own staff's
    closing; the prosecutor the letter names keeps the role of official."""
    text = (
        f"{head}\nRef.: LE-2026-0412\n\nTo: the Crown Prosecution Service\n\n"
        "As requested by the prosecutor Alan PRICE, we enclose the statements of the account.\n\n"
        "Yours faithfully,\nEmma Stone\nDisclosure Officer\n"
    )
    roles = {s.text: (s.role, s.role_basis) for s in pii(text) if s.type == "PERSON"}
    assert roles == {"Alan PRICE": ("official", "rule:role_word"), "Emma Stone": (role, basis)}
