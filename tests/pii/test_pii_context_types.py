"""Identifiers that need a context word: passports, dates of birth, plates, handles,
addresses and bank accounts, in several languages."""

from __future__ import annotations

import pytest

from tests.pii.conftest import Analyse, texts


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("en", "British passport no. 123456789, issued", "123456789"),
     ("fr", "titulaire du passeport n° 12AB34567.", "12AB34567"),
     ("ro", "pașaport nr. AB1234567, domiciliat", "AB1234567"),
     # a series apart from the number is part of it
     ("ru", "Петров П.П., паспорт 46 11 723914, проживает", "46 11 723914"),
     ("uk", "Петренко П.П., паспорт серії 4611 № 723914, проживає", "4611 № 723914")],
)  # fmt: skip
def test_passport_after_passport_word(pii: Analyse, lang: str, text: str, value: str) -> None:
    assert texts(pii(text, lang), "PASSPORT") == [value]


def test_passport_format_alone_is_not_a_passport(pii: Analyse) -> None:
    assert texts(pii("Our reference AB1234567 applies."), "PASSPORT") == []


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("en", "Zoltan WEBB (born 14/03/1991) lives", "14/03/1991"),
     ("fr", "Mme Irène VALLON, née le 3 avril 1953, demeurant", "3 avril 1953"),
     ("es", "nacido el 4 de marzo de 1966, en", "4 de marzo de 1966"),
     ("de", "geboren am 14. Februar 1972, wohnhaft", "14. Februar 1972"),
     ("it", "nato a Bari il 12.04.1979 e residente", "12.04.1979"),
     ("hr", "Ivo ZORIĆ, rođen 14. 9. 1979., OIB", "14. 9. 1979."),
     # the year first with a month name; a birth word under a case ending; an abbreviation
     ("hu", "Kovács Ádám (szül.: 1991. május 3.) a cég vezetője", "1991. május 3."),
     ("sr", "против окривљеног Петра Илића, рођеног 08.04.1984. године", "08.04.1984"),
     ("tr", "Ali KAYA (d.t. 03.07.1989, cep telefonu)", "03.07.1989"),
     ("ar", "بحق المتهم، المولود في ١٤/٢/١٩٧٩، الساكن في", "١٤/٢/١٩٧٩")],  # Arabic-Indic digits
)  # fmt: skip
def test_date_of_birth_after_birth_word(pii: Analyse, lang: str, text: str, value: str) -> None:
    assert texts(pii(text, lang), "DATE_OF_BIRTH") == [value]


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("uk", "встановлено, що Бондаренко Сергій Вікторович, 14.07.1985 р.н., РНОКПП", "14.07.1985"),
     ("tr", "Mağdur Hatice ÖZTÜRK (03.02.1941) 14 Mart 2026'da", "03.02.1941"),
     ("hu", "Terhelt: FARKAS László, született 1981. 11. 06., útlevélszám", "1981. 11. 06.")],
)  # fmt: skip
def test_date_of_birth_right_after_a_name(pii: Analyse, lang: str, text: str, value: str) -> None:
    assert texts(pii(text, lang), "DATE_OF_BIRTH") == [value]


def test_other_dates_are_not_dates_of_birth(pii: Analyse) -> None:
    assert texts(pii("The hearing is set for 14/03/2027."), "DATE_OF_BIRTH") == []
    # a letter's date after its place, and a recent date after a name, are no birth dates
    assert texts(pii("Landgericht Berlin, 12.03.2019\nAnna Weber, 02.11.2026", "de"), "DATE_OF_BIRTH") == []


