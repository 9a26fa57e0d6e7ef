"""Urgency that does not miss an emergency: planned violence, the sender's own marking, and
the translation's second opinion, each shown with the cue that raised the level."""

from __future__ import annotations

import pytest

from triage.config import Settings
from triage.document import Document, LabelFinding, Segment, Translation
from triage.offences.classify import HINT_SCORE, hints
from triage.offences.terms import TermResult
from triage.pipeline import PipelineContext
from triage.urgency.stage import urgency_stage
from triage.vocabulary import UrgencyLevel


def urgency(doc: Document) -> tuple[str, list[str], list[str]]:
    urgency_stage(doc, PipelineContext(Settings()))
    u = doc.findings.urgency
    assert u is not None
    sources = [ev.source for r in u.reasons for ev in r.evidence]
    if u.marked_evidence is not None:
        sources.append(u.marked_evidence.source)
    return u.level, sorted(r.code for r in u.reasons), sources


def test_a_violent_act_with_a_near_time_is_a_threat_to_life() -> None:
    level, reasons, _ = urgency(
        Document(text="The group will attack the police station tomorrow night.", language="en")
    )
    assert (level, reasons) == (UrgencyLevel.IMMEDIATE, ["threat_to_life"])
    past = Document(text="In 2019 the group attacked the police station.", language="en")
    assert urgency(past)[0] == UrgencyLevel.ROUTINE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Morgen früh warten wir vor der Schule, dann stech ich ihn ab."),  # a separable verb split
        ("de", "Heute Nacht legen wir ihn um."),
        ("nl", "Vannacht schiet ik hem neer bij zijn huis."),
        ("nl", "Hij komt er niet levend vanaf, dat zweer ik."),  # a threat that opens with its negation
        ("de", "Der kommt da nicht lebend raus."),
        ("en", "He won't get out of there alive."),
        ("en", "I can't do this anymore, I'll end it tonight."),
        ("ru", "Сегодня ночью едем к нему и валим его."),  # killing slang with a near time
        ("ro", "Diseară mergem la el și îl terminăm."),
        ("el", "Απόψε πάμε σπίτι του και τον τελειώνουμε."),
        ("pt", "Se não pagares até sexta, és um homem morto."),
        ("hu", "Ha péntekig nem fizetsz, halott ember vagy."),
        ("sv", "Nästa gång bränner vi huset med er inne."),  # arson with people inside
        ("cs", "Příště podpálíme barák i s váma uvnitř."),
    ],
)
def test_everyday_words_of_killing_and_of_a_threat_to_life_raise_the_level(language: str, text: str) -> None:
    level, reasons, _ = urgency(Document(text=text, language=language))
    assert (level, reasons) == (UrgencyLevel.IMMEDIATE, ["threat_to_life"])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "Domani non lo vedi."),
        ("pl", "Jutra nie dożyjesz."),
        ("sv", "Du kommer inte att se morgondagen."),
        ("ka", "ხვალინდელ დღეს ვერ ნახავ."),
    ],
)
def test_a_negation_written_in_the_term_is_part_of_the_threat(language: str, text: str) -> None:
    """"You won't see tomorrow": the term holds its negation, which reverses nothing."""
    level, reasons, _ = urgency(Document(text=text, language=language))
    assert (level, reasons) == (UrgencyLevel.IMMEDIATE, ["threat_to_life"])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We have your son. Call the police and you will never see him again."),
        ("es", "Tenemos a tu hijo. Llama a la policía y no lo vuelves a ver."),
        ("ru", "Твой сын у нас. Позвонишь в полицию и больше его не увидишь."),
        ("bg", "Не издържам повече. Тази нощ ще изпия всички хапчета."),  # the full stop ends the negation's reach
        ("ga", "Anocht tógfaidh mé na piollaí go léir."),  # "na" is the article, no negation
    ],
)
def test_a_kidnappers_claim_and_an_overdose_announced_are_threats_to_life(language: str, text: str) -> None:
    level, reasons, _ = urgency(Document(text=text, language=language))
    assert level == UrgencyLevel.IMMEDIATE and "threat_to_life" in reasons


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We have your son's passport details on file and will return them."),
        ("de", "Wir haben deinen Sohn gestern angerufen, er war nicht erreichbar."),
        ("es", "Tenemos a tu hijo registrado como testigo."),
        ("ru", "Ваш сын у нас на учёте с 2020 года."),
        ("en", "After 2019 she never saw him again, the witness said."),
    ],
)
def test_a_letter_that_has_your_son_on_file_is_no_kidnapping(language: str, text: str) -> None:
    """The claim must end its clause: "we have your son" and nothing after it."""
    assert urgency(Document(text=text, language=language))[0] == UrgencyLevel.ROUTINE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("cs", "Moje dvanáctiletá dcera je od včerejšího večera nezvěstná a nebere telefon."),
        ("fi", "12-vuotias tyttäreni on ollut kadoksissa eilisillasta eikä vastaa puhelimeen."),
        ("lt", "Mano 12-metė dukra dingo vakar vakare ir neatsiliepia telefonu."),
    ],
)
def test_a_missing_child_is_at_risk(language: str, text: str) -> None:
    level, reasons, _ = urgency(Document(text=text, language=language))
    assert level == UrgencyLevel.IMMEDIATE and "child_at_risk" in reasons


