"""Victims described by what happened to them (no role word), on invented text."""

from __future__ import annotations

import pytest

from tests.pii.conftest import Analyse
from triage.document import PiiSpan
from triage.pii.lang import available_languages, load_lang_data
from triage.pii.victim_cues import cue_regex


def role_of(spans: list[PiiSpan], name: str) -> str | None:
    return next(s.role for s in spans if s.type == "PERSON" and s.text == name)


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [("en", "Mrs Alwen THORNBURY, aged 79, lost £42,000 to a bogus investment scheme.", "Alwen THORNBURY"),
     ("en", "The gang threatened Mr Osric PELLINGHAM outside his shop.", "Osric PELLINGHAM"),
     ("fr", "M. Anatole VERCHAMP a déposé plainte le 4 mars au commissariat.", "Anatole VERCHAMP"),
     ("fr", "Des faits d'escroquerie commis au préjudice de Mme Clotilde RAVENNE.", "Clotilde RAVENNE"),
     ("de", "Frau Wiebke ALTHAUSEN wurde am Montag schwer verletzt.", "Wiebke ALTHAUSEN"),
     ("de", "Betrug zum Nachteil von Herrn Ottokar LINDQVIST in drei Fällen.", "Ottokar LINDQVIST"),
     ("es", "D. Casimiro ARRIBAS PELAYO denunció los hechos en comisaría.", "Casimiro ARRIBAS PELAYO"),
     ("es", "El detenido amenazó a Remedios OLAZÁBAL con un cuchillo.", "Remedios OLAZÁBAL"),
     ("it", "Il signor Gualtiero FANTUZZI ha sporto denuncia presso i carabinieri.", "Gualtiero FANTUZZI"),
     ("pl", "Pan Bogumił WRZOSEK złożył zawiadomienie o przestępstwie.", "Bogumił WRZOSEK"),
     ("pt", "O vigilante Aurélio PRAZERES foi atingido por um disparo.", "Aurélio PRAZERES"),
     ("nl", "Mevrouw Geertruida BLOEMSMA is via een valse bankmedewerker opgelicht.", "Geertruida BLOEMSMA"),
     ("ro", "Domnul Laurențiu VOINESCU a fost înjunghiat în zona abdomenului.", "Laurențiu VOINESCU"),
     ("cs", "Pan Radovan KOPECKÝ byl 3. května přijat do nemocnice s popáleninami.", "Radovan KOPECKÝ"),
     ("el", "Ο ναυτικός Ευστάθιος ΚΑΛΟΓΕΡΑΣ τραυματίστηκε στο χέρι.", "Ευστάθιος ΚΑΛΟΓΕΡΑΣ"),
     ("hr", "Gospodin Zvonimir BAKARIĆ zadobio je teške ozljede glave.", "Zvonimir BAKARIĆ"),
     # whose life is at stake
     ("el", "Υπάρχει άμεσος κίνδυνος για τη ζωή της Ευανθίας ΠΑΠΑΡΡΗ.", "Ευανθίας ΠΑΠΑΡΡΗ"),
     ("en", "We fear for the life of Mr Edwy CARRINGFORD, who has not been seen since.", "Edwy CARRINGFORD")],
)  # fmt: skip
def test_described_victim_beats_the_default_suspect(pii: Analyse, lang: str, text: str, name: str) -> None:
    assert role_of(pii(text, lang), name) == "victim"


def test_a_cue_word_inside_a_common_word_is_no_cue() -> None:
    cues = cue_regex(load_lang_data().victim_cues["cs"]["before"])
    assert cues.search("napadlo mě, že") is None  # "it occurred to me", not "attacked"
    assert cues.search("napadl ho nožem") is not None


def test_the_author_of_the_act_is_not_the_victim(pii: Analyse) -> None:
    text = "Leofric DRAYCOTT threatened Imelda FOSSWAY and stabbed her twice."
    spans = pii(text)
    assert role_of(spans, "Imelda FOSSWAY") == "victim"
    assert role_of(spans, "Leofric DRAYCOTT") == "suspect"


def test_agent_after_a_passive_is_not_the_victim(pii: Analyse) -> None:
    spans = pii("Le commerçant Fulbert MARCASSIN a été menacé par Ludovic TRÉVENNEC.", "fr")
    assert role_of(spans, "Fulbert MARCASSIN") == "victim"
    assert role_of(spans, "Ludovic TRÉVENNEC") == "suspect"


def test_transferring_money_does_not_make_a_victim(pii: Analyse) -> None:
    text = (
        "Edgar BLAKEMORE transferred the proceeds to accounts in Latvia and paid the couriers in cash. "
        "His neighbour Orla QUINTRELL lost her savings."
    )
    spans = pii(text)
    assert role_of(spans, "Edgar BLAKEMORE") == "suspect" and role_of(spans, "Orla QUINTRELL") == "victim"
    spans = pii("Jarosław PIETRUCHA przelał środki na rachunki spółek.", "pl")
    assert role_of(spans, "Jarosław PIETRUCHA") == "suspect"