def test_plates_need_a_plate_word_and_chain_in_lists(pii: Analyse) -> None:
    text = "die Pkw mit den amtlichen Kennzeichen K-AB 123, BN-XY 45 und D-Q 9."
    assert texts(pii(text, "de"), "VEHICLE_PLATE") == ["K-AB 123", "BN-XY 45", "D-Q 9"]
    assert texts(pii("Section PPZ-448 of the annex.", "en"), "VEHICLE_PLATE") == []


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("sk", "[09:12] mato: idem prvy, ZG 4471-KT, ozvi sa", "ZG 4471-KT"),
     ("es", "[11:40] lola: aparco detrás del bar, 7702 HBT, te espero", "7702 HBT"),
     ("ka", "[21:02] გიო: ხვალ დილით წავალ, GE-318-KM დგას ეზოში", "GE-318-KM")],
)  # fmt: skip
def test_a_shape_only_plates_take_needs_no_plate_word(pii: Analyse, lang: str, text: str, value: str) -> None:
    """In a chat no one names the car: a shape no reference or amount takes is a plate anyway."""
    assert texts(pii(text, lang), "VEHICLE_PLATE") == [value]
    assert texts(pii("He paid 1000 CHF and 2500 PLN in cash.", "en"), "VEHICLE_PLATE") == []


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("hu", "szerdán 5-kor a RKT-418 rendszámú furgonnal megyünk", "RKT-418"),
     ("tr", "Köln'de çalındığı bildirilen K-RT 2290 plakalı araca ait", "K-RT 2290")],
)  # fmt: skip
def test_a_plate_word_right_after_the_plate(pii: Analyse, lang: str, text: str, value: str) -> None:
    assert texts(pii(text, lang), "VEHICLE_PLATE") == [value]
    assert texts(pii("une Peugeot immatriculée AB-123-CD.", "fr"), "VEHICLE_PLATE") == ["AB-123-CD"]


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("cs", "Odjel ve stříbrném Passatu 7B2 3391 směrem na Brno.", "7B2 3391"),
     ("ro", "a plecat cu Loganul CJ 44 RTD spre Cluj", "CJ 44 RTD"),
     ("lt", "jo golfas KPL 317 stovi prie namo", "KPL 317")],
)  # fmt: skip
def test_a_car_make_under_a_case_ending_is_plate_context(pii: Analyse, lang: str, text: str, value: str) -> None:
    assert texts(pii(text, lang), "VEHICLE_PLATE") == [value]


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("sr", "Vozač je došao bijelim kombijem E21-T-834 oko podneva.", "E21-T-834"),
     ("hr", "kamion sutra u 6, vozi Mile, tablice ZG 1477-KŽ", "ZG 1477-KŽ"),
     ("ru", "поедем на машине, номера потом снимите: KM-4417", "KM-4417"),
     ("tr", "sınır kapısında durdurulan kamyon PB 7731 MX bulgar plakalı", "PB 7731 MX"),
     ("el", "η μοτοσυκλέτα με αριθμό κυκλοφορίας ΙΚΒ 4721 ανήκει στον ύποπτο", "ΙΚΒ 4721"),
     # a Czech plate with two letters, a van under its case ending; a Spanish plate with a dash
     ("cs", "Přijel v bílé dodávce 7SC 3391, kterou řídil bratr.", "7SC 3391"),
     ("es", "Conducía un Audi A4 6512-HJK de color negro.", "6512-HJK"),
     ("fi", "Hän ajoi punaisella farmarilla, rekisteritunnukseltaan KXP-381, Turkuun.", "KXP-381")],
)  # fmt: skip
def test_vehicles_and_plate_words_of_every_language_and_the_longest_format(
    pii: Analyse, lang: str, text: str, value: str
) -> None:
    """A van, a truck, plates under a case ending; of two formats the longer ("PB 7731 MX")."""
    assert texts(pii(text, lang), "VEHICLE_PLATE") == [value]


def test_a_dutch_van_is_no_vehicle(pii: Analyse) -> None:
    """"van" (of) is the commonest Dutch word: the English van needs its article."""
    assert texts(pii("Kopie van de facturen van de eenmanszaak (KBO 0455 beheer).", "nl"), "VEHICLE_PLATE") == []
    assert texts(pii("The suspects left in a white van KX19 ABC.", "en"), "VEHICLE_PLATE") == ["KX19 ABC"]