@pytest.mark.parametrize(
    "text",
    ["غادي نقتلك إلا ما خلصتيش", "راك ميت يا خويا", "هنموتك زي ما موتنا اخوك", "اذا حكيتي للشرطة ما رح تشوفي ولادك"],
)
def test_arabic_dialect_threats_are_threats_to_life(text: str) -> None:
    """Maghrebi "غادي نقتلك", "راك ميت", Egyptian "هنموتك", Levantine "ما رح تشوفي ولادك"."""
    level, reasons, _ = urgency(Document(text=text, language="ar"))
    assert level == UrgencyLevel.IMMEDIATE and "threat_to_life" in reasons


def test_an_arabic_report_of_a_past_killing_is_no_threat() -> None:
    assert urgency(Document(text="قام المتهم بقتله عام 2019 وصدر بحقه حكم نهائي.", language="ar"))[0] == "routine"


def test_a_missing_adult_is_no_child_at_risk() -> None:
    _, reasons, _ = urgency(Document(text="45-vuotias mies on ollut kadoksissa eilisillasta.", language="fi"))
    assert "child_at_risk" not in reasons


def test_a_negation_before_the_term_still_reverses_it() -> None:
    level, _, _ = urgency(Document(text="Non è vero che domani non lo vedi.", language="it"))
    assert level == UrgencyLevel.ROUTINE


def test_a_separable_verb_with_a_time_is_no_killing() -> None:
    school_run = Document(text="Morgen bringen wir sie um 8 Uhr zur Schule.", language="de")
    assert urgency(school_run)[0] == UrgencyLevel.ROUTINE


def test_a_child_beside_a_near_time_in_an_item_about_exploitation_is_at_risk() -> None:
    text = "The account groomed a 12-year-old girl online. The meeting is arranged for tomorrow afternoon."
    groomed = Document(text=text, language="en")
    groomed.findings.offences = [LabelFinding(code="child_sexual_exploitation", score=0.8)]
    assert urgency(groomed)[:2] == (UrgencyLevel.IMMEDIATE, ["child_at_risk"])
    counterfeit = Document(text=text, language="en")  # the same words in an item about another offence
    counterfeit.findings.offences = [LabelFinding(code="product_counterfeiting_piracy", score=0.8)]
    assert urgency(counterfeit)[0] != UrgencyLevel.IMMEDIATE


def test_an_offence_hint_too_weak_for_a_label_still_puts_a_child_at_risk() -> None:
    text = "Una chica de 16 años trabaja en el club. Mañana la llevan a Portugal."
    hinted = Document(text=text, language="es")
    hinted.findings.offence_hints = ["trafficking_human_beings"]
    assert urgency(hinted)[:2] == (UrgencyLevel.IMMEDIATE, ["child_at_risk"])
    assert urgency(Document(text=text, language="es"))[0] == UrgencyLevel.ROUTINE


def test_an_offence_short_of_a_label_is_a_hint() -> None:
    result = TermResult(raw={"trafficking_human_beings": 0.5, "fraud": 2.0, "arson": 0.1})
    labelled = [LabelFinding(code="fraud", score=0.75)]
    assert hints(result, labelled) == ["trafficking_human_beings"]  # 1 - 0.5**0.5 = 0.29 >= HINT_SCORE
    assert HINT_SCORE < 0.5