def test_a_near_role_word_still_wins(pii: Analyse) -> None:
    spans = pii("The suspect Rowan KEVERNE lost the money in a casino, while Mr Idris PENHALE lost his pension.")
    assert role_of(spans, "Rowan KEVERNE") == "suspect" and role_of(spans, "Idris PENHALE") == "victim"
    spans = pii("Der Beschuldigte Henning OSTROP verlor das Geld. Frau Almut REISIG verlor ihre Ersparnisse.", "de")
    assert role_of(spans, "Henning OSTROP") == "suspect" and role_of(spans, "Almut REISIG") == "victim"


def test_cue_beats_other_and_covers_conjoined_names(pii: Analyse) -> None:
    spans = pii("The shop employee Tamsin ELLERBY was assaulted during the robbery.")
    assert role_of(spans, "Tamsin ELLERBY") == "victim"
    spans = pii("Sprawca pobił Danutę KLIMASZ i Zenona KLIMASZA przed domem.", "pl")
    assert role_of(spans, "Danutę KLIMASZ") == "victim" and role_of(spans, "Zenona KLIMASZA") == "victim"


def test_a_cue_about_someone_else_later_in_the_sentence_does_not_count(pii: Analyse) -> None:
    text = "Priscilla WETHERBY told officers that Ambrose HALLIGAN was defrauded last year."
    spans = pii(text)
    assert role_of(spans, "Ambrose HALLIGAN") == "victim"
    assert role_of(spans, "Priscilla WETHERBY") == "suspect"


def test_cue_syntax_stems_alternatives_and_gaps() -> None:
    rx = cue_regex(["wurde|wurden ~ verletzt", "oszukan*"])
    assert rx.search("Sie wurde am Montag in Köln schwer verletzt")
    assert rx.search("została OSZUKANA przez")
    assert not rx.search("Er hat ihn verletzt")
    assert not rx.search("wurde damals in einer langen und sehr kalten Nacht verletzt")  # gap > 5 words


def test_role_word_after_the_act_belongs_to_its_object(pii: Analyse) -> None:
    assert role_of(pii("Jasper TREVANION threatened the victim and took her phone."), "Jasper TREVANION") == "suspect"
    spans = pii("Ilario SPADAFORA ha minacciato la vittima davanti al bar.", "it")
    assert role_of(spans, "Ilario SPADAFORA") == "suspect"


def test_every_language_has_victim_cues() -> None:
    data = load_lang_data()
    for code in available_languages():
        assert data.victim_cues[code]["after"], code
        assert set(data.victim_cues[code]) <= {"after", "before", "agent", "clause"}, code


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [("hr", "Dana 30. svibnja oko 23 sata na parkiralištu napadnut je Dejan HORVAT, rođen 1991.", "Dejan HORVAT"),
     ("sr", "Истог дана нападнут је Марко ПЕТРОВИЋ испред зграде.", "Марко ПЕТРОВИЋ"),
     ("ru", "23 мая в подъезде дома был убит Сергей ИВАНОВ, 1980 года рождения.", "Сергей ИВАНОВ"),
     ("bg", "На 3 май беше намушкан Георги ИВАНОВ пред бара.", "Георги ИВАНОВ"),
     ("cs", "Dne 3. května byl napaden Jan NOVÁK před restaurací.", "Jan NOVÁK"),
     ("sl", "Istega dne je bil napaden Luka NOVAK pred lokalom.", "Luka NOVAK"),
     ("pl", "W trakcie napadu postrzelono w nogę kasjera Adama NOWAKA.", "Adama NOWAKA"),
     ("sq", "Më 8 prill Pjetër DODAJ ka vrarë fqinjin e tij Gjon PRENGA pas një sherri.", "Gjon PRENGA"),
     ("sq", "Atë natë u plagos rëndë Ardit HOXHA në bar.", "Ardit HOXHA"),
     ("hu", "A vádlott ököllel megütötte Kovács Jánost a kocsmában.", "Kovács Jánost")],
)  # fmt: skip
def test_a_passive_or_impersonal_act_written_before_its_victim(pii: Analyse, lang: str, text: str, name: str) -> None:
    """Slavic, Albanian and Hungarian put the act first: "napadnut je X" (X was attacked),
    "postrzelono kasjera X" (the cashier X was shot), "ka vrarë fqinjin X" (has killed his
    neighbour X)."""
    assert role_of(pii(text, lang), name) == "victim"


def test_a_passive_after_another_person_of_the_sentence_stays_that_persons(pii: Analyse) -> None:
    """"Y byl napaden, X …": the passive is Y's; X, the next name, is not its subject."""
    spans = pii("Jan NOVÁK byl napaden Petr DVOŘÁK utekl.", "cs")
    assert role_of(spans, "Jan NOVÁK") == "victim" and role_of(spans, "Petr DVOŘÁK") == "suspect"