def test_usernames_at_handles_context_and_recurrence(pii: Analyse) -> None:
    text = "Telegram user @night_owl_77 wrote. The account crow.feather99 replied; crow.feather99 again."
    assert texts(pii(text), "USERNAME") == ["@night_owl_77", "crow.feather99", "crow.feather99"]


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("tr", "platformumuzda \"DenizKoku21\" kullanıcı adıyla kayıtlı", "DenizKoku21"),
     ("hr", "naručivao je preko profila „ante.fit.coach“ na Instagramu", "ante.fit.coach"),
     ("de", "Unter dem Verkäufernamen waffen.nord77 wurden Pistolen angeboten", "waffen.nord77")],
)  # fmt: skip
def test_an_account_word_under_a_case_ending_or_in_a_compound(pii: Analyse, lang: str, text: str, value: str) -> None:
    assert texts(pii(text, lang), "USERNAME") == [value]


def test_handle_inside_email_is_not_a_username(pii: Analyse) -> None:
    spans = pii("account owl_77, mail owl_77@mail.example")
    assert texts(spans, "USERNAME") == ["owl_77"]
    assert texts(spans, "EMAIL") == ["owl_77@mail.example"]


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("fr", "M. Paul ROCHE, demeurant 14 allée des Saules, 37000 Tours, a déclaré", "14 allée des Saules, 37000 Tours"),
     ("de", "Jonas FELD, wohnhaft Lindenstraße 40, 10247 Berlin, der", "Lindenstraße 40, 10247 Berlin"),
     ("es", "con domicilio en calle Mayor 14, 2.º B, 28013 Madrid y teléfono", "calle Mayor 14, 2.º B, 28013 Madrid"),
     ("pl", "zamieszkały ul. Polna 12 m. 4, 69-100 Słubice, tel.", "ul. Polna 12 m. 4, 69-100 Słubice"),
     # a one-letter district and a full stop end the sentence, not the name after them
     ("da", "Han bor på Tagensvej 8, 2200 København N. Holm Vestergaard har", "Tagensvej 8, 2200 København N"),
     ("de", "wohnhaft Marktgasse 3, 9000 St. Gallen. Er", "Marktgasse 3, 9000 St. Gallen"),
     # a province after the town; a lower-case word that ends the town's name; no date after it
     ("it", "residente in via Roma 8, 95014 Giarre (CT), coniugato", "via Roma 8, 95014 Giarre (CT)"),
     ("sl", "stanujoč Ljubljanska cesta 4, 8000 Novo mesto, je izjavil", "Ljubljanska cesta 4, 8000 Novo mesto"),
     ("sl", "stanujoč Celovška cesta 4, 1000 Ljubljana dne 5. 3. izjavil", "Celovška cesta 4, 1000 Ljubljana"),
     # a quoted street name, a building before the number; an age after the town is no part
     ("sq", 'me banim në Rruga "Myslym Shyri", Pallati 8, Ap. 3, Korçë, 16 vjeç, u largua',
      'Rruga "Myslym Shyri", Pallati 8, Ap. 3, Korçë')],
)  # fmt: skip
def test_addresses_grow_to_postcode_and_city(pii: Analyse, lang: str, text: str, value: str) -> None:
    assert texts(pii(text, lang), "ADDRESS") == [value]


