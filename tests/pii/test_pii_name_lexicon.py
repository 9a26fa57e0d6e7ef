"""Names where no NER pipeline exists: known first names and surnames against common words."""

from __future__ import annotations

import pytest

from tests.pii.conftest import Analyse
from triage.pii.name_lexicon import name_lexicon


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("hr", "Prijavu je podnijela Ivana Kovačević iz Splita.", "Ivana Kovačević"),
        ("cs", "Poškozená Jana Dvořáková uvedla, že útočníka znala.", "Jana Dvořáková"),
        ("sv", "Enligt uppgift har Anders Lindqvist lämnat landet.", "Anders Lindqvist"),
        ("lt", "Pareiškimą vakar pateikė Andrius Kazlauskas.", "Andrius Kazlauskas"),
    ],
)
def test_a_known_first_name_and_a_surname_are_a_person(pii: Analyse, lang: str, text: str, name: str) -> None:
    names = [s.text for s in pii(text, lang) if s.type == "PERSON"]
    assert names == [name]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("hr", "Predmet je proslijeđen kako bi Općinski Sud odlučio."),
        ("cs", "Věc byla postoupena, aby Krajské Ředitelství rozhodlo."),
        ("it", "La richiesta è stata inviata perché il Regno Unito decida."),
    ],
)
def test_institutions_and_places_of_common_words_are_not(pii: Analyse, lang: str, text: str) -> None:
    assert [s.text for s in pii(text, lang) if s.type == "PERSON"] == []


def test_the_lexicon_tells_proper_names_from_common_words() -> None:
    lexicon = name_lexicon("hr")
    assert lexicon is not None
    assert lexicon.is_proper("Marko") and lexicon.is_proper("HORVAT")
    assert lexicon.is_common("sud") and not lexicon.is_common("Kovačević")
    serbian = name_lexicon("sr")  # Cyrillic words are looked up in their Latin spelling too
    assert serbian is not None and serbian.is_given("Јелена") and serbian.is_common("нови") == serbian.is_common("novi")
    german = name_lexicon("de")  # every noun capitalised: only pooled names count as proper
    assert german is not None and german.is_proper("Holger") and german.is_common("Polizei")


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("da", "Bilen blev stoppet ved Kruså med føreren Jonas Ravn, der kørte.", "Jonas Ravn"),  # "ravn" is a word
        ("fi", "Lisätietoja antaa Heikki Lappalainen, viranomaispalvelut.", "Heikki Lappalainen"),
        ("en", "The persons concerned:\n1. Andreas Christodoulou, senior officer.", "Andreas Christodoulou"),
        # a surname that is also a word, but no frequent one ("мельник", a miller)
        ("uk", "Заяву подала Олена Мельник після повернення.", "Олена Мельник"),
        ("sr", "Пријаву је поднео Милош Радовановић из Ниша.", "Милош Радовановић"),  # Faker's names are Latin
        ("hu", "Tegnap este a barátommal, Bodnár Ádámmal voltam a sörözőben.", "Bodnár Ádámmal"),  # a case ending
        ("uk", "Вилучено телефон Руслана Гриценка під час затримання.", "Руслана Гриценка"),
        ("uk", "Телефон вилучено у Руслана Гриценка під час затримання.", "Руслана Гриценка"),  # a preposition before
        # a given name so frequent that the word list holds it, before a surname that is no word
        ("ru", "Заявление приняла Ирина Бельчикова в отделе.", "Ирина Бельчикова"),
        ("nl", "Volgens de buren belde Eva Kortenhoeven gisteren de politie.", "Eva Kortenhoeven"),
        ("es", "El pago lo recibió Julia Ferrandis Olmo en efectivo.", "Julia Ferrandis Olmo"),
    ],
)
def test_a_known_given_name_then_a_surname_is_a_person(pii: Analyse, lang: str, text: str, name: str) -> None:
    assert [s.text for s in pii(text, lang) if s.type == "PERSON"] == [name]


def test_a_lone_given_name_inside_a_sentence_is_a_person(pii: Analyse) -> None:
    text = "Volgens de moeder heeft Rayan haar gisteravond opgehaald."
    assert [s.text for s in pii(text, "nl") if s.type == "PERSON"] == ["Rayan"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ga", "Tá an fhianaise againn faoin 11 Nollaig 2026 ar a dhéanaí."),  # a month after a number
        ("sq", "Për dijeni: Interpol Roma dhe Ministria."),  # after a capitalised word
        ("it", "La merce arriverà a Roma domani."),  # after a preposition
    ],
)
def test_a_given_name_that_is_a_month_or_a_place_is_not(pii: Analyse, lang: str, text: str) -> None:
    assert [s.text for s in pii(text, lang) if s.type == "PERSON"] == []


def test_a_name_found_once_is_found_again_in_the_genitive(pii: Analyse) -> None:
    text = "Sigtede Kasper Møller JEPPESEN blev anholdt. Betalinger gik til Jeppesens konto."
    assert [s.text for s in pii(text, "da") if s.type == "PERSON"] == ["Kasper Møller JEPPESEN", "Jeppesens"]


def test_given_names_and_surnames_come_from_every_locale() -> None:
    lexicon = name_lexicon("lv")
    assert lexicon is not None
    assert lexicon.is_given("Jasmijn") and lexicon.is_given("Georgios")
    assert lexicon.is_surname("Hakala") and not lexicon.is_given("policija")


