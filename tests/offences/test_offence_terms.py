"""The term reader: negation, hypotheticals, multi-label, evidence offsets, translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.document import Document, LabelFinding, Segment, Translation
from triage.errors import ConfigError
from triage.offences.classify import BEST_HINT_SOURCE, HINT_SCORE, TERMS_ONLY_SOURCE, decide, term_result
from triage.offences.lexicon import available_languages, load_lexicon, normalise, parse_lexicon
from triage.offences.terms import THRESHOLD


def classify(text: str, language: str) -> list[LabelFinding]:
    return decide(term_result(Document(text=text, language=language)))


def codes(text: str, language: str) -> set[str]:
    return {f.code for f in classify(text, language)}


def labelled(text: str, language: str) -> set[str]:
    """Codes whose terms reached the threshold (not an unlabelled item's best hint)."""
    return {f.code for f in classify(text, language) if f.evidence[-1].source != BEST_HINT_SOURCE}


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "it", "pl", "pt", "nl", "ro",
                                      "ru", "cs", "el", "bg", "hu", "hr", "xx"])
def test_every_language_file_loads_with_terms_and_cues(language: str) -> None:
    lexicon = load_lexicon(language)
    assert lexicon is not None and len(lexicon.terms) > 10
    assert language == "xx" or language in available_languages()


def test_normalise_keeps_offsets() -> None:
    text = "Fałszywe ŒUVRES, Straße, Ιούλιος"
    assert len(normalise(text)) == len(text)
    assert normalise("Éléments Łapówka") == "elements lapowka"


def test_unknown_code_in_a_term_file_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown offence code 'shoplifting'"):
        parse_lexicon("en", {"terms": {"shoplifting": ["nicked"]}}, Path("x.yaml"))


@pytest.mark.parametrize(
    ("text", "language", "absent"),
    [
        ("The search found no evidence of drug trafficking by the tenant.", "en", "drug_trafficking"),
        ("Involvement in money laundering was ruled out by the bank.", "en", "money_laundering"),
        ("Aucun élément ne permet d'établir un trafic de stupéfiants.", "fr", "drug_trafficking"),
        ("Es gibt keinen Hinweis auf Betrug durch den Vermieter.", "de", "fraud"),
        ("Anhaltspunkte für Geldwäsche liegen derzeit nicht vor.", "de", "money_laundering"),
        ("No consta que el detenido se dedicara al tráfico de drogas.", "es", "drug_trafficking"),
    ],
)
def test_negated_terms_are_suppressed(text: str, language: str, absent: str) -> None:
    assert absent not in codes(text, language)
    assert term_result(Document(text=text, language=language)).negated  # kept for the record


def test_the_same_term_without_negation_counts() -> None:
    assert "drug_trafficking" in codes("The tenant is suspected of drug trafficking.", "en")
    assert "drug_trafficking" in codes("Les faits relèvent d'un trafic de stupéfiants.", "fr")


def test_hypothetical_mention_weighs_less_than_a_statement() -> None:
    stated = term_result(Document(text="He committed arson at the depot.", language="en"))
    maybe = term_result(Document(text="Check whether arson at the depot is possible.", language="en"))
    assert maybe.score("arson") < stated.score("arson")


def test_multi_label_with_evidence_offsets_into_the_original() -> None:
    text = (
        "Subject: fraud and money laundering\n"
        "The suspects ran a fake investment scam and moved the proceeds of crime through mule accounts."
    )
    findings = {f.code: f for f in classify(text, "en")}
    assert {"fraud", "money_laundering"} <= set(findings)
    for finding in findings.values():
        assert 0.5 <= finding.score <= 1.0
        term_evidence = [e for e in finding.evidence if e.source == "term:en"]
        assert term_evidence
        for ev in term_evidence:
            for start, end in ev.spans:
                assert normalise(text[start:end]).startswith(normalise(ev.detail or "").rstrip("*").split()[0])
        assert finding.evidence[-1].source == TERMS_ONLY_SOURCE