def test_a_kidnapping_with_a_near_time_is_ongoing() -> None:
    text = "They called the family again and want the money tonight."
    ongoing = Document(text=text, language="en")
    ongoing.findings.offences = [LabelFinding(code="kidnapping_hostage_taking", score=0.8)]
    assert urgency(ongoing)[:2] == (UrgencyLevel.IMMEDIATE, ["threat_to_life"])
    other = Document(text=text, language="en")
    other.findings.offences = [LabelFinding(code="racketeering_extortion", score=0.8)]
    assert urgency(other)[0] != UrgencyLevel.IMMEDIATE


def test_an_attack_planned_over_several_messages_in_a_terrorism_item_is_a_threat() -> None:
    text = (
        "The operation is on Saturday. The small van is rented in his name. It comes in from the "
        "square. Then out with the knife."
    )
    plot = Document(text=text, language="en")
    plot.findings.offences = [LabelFinding(code="terrorism", score=0.8)]
    assert urgency(plot)[:2] == (UrgencyLevel.IMMEDIATE, ["threat_to_life"])
    other = Document(text=text, language="en")  # the same words, three sentences apart, about something else
    other.findings.offences = [LabelFinding(code="stolen_vehicles_trafficking", score=0.8)]
    assert urgency(other)[0] != UrgencyLevel.IMMEDIATE


def test_the_senders_own_marking_raises_the_level_with_its_evidence() -> None:
    marked = Document(text="URGENT\nRequest for the hearing of a witness in a fraud case.", language="en")
    assert urgency(marked) == (UrgencyLevel.URGENT, [], ["rule:marked_urgent"])
    asked = Document(text="We kindly request immediate execution of the search warrant.", language="en")
    assert urgency(asked) == (UrgencyLevel.IMMEDIATE, [], ["rule:marked_immediate"])


def test_a_marking_in_a_story_raises_nothing() -> None:
    story = Document(
        text="After the robbery the shop owner immediately called the police, who came "
        "within the hour; an urgent meeting of the shop owners' association followed the week after.",
        language="en",
    )
    assert urgency(story)[0] == UrgencyLevel.ROUTINE


def test_the_forms_urgency_heading_is_no_marking() -> None:
    """Section B of the EIO form is headed "Urgency" in every language, urgent or not."""
    for lang, heading, body in (
        ("lv", "B IEDAĻA – STEIDZAMĪBA", "Lūdzam veikt kratīšanu noliktavā."),
        ("de", "B. DRINGLICHKEIT", "Wir ersuchen um Durchsuchung des Lagers."),
        ("en", "Section B – Urgent or priority treatment", "A search of the warehouse is requested."),
    ):
        form = Document(text=f"{heading}\n\nC. MEASURES\n{body}", language=lang)
        assert urgency(form)[0] == UrgencyLevel.ROUTINE, heading
        stamped = Document(text=f"DRINGEND\n{body}" if lang == "de" else f"URGENT\n{body}", language=lang)
        assert urgency(stamped)[0] == UrgencyLevel.URGENT, lang


def translated(text: str, translation: str, suspect: str | None = None) -> Document:
    return Document(
        text=text,
        language="xx",
        segments=[Segment(index=0, start=0, end=len(text), paragraph=0, language="xx")],
        translations=[Translation(segment_index=0, source_language="xx", target_language="en",
                                  text=translation, model="stub", suspect=suspect)],
    )  # fmt: skip


def test_the_translation_raises_the_level_with_evidence_on_the_original_segment() -> None:
    doc = translated("Zzyzx vorbal krem tonight zzyzx.", "They are going to kill him tonight.")
    level, reasons, sources = urgency(doc)
    assert (level, reasons) == (UrgencyLevel.IMMEDIATE, ["threat_to_life"])
    assert all(s.endswith("@translation") for s in sources)
    u = doc.findings.urgency
    assert u is not None and u.reasons[0].evidence[0].spans == [(0, len(doc.text))]


def test_a_suspect_translation_gives_no_second_opinion() -> None:
    doc = translated("Zzyzx vorbal krem zzyzx.", "They are going to kill him tonight.", suspect="repetition loop")
    assert urgency(doc)[0] == UrgencyLevel.ROUTINE


def test_the_translation_never_lowers_the_level() -> None:
    doc = translated("The hostage is still held by the kidnappers.", "Nothing happened.")
    doc.language = "en"
    assert urgency(doc)[0] == UrgencyLevel.IMMEDIATE