#: Lines above, so that the address is past the letterhead.
_BODY = "Zapisnik\n\nKraj\n\nOseba\n\n"


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [  # a person's line that gives a telephone too
     ("sl", "Priča Maja KOREN, EMŠO 1203985505123, Rožna cesta 7, 4000 Kranj, tel. 041 222 333, je povedala",
      "Rožna cesta 7, 4000 Kranj"),
     # the town before the street, the number after a comma or a number sign
     ("uk", "Свідок Ольга ТКАЧ, мешкає: м. Полтава, вул. Садова, 12, кв. 3, тел. 050 111 2233",
      "м. Полтава, вул. Садова, 12, кв. 3"),
     ("mk", "Сведок Марко ПЕТРОВСКИ, од Битола, ул. „Широк Сокак“ бр. 21, тел. 070 111 222",
      "Битола, ул. „Широк Сокак“ бр. 21"),
     ("it", "Il teste Luca BIANCHI, abitante a Lecco, via Tonale 18, ha dichiarato", "Lecco, via Tonale 18"),
     # after a residence word, the street's name before its street word
     ("lv", "Liecinieks Jānis BĒRZIŅŠ, dzīvesvieta: Brīvības gatve 12-3, Rīga, LV-1010, paskaidroja",
      "Brīvības gatve 12-3, Rīga, LV-1010"),
     # the postcode and town first, then the street (not taken for an IP address)
     ("hu", "A tanú Szabó Ilona, lakcím: 6722 Szeged, Tisza Lajos körút 19. 4/11., elmondta",
      "6722 Szeged, Tisza Lajos körút 19. 4/11."),
     # no street word: the shape "name number, postcode town" says it
     ("sr", "Vlasnik Dragan MILIĆ, JMBG 1203985710023, Kneza Miloša 44, 11000 Beograd, izjavio je",
      "Kneza Miloša 44, 11000 Beograd"),
     ("fi", "Todistaja Aino RAUTIO, koti Kalliotie 4 B 9, 70110 Kuopio, kertoi",
      "Kalliotie 4 B 9, 70110 Kuopio"),
     ("da", "Sigtede Ole VINTHER, CPR-nr. 120385-1234, Søndermarken 7, 1. tv., 7100 Vejle. Anholdt",
      "Søndermarken 7, 1. tv., 7100 Vejle"),
     # a house letter after the number
     ("sv", "Hörd: Karin LUNDQVIST, 850312-1234, Storgatan 14 C, 831 30 Östersund, tfn 070-111 22 33",
      "Storgatan 14 C, 831 30 Östersund"),
     # no house number, but an Eircode or a Maltese postcode closes it
     ("ga", "Gearánach: Síle Ní BHRIAIN, Bóthar an Chnoic, An Spidéal, Co. na Gaillimhe, H91 K2P3, fón 091 555 123",
      "Bóthar an Chnoic, An Spidéal, Co. na Gaillimhe, H91 K2P3"),
     ("mt", "Ix-xhud Mario BORG, Triq il-Ħarruba, Ħaż-Żebbuġ ZBG 1520, tel. 7912 3456, qal",
      "Triq il-Ħarruba, Ħaż-Żebbuġ ZBG 1520"),
     # a house number's suffix, a flat after a comma, a district with its province
     ("nl", "De getuige Piet DE VRIES, wonende Lange Nieuwstraat 87-bis, 3512 PH Utrecht, verklaarde",
      "Lange Nieuwstraat 87-bis, 3512 PH Utrecht"),
     ("sr", "Сведок Петар ЈОВИЋ, станује у Новом Саду, Булевар ослобођења 12, стан 4, изјавио је",
      "Новом Саду, Булевар ослобођења 12, стан 4"),
     ("tr", "Tanık Ayşe KAYA, ikamet: Yeşiltepe Mah. Lale Sok. No: 8 D: 3, Kartal/İstanbul, ifade verdi",
      "Yeşiltepe Mah. Lale Sok. No: 8 D: 3, Kartal/İstanbul"),
     # a residence word, the town, then a street word that is a residence word too
     ("el", "Ο μάρτυρας Νίκος ΠΑΠΑΣ, κάτοικος Άνω Λιοσίων, οδός Φυλής 12, τηλ. 210 111 2222, κατέθεσε",
      "Άνω Λιοσίων, οδός Φυλής 12")],
)  # fmt: skip
def test_addresses_in_the_body_whole(pii: Analyse, lang: str, text: str, value: str) -> None:
    assert texts(pii(_BODY + text, lang), "ADDRESS") == [value]


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("ar", "المتهم، الساكن في البصرة، حي الجزائر، محلة ١١٢، زقاق ٤، دار ٩، جواز سفر رقم A1234",
      "البصرة، حي الجزائر، محلة ١١٢، زقاق ٤، دار ٩"),
     ("ka", "მისამართი: ქ. ქუთაისი, რუსთაველის ქ. №45, ბინა 3\nპასპორტი:", "ქ. ქუთაისი, რუსთაველის ქ. №45, ბინა 3")],
)  # fmt: skip
def test_addresses_in_scripts_without_capitals_and_with_the_arabic_comma(
    pii: Analyse, lang: str, text: str, value: str
) -> None:
    assert texts(pii(text, lang), "ADDRESS") == [value]