def test_subject_line_weighs_more_than_a_passing_mention() -> None:
    main = term_result(Document(text="Offence: extortion\nThe caller asked for money.", language="en"))
    passing = term_result(Document(text="Note\nThe caller mentioned extortion once.", language="en"))
    assert main.score("racketeering_extortion") > passing.score("racketeering_extortion")


def test_other_only_when_no_listed_offence() -> None:
    assert codes("Offence: theft of a bicycle from a garden shed.", "en") == {"other"}
    assert codes("Offence: theft and armed robbery of a jeweller.", "en") == {"organised_armed_robbery"}


def test_longer_term_of_another_code_wins() -> None:
    text = "Qualification: association de malfaiteurs terroriste."
    assert codes(text, "fr") == {"terrorism"}


def test_translation_terms_point_at_the_original_segment() -> None:
    text = "Quviq blorp zantu. Ferra dolm quist mek."
    doc = Document(
        text=text,
        language="zz",  # no vocabulary for this language: only the translation can be read
        segments=[Segment(index=0, start=0, end=18, paragraph=0, language="zz"),
                  Segment(index=1, start=19, end=len(text), paragraph=0, language="zz")],
        translations=[
            Translation(segment_index=0, source_language="zz", target_language="en",
                        text="Nothing of note.", model="test-mt"),
            Translation(segment_index=1, source_language="zz", target_language="en",
                        text="He is charged with kidnapping a child.", model="test-mt"),
        ],
    )
    findings = decide(term_result(doc))
    assert [f.code for f in findings] == ["kidnapping_hostage_taking"]
    evidence = findings[0].evidence[0]
    assert evidence.source == "term:en" and "machine translation" in (evidence.detail or "")
    assert evidence.spans == [(19, len(text))]


def test_weapons_of_an_armed_robbery_are_its_means_not_trafficking() -> None:
    robbery = "Offence: armed robbery. The robbers carried pistols and ammunition into the bank."
    assert codes(robbery, "en") == {"organised_armed_robbery"}
    trade = "Offence: arms trafficking. He sold pistols and ammunition to buyers abroad."
    assert codes(trade, "en") == {"weapons_trafficking"}


@pytest.mark.parametrize(("offence", "code"), [("murder", "murder_grievous_bodily_injury"),
                                               ("terrorism", "terrorism"), ("fraud", "fraud")])
def test_weapons_of_a_terrorist_attack_or_a_murder_are_its_means(offence: str, code: str) -> None:
    text = f"Offence: {offence}.\nThe flat was searched on Monday.\nTwo pistols and a rifle were found in his car."
    means = code in ("murder_grievous_bodily_injury", "terrorism")
    assert codes(text, "en") == ({code} if means else {code, "weapons_trafficking"})


def test_on_the_same_words_the_term_that_spells_more_of_them_decides() -> None:
    raw = {"terms": {"racketeering_extortion": ["zsarol*"], "cybercrime": ["zsarolóvírus*"]}}
    lexicon = parse_lexicon("hu", raw, Path("offences.yaml"))
    text = normalise("A cég gépeit zsarolóvírussal titkosították.")
    hits = [(t.code, m.group()) for t in lexicon.terms for m in t.finditer(text)]
    assert ("racketeering_extortion", "zsarolovirussal") in hits  # both terms match the word...
    assert codes("A cég gépeit zsarolóvírussal titkosították.", "hu") == {"cybercrime"}  # ...one decides


def test_a_term_can_name_two_codes() -> None:
    assert {"cybercrime", "fraud"} <= codes("Reato: frode informatica ai danni di una banca.", "it")


def test_two_terms_on_the_same_words_are_one_piece_of_evidence() -> None:
    findings = {f.code: f for f in classify("Infraction : blanchiment d'argent.", "fr")}
    spans = [span for e in findings["money_laundering"].evidence for span in e.spans]
    assert len(spans) == 1