def test_georgian_names_by_their_surname_endings_and_case_forms(pii: Analyse) -> None:
    text = (
        "გამოძიებით დადგენილია, რომ ზაზა ქავთარაძე ცხოვრობს ათენში. ქავთარაძის მეზობლები ადასტურებენ. "
        "ფული ქავთარაძისთვის გადაირიცხა."
    )
    names = ["ზაზა ქავთარაძე", "ქავთარაძის", "ქავთარაძისთვის"]
    assert [s.text for s in pii(text, "ka") if s.type == "PERSON"] == names


def test_georgian_names_with_other_surname_endings_after_a_known_given_name(pii: Analyse) -> None:
    """Mingrelian and Svan endings ("-ია", "-იანი") end ordinary words too: after a known given
    name they are a surname, alone they are not."""
    text = "ბრალდებულმა ბესიკ ცხადაიამ თანხა გადაიხადა. ინფორმაცია გადაეცა ნინო გურჯიანს. ადამიანი წავიდა."
    assert [s.text for s in pii(text, "ka") if s.type == "PERSON"] == ["ბესიკ ცხადაიამ", "ნინო გურჯიანს"]


def test_a_georgian_given_name_alone_with_its_case_ending_and_a_quoted_nickname(pii: Analyse) -> None:
    text = "ხვალ მოვა ახალი ტვირთი, თამარს გადასცემს. კაცი, მეტსახელად „ბუთხუზა“, არ ჩანს."
    assert [s.text for s in pii(text, "ka") if s.type == "PERSON"] == ["თამარს", "ბუთხუზა"]


def test_arabic_names_by_a_given_name_and_its_links(pii: Analyse) -> None:
    text = "كشفت الأبحاث عن شبكة يتزعمها المسمى محمد بن عبد السلام الحموتي، وتبين أن الحموتي كان يتواصل مع شركاء."
    names = [s.text for s in pii(text, "ar") if s.type == "PERSON"]
    assert names == ["محمد بن عبد السلام الحموتي", "الحموتي"]
    assert [s.text for s in pii("رئاسة النيابة العامة، قطب التعاون القضائي الدولي", "ar") if s.type == "PERSON"] == []


def test_an_arabic_name_after_a_naming_word_or_the_vocative(pii: Analyse) -> None:
    text = "وقد حضر المدعو غسان ناصيف الدباغ إلى المركز.\n[02/03/2027 21:10] x: وين انت يا ناصيف"
    names = [s.text for s in pii(text, "ar") if s.type == "PERSON"]
    assert names == ["غسان ناصيف الدباغ", "ناصيف"]


def test_an_arabic_by_name_and_a_name_after_a_title(pii: Analyse) -> None:
    """"أبو …" (father of) opens a by-name, not the name of a place ("أبو ظبي"); a judge or a
    doctor is named after the title "المستشار", "الطبيب"."""
    text = "سافر أبو الوليد إلى أبو ظبي يوم الأحد، وفحص الطبيب نزار عبد الرحيم الجرحى."
    assert [s.text for s in pii(text, "ar") if s.type == "PERSON"] == ["أبو الوليد", "نزار عبد الرحيم"]


def test_a_conjunction_after_an_arabic_role_word_is_no_name(pii: Analyse) -> None:
    """"الشاهد بأن" (the witness that …): the role word names no one here."""
    text = "وأفاد الشاهد بأن المتهم سافر إلى الخارج، وقال الضحية إن الرجل هدده."
    assert [s.text for s in pii(text, "ar") if s.type == "PERSON"] == []


def test_a_rare_arabic_given_name_alone_and_after_a_voweled_naming_word(pii: Analyse) -> None:
    """The Arabic dictionary lists names as common words, so a given name alone counts when it
    is not frequent; "يُدعى" (is called) with its vowel marks is the naming word "يدعى"; a month
    name ("جوان", June in Tunisia) opens no name."""
    text = "قال إن شخصا يُدعى حمدي سلمه المبلغ في 08 جوان 2026، ثم اتصل به رضوان من رقم جديد."
    assert [s.text for s in pii(text, "ar") if s.type == "PERSON"] == ["حمدي", "رضوان"]


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("hr", "Vlasnik kafića na Žnjanu je Ante MARIĆ, koji stanuje iznad.", "Ante MARIĆ"),  # "ante": Spanish
        ("de", "Ein weiteres Opfer, Ionela Stan, ist nach Rumänien zurückgekehrt.", "Ionela Stan"),  # "stan": Polish
    ],
)
def test_another_languages_stopword_can_be_a_name(pii: Analyse, lang: str, text: str, name: str) -> None:
    assert [s.text for s in pii(text, lang) if s.type == "PERSON"] == [name]


def test_a_name_right_before_other_personal_data_stops_where_it_starts(pii: Analyse) -> None:
    text = "The money went to the personal account of Mikko Hakala GB29 NWBK 6016 1331 9268 19 last month."
    assert [s.text for s in pii(text, "en") if s.type == "PERSON"] == ["Mikko Hakala"]


def test_chat_authors_in_a_caseless_script_and_their_names_in_messages(pii: Analyse) -> None:
    text = (
        "[03/02/2026 20:14] نادر: هل وصلت الشحنة؟\n"
        "[03/02/2026 20:15] جلال: نعم يا نادر، كل شيء جاهز\n"
        "[03/02/2026 20:16] نادر: ممتاز\n"
    )
    names = [s.text for s in pii(text, "ar") if s.type == "PERSON"]
    assert names == ["نادر", "جلال", "نادر", "نادر"]