def test_an_ip_address_after_an_address_word_is_no_street(pii: Analyse) -> None:
    spans = pii(_BODY + "Connexions depuis l'adresse 10.20.30.40 et l'adresse 2001:db8::1, domicile inconnu.", "fr")
    assert texts(spans, "ADDRESS") == []
    assert texts(spans, "IP_ADDRESS") == ["10.20.30.40", "2001:db8::1"]


def test_a_street_that_opens_a_line_with_a_telephone_is_a_signature(pii: Analyse) -> None:
    text = _BODY + "Lep pozdrav\nTrubarjeva cesta 5, 1000 Ljubljana, tel. 01 300 300"
    assert texts(pii(text, "sl"), "ADDRESS") == []


def test_a_street_after_a_personal_number_is_no_letterhead(pii: Analyse) -> None:
    text = "Förhör\nFörhörsledare: krinsp Per Ek\nHörd: Karin LUNDQVIST, 850312-1234, Storgatan 14, 831 30 Östersund"
    assert texts(pii(text, "sv"), "ADDRESS") == ["Storgatan 14, 831 30 Östersund"]


def test_letterhead_address_is_not_personal_data(pii: Analyse) -> None:
    text = "Central Authority\nMinistry of Justice, 2 Example Street, London SW1A 1AA\n\nDear colleagues,"
    assert texts(pii(text), "ADDRESS") == []


def test_bank_account_after_account_word(pii: Analyse) -> None:
    assert texts(pii("mobil +420 603 123 456, číslo účtu 1234567890/0800.", "cs"), "BANK_ACCOUNT") == [
        "1234567890/0800"
    ]


def test_handles_before_a_chat_time_and_joined_by_underscores_are_usernames(pii: Analyse) -> None:
    text = (
        "zaki.2200 15:02: har i set det\nmk_bandz 15:03: ja\n"
        "Han kalder sig mikkel_19_aar. Filen report_2024.pdf og konstanten MAX_SIZE er ikke brugere."
    )
    assert texts(pii(text, "da"), "USERNAME") == ["zaki.2200", "mk_bandz", "mikkel_19_aar"]


def test_speakers_after_a_chat_time_are_usernames(pii: Analyse) -> None:
    text = (
        "21:02 tuulimylly: onks sulla viel\n21:04 Keijo: on\n"
        "24/06/2026 20:14 – Kettu_77: tuu parkkihalliin\n21:05 tuulimylly: ok"
    )
    # a lower-case speaker that long is a handle; "Keijo" is a first name, not a handle
    assert texts(pii(text, "fi"), "USERNAME") == ["tuulimylly", "Kettu_77", "tuulimylly"]


FILLER = "Uvod.\n" * 6  # past the letterhead lines


@pytest.mark.parametrize(
    ("text", "lang", "address"),
    [
        (FILLER + "Broj je registrovan na Milan PETROVIĆ, Bulevar kralja Petra 41, Kragujevac.", "sr",
         "Bulevar kralja Petra 41, Kragujevac"),
        (FILLER + "Свидетель Орлова Анна проживает: Тарту, ул. Лийви, д. 19, кв. 7, тел. +372 5384 2217.", "ru",
         "Тарту, ул. Лийви, д. 19, кв. 7"),
        ("Сведок: Зоран ИЛИЕВ, роден 03.05.1985 година, од ул. Горна бр. 14, Куманово, тел. 078 226 417.", "mk",
         "ул. Горна бр. 14, Куманово"),
    ],
)  # fmt: skip
def test_street_words_capitalised_a_number_word_after_a_comma_and_a_birth_date_on_a_first_line(
    pii: Analyse, text: str, lang: str, address: str
) -> None:
    """A capitalised street word opens an address as its lower-case form does; "ул. X, д. 19"
    puts a comma before the number's word; a birth date before a street in the first lines makes
    it a person's address, not a letterhead."""
    assert address in texts(pii(text, lang), "ADDRESS")