@pytest.mark.parametrize(
    ("text", "language"),
    [  # the sender's unit is named after organised crime; the case is about something else
     ("Riksenheten mot internationell och organiserad brottslighet begär bistånd i ett bedrägeriärende.", "sv"),
     ("Zamenik tužioca za organizovani kriminal traži pomoć u predmetu zbog korupcije.", "sr"),
     # "gången" (the time) folds like "gängen" (the gangs)
     ("Samma som förra gången, skicka pengarna via hawala.", "sv")],
)  # fmt: skip
def test_a_unit_named_after_an_offence_is_no_evidence_of_it(text: str, language: str) -> None:
    assert "participation_criminal_organisation" not in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language", "absent"),
    [("La violence verbale du voisin a été signalée.", "fr", "rape"),  # not "violée"
     ("Češi a Slováci se sešli v Brně.", "cs", "nuclear_materials_trafficking"),  # not caesium
     ("Det tog långa tider att få svar från banken.", "sv", "drug_trafficking"),  # "long", not "langa"
     ("È stato un colpo di fortuna.", "it", "organised_armed_robbery")],
)  # fmt: skip
def test_a_common_word_that_begins_like_a_term_is_no_cue(text: str, language: str, absent: str) -> None:
    assert absent not in codes(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [("lv", "Saskaņā ar likumu un grāmatvedības datiem"),  # law, accounting: no corpse, no grams
     ("pl", "trzysta kilometrów"), ("tr", "450 kilometre"),  # no kilos
     ("bg", "чакахме дълго"), ("es", "el costo del viaje"),  # long, cost
     ("bg", "вратата се отвори автоматично"), ("hu", "csalódott volt"),  # automatically, disappointed
     ("pl", "w czasie okupacji"), ("ru", "дай побольше времени"),  # occupation, more
     ("sv", "han tog av sig tröjan"), ("sv", "en gång till"),  # the sweater, once more
     ("lv", "viņa draudzene un draudzes mācītājs"), ("sr", "čaša vode i voda"),  # girlfriend, congregation; water
     ("tr", "ne oldu bilmiyorum"), ("fr", "il faut enlever les scellés"),  # happened; take off the seals
     ("pl", "gwałtownie skręcił w stronę organizacji pozarządowych"),  # suddenly, non-governmental
     ("pl", "apteka w Słupsku sprzedaje środki antykoncepcji"),  # a town, contraception
     ("de", "die Zahlung ist überfällig"), ("es", "la cartelera del cine"),  # overdue, listings
     ("fr", "une année charnière"), ("uk", "букет троянд"),  # pivotal, roses
     ("tr", "esrarengiz bir adam"), ("ru", "героиня романа")],  # mysterious, a heroine
)  # fmt: skip
def test_a_common_word_matches_no_colloquial_term(language: str, text: str) -> None:
    lexicon = load_lexicon(language)
    assert lexicon is not None
    norm = normalise(text)
    assert [t.term for t in lexicon.terms if any(t.finditer(norm))] == []


def test_a_colloquial_word_needs_a_second_mention_in_its_sentence() -> None:
    (finding,) = classify("Last warning: pay up or else.", "en")
    assert finding.code == "racketeering_extortion" and 0.4 <= finding.score < 0.5
    assert labelled("He told me to pay up.", "en") == set()


def test_an_item_with_no_label_takes_its_best_hint_with_that_as_evidence() -> None:
    """A colloquial word alone is no label beside a real one, but an item with nothing else
    shows it, marked as the best hint and scored below the threshold."""
    (finding,) = classify("He told me to pay up.", "en")
    assert finding.code == "racketeering_extortion"
    assert HINT_SCORE <= finding.score < THRESHOLD
    assert finding.evidence[-1].source == BEST_HINT_SOURCE
    assert any(e.source == "term:en" and e.spans for e in finding.evidence)
    assert codes("He told me to pay up. The suspect is charged with drug trafficking.", "en") == {"drug_trafficking"}
    assert codes("The weather was fine and the shop opened at nine.", "en") == set()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "He wrote that if I did not pay 4,000 euros by Monday he would burn the shop."),
        ("it", "Mi disse che se non pagavo duemila euro avrebbe mandato le foto a tutti."),
        ("cs", "Napsal, že jestli nezaplatíme do pátku, příště to zapálí."),
        ("hr", "Rekao je da ako ne platiš do petka, gori ti lokal."),
        ("de", "Er schrieb, wenn du nicht bis Freitag zahlst, brennt der Laden."),
        ("pl", "Napisał, że jeśli nie zapłacisz do piątku, spalimy ci sklep."),
        ("ru", "Он написал, что если не заплатишь до пятницы, сожжём магазин."),
        ("tr", "Mesajda parayı ödemezsen dükkanı yakarız yazıyordu."),
    ],
)
def test_a_conditional_demand_for_payment_is_extortion(language: str, text: str) -> None:
    """The demand with the harm for not paying is the offence itself, however it is worded."""
    assert codes(text, language) == {"racketeering_extortion"}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "[20:14] x: wiek to tylko liczba\n[20:16] x: nie mów nikomu o nas."),
        ("ru", "[20:14] x: возраст это просто цифра\n[20:16] x: никому не говори, ладно."),
        ("tr", "[20:14] x: yaş sadece bir sayı\n[20:16] x: kimseye söyleme tamam mı."),
        ("hu", "[20:14] x: a kor csak egy szám\n[20:16] x: ne mondd el senkinek."),
    ],
)
def test_the_words_of_grooming_are_child_sexual_exploitation(language: str, text: str) -> None:
    """Groomers' phrases are colloquial cues: two of them make the label, one alone does not."""
    assert codes(text, language) == {"child_sexual_exploitation"}
    assert labelled(text.split("\n")[1], language) == set()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The victim was taken to hospital. The doctor found a skull fracture. She has a concussion."),
        ("ka", "დაზარალებული საავადმყოფოში გადაიყვანეს. აქვს ნეკნის მოტეხილობა. დაუდგინდა ტვინის შერყევა."),
        ("tr", "Mağdur hastaneye kaldırıldı. Doktor kaburga kırığı tespit etti. Beyin sarsıntısı da var."),
        ("cs", "Poškozená byla převezena do nemocnice. Lékař zjistil zlomeninu čelisti. Utrpěla otřes mozku."),
    ],
)
def test_medical_findings_of_a_serious_injury_are_grievous_bodily_injury(language: str, text: str) -> None:
    """A fracture or a concussion is a colloquial cue: two findings make the label, one alone does not."""
    assert codes(text, language) == {"murder_grievous_bodily_injury"}
    assert labelled(text.split(". ", 1)[1].split(". ")[0], language) == set()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "Co miesiąc żądali od właściciela baru pieniędzy za ochronę."),
        ("pt", "Exigiam ao dono do café dinheiro em troca de proteção."),
        ("uk", "Вони щомісяця вимагали з власника кафе гроші за захист."),
        ("ro", "Îi cereau lunar bani patronului pentru protecție."),
    ],
)
def test_money_demanded_for_protection_is_extortion(language: str, text: str) -> None:
    assert "racketeering_extortion" in labelled(text, language)


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("en", "The inspector was handed an envelope with 5,000 euros to sign off the licence.", "corruption"),
        ("de", "Der Beamte nahm 8.000 Euro in bar, um die Genehmigung zu erteilen.", "corruption"),
        ("tr", "Müdür ihale sözleşmesini imzalamak için 50 bin lira aldı.", "corruption"),
        ("it", "Li portava oltre il confine con il suo furgone per 2500 euro a testa.", "migrant_smuggling"),
        ("pl", "Przewoził ich przez granicę ciężarówką, brał 2000 euro od osoby.", "migrant_smuggling"),
        ("ru", "Он переправлял людей через границу по 1500 долларов с человека.", "migrant_smuggling"),
    ],
)
def test_a_bribe_and_a_smuggling_described_in_everyday_words(language: str, text: str, code: str) -> None:
    assert code in labelled(text, language)


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("de", "Er zwang sie zum Geschlechtsverkehr, obwohl sie weinte.", "rape"),
        ("fr", "Il lui a imposé un rapport dans la voiture.", "rape"),
        ("en", "They kept the workers' passports and made them work to repay a debt.", "trafficking_human_beings"),
        ("pl", "Zabrali im paszporty i kazali pracować w klubie, aż spłacą dług.", "trafficking_human_beings"),
        ("nl", "Twee mannen sleurden hem een busje in.", "kidnapping_hostage_taking"),
        ("en", "He asked the 12-year-old girl to send him naked photos.", "child_sexual_exploitation"),
        ("de", "Sie gab sich als Polizistin aus und ließ das Geld auf ein sicheres Konto überweisen.", "fraud"),
        ("nl", "Hij stak de man gisteravond dood.", "murder_grievous_bodily_injury"),
        ("mk", "Тој насилно ја внесе во комбето пред училиштето.", "kidnapping_hostage_taking"),
        ("lv", "Viņš viņu piespieda dzimumattiecībām savā dzīvoklī.", "rape"),
        ("cs", "Poslal třináctileté dívce nahé fotky.", "child_sexual_exploitation"),
        ("en", "Someone hacked into the clinic's server last week.", "cybercrime"),
        ("it", "Lo hanno picchiato perché era straniero, davanti al bar.", "racism_xenophobia"),
        ("de", "Die Gelder flossen über Briefkastenfirmen nach Panama.", "money_laundering"),
        ("de", "In der Nacht zündete er das Auto des Nachbarn an.", "arson"),
        ("de", "Er übergoss die Haustür mit Benzin und zündete sie an.", "arson"),
        ("pl", "Trzymają go w piwnicy, dopóki rodzina nie zapłaci okupu.", "kidnapping_hostage_taking"),
        ("en", "They are keeping her in a flat until her brother pays.", "kidnapping_hostage_taking"),
        ("sk", "Platila falošnými dvadsaťeurovými bankovkami na trhu.", "currency_counterfeiting"),
        ("sv", "Han växlade falska 100-dollarsedlar på flygplatsen.", "currency_counterfeiting"),
        ("de", "Der Wirt soll jeden Monat 1500 Euro zahlen, sonst fackeln sie die Bar ab.", "racketeering_extortion"),
        ("it", "Deve pagare 500 euro a settimana, altrimenti gli spaccano le vetrine.", "racketeering_extortion"),
        ("nl", "Bij de vechtpartij brak hij haar neus.", "murder_grievous_bodily_injury"),
        ("tr", "Kavga sırasında adamın burnunu kırdı.", "murder_grievous_bodily_injury"),
    ],
)
def test_an_offence_described_in_everyday_words(language: str, text: str, code: str) -> None:
    assert code in labelled(text, language)


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("hr", "reci onome s kafićem da je od sad 2000 mjesečno, inače mu gori kafić", "racketeering_extortion"),
        ("tr", "dönerciye söyle, artık ayda 2000, yoksa dükkânını yakarız", "racketeering_extortion"),
        ("bg", "довечера му палим бара, донеси две туби бензин", "arson"),
        ("nl", "vannacht steken we zijn bar in de fik, neem twee jerrycans benzine mee", "arson"),
        ("ru", "завтра вечером валим его, возьми нож", "murder_grievous_bodily_injury"),
        ("ro", "mâine seară îl terminăm, adu cuțitul", "murder_grievous_bodily_injury"),
        ("pt", "temos o teu filho. 50 mil em dinheiro até sexta", "kidnapping_hostage_taking"),
        ("sv", "vi har din son. 500 000 kontant till fredag", "kidnapping_hostage_taking"),
        ("ru", "во вторник придут 2 кило белого, 28 за кило, только нал", "drug_trafficking"),
        ("en", "the new girls work the flat from tonight, they keep nothing till the debt is paid",
         "trafficking_human_beings"),
    ],
)
def test_an_offence_said_the_way_a_chat_says_it(language: str, text: str, code: str) -> None:
    """Monthly money "or else", burning a man's bar, killing slang, "we have your son", kilos of
    "white", girls who keep nothing till the debt is paid."""
    assert code in labelled(text, language)


def test_a_son_on_file_is_no_kidnapping() -> None:
    assert "kidnapping_hostage_taking" not in labelled("Vi har din son registrerad som vittne i ärendet.", "sv")
