"""The protection stage on invented texts: terms, negation, ages, roles, fallbacks."""

from __future__ import annotations

import datetime as dt

import pytest

from triage.config import Settings
from triage.document import Document, Evidence, LabelFinding, PiiSpan, Segment, Translation, UrgencyFinding
from triage.pipeline import PipelineContext
from triage.protection.stage import protection_stage


def run(
    text: str, language: str | None = "en", pii: list[PiiSpan] | None = None, **fields: object
) -> Document:
    doc = Document(text=text, language=language, **fields)
    doc.findings.pii = pii or []
    protection_stage(doc, PipelineContext(Settings()))
    return doc


def codes(doc: Document) -> tuple[set[str], set[str]]:
    f = doc.findings
    return {c.code for c in f.special_categories}, {p.code for p in f.protected_persons}


def person(text: str, start: int, role: str) -> PiiSpan:
    end = start + len(text)
    return PiiSpan(start=start, end=end, type="PERSON", text=text, role=role, evidence=Evidence(source="t"))


def test_health_with_evidence_spans() -> None:
    text = "The courier was taken to hospital with a broken jaw."
    doc = run(text)
    (finding,) = doc.findings.special_categories
    assert finding.code == "health" and finding.score >= 0.5
    evidence = {e.detail: e for e in finding.evidence}
    hospital = next(e for term, e in evidence.items() if term.startswith("hospital|"))
    (span,) = hospital.spans
    assert text[span[0] : span[1]] == "hospital"
    assert hospital.source == "term:en"


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("Le suspect fréquente une mosquée du quartier.", "fr", "religious_beliefs"),
        ("Der Beschuldigte ist Mitglied einer Gewerkschaft.", "de", "trade_union"),
        ("Se tomaron sus huellas dactilares en comisaría.", "es", "biometric"),
        ("È stato estratto il profilo genetico dal mozzicone.", "it", "genetic"),
        ("Podejrzany działał w skrajnie prawicowej grupie.", "pl", "political_opinions"),
        ("A vítima foi ameaçada por causa da sua orientação sexual.", "pt", "sex_life_orientation"),
        ("Hij werd uitgescholden vanwege zijn etnische afkomst.", "nl", "racial_ethnic_origin"),
        ("Victima a fost internata in spital.", "ro", "health"),
        # conditions and impairments, not only injuries and hospitals
        ("Pani Zofia od roku jest częściowo sparaliżowana po udarze.", "pl", "health"),
        ("Su hijo padece asma y no tiene su inhalador.", "es", "health"),
        ("Svědek je od narození neslyšící.", "cs", "health"),
        ("Potilas on käynyt dialyysissä kolme kertaa viikossa.", "fi", "health"),
        ("Ο κρατούμενος πάσχει από επιληψία.", "el", "health"),
    ],
)
def test_special_categories_in_several_languages(text: str, language: str, category: str) -> None:
    assert category in codes(run(text, language))[0]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The driver was not injured.", "en"),
        ("Le conducteur n'a pas été blessé.", "fr"),
        ("Es gab keine Verletzungen.", "de"),
    ],
)
def test_negated_terms_are_dropped(text: str, language: str) -> None:
    assert codes(run(text, language)) == (set(), set())


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Imam informacije o pošiljci i javit ću se sutra.", "hr"),  # "imam": I have
        ("Имам информация за пратката.", "bg"),
        ("Imam podatke o računu.", "sl"),
    ],
)
def test_a_word_that_is_also_a_verb_names_no_religion(text: str, language: str) -> None:
    assert "religious_beliefs" not in codes(run(text, language))[0]


def test_a_word_that_only_begins_like_a_term_is_no_cue() -> None:
    assert "genetic" not in codes(run("Der Behälter wurde vom Netz genommen.", "de"))[0]  # not "Genom"
    assert "genetic" in codes(run("Eine Genomanalyse der Spur liegt vor.", "de"))[0]
    assert "racial_ethnic_origin" not in codes(run("Drejtuar: SCIP Romë dhe Questura di Milano.", "sq"))[0]  # Rome
    assert "racial_ethnic_origin" in codes(run("Fushata nxiste urrejtje ndaj romëve.", "sq"))[0]


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("Han reste genom Danmark och betalade genom Swish.", "sv", "genetic"),  # "through"
        ("Es grenzt an ein Wunder, dass niemand da war.", "de", "health"),  # a miracle
        ("A szerződés új verziója csütörtökön érkezett.", "hu", "health"),  # a version
        ("kurde, znowu nie odpisał", "pl", "racial_ethnic_origin"),  # an oath
        ("وصل الضابط العسكري إلى المكان", "ar", "health"),  # military
        ("Cena se mění v závislosti na množství.", "cs", "health"),  # depending on
        ("Han brugte alle sine kræfter på at flygte.", "da", "health"),  # strength
        ("The hotel's hospitality staff saw the car.", "en", "health"),
        ("The car was parked on Churchill Road near the rabbit farm.", "en", "religious_beliefs"),
        ("Nach dem Einbruch in die Lagerhalle", "de", "health"),  # a burglary, no fracture
        ("Svědek nic neslyšel.", "cs", "health"),  # did not hear, no deafness
        ("Il a soigneusement effacé les traces.", "fr", "health"),  # carefully
    ],
)
def test_a_common_word_that_contains_a_term_is_no_cue(text: str, language: str, category: str) -> None:
    assert category not in codes(run(text, language))[0]


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("I bilen lå der ulovlige stoffer.", "da", "victim"),  # substances, not "offer"
        ("Des violences verbales ont été signalées.", "fr", "victim"),  # not "violée"
        ("Na vozilu su utvrđena oštećenja.", "hr", "victim"),  # damage, not the injured party
        ("Молбата е за международно сътрудничество.", "bg", "informant"),  # cooperation
        ("Μίλησε με πάθος για την ομάδα.", "el", "victim"),  # passion
    ],
)
def test_a_common_word_names_no_protected_person(text: str, language: str, kind: str) -> None:
    assert kind not in codes(run(text, language))[1]


def test_dna_alone_is_a_measure_and_a_dna_profile_is_genetic_data() -> None:
    assert "genetic" not in codes(run("Please secure fingerprints and DNA traces at the scene.", "en"))[0]
    assert "genetic" not in codes(run("Säkring av fingeravtryck och DNA i lagerlokalen.", "sv"))[0]
    # the item's table and the neutral one both list "DNA": one cue, not two
    assert "genetic" not in codes(run("Na mieste boli zaistené stopy DNA podozrivého.", "sk"))[0]
    assert "genetic" in codes(run("The DNA profile from the knife matches the suspect.", "en"))[0]
    assert "genetic" in codes(run("Il profilo del DNA estratto dal mozzicone è dell'indagato.", "it"))[0]


def test_an_acronym_matches_only_in_capitals() -> None:
    assert "genetic" not in codes(run("Dňa 12. 5. 2026 bola podaná žaloba.", "sk"))[0]  # "dňa": on the day
    assert "genetic" in codes(run("Profil DNA podozrivého sa zhoduje so stopou na noži.", "sk"))[0]
    assert "health" not in codes(run("Hiv. szám: 01800/771/2026", "hu"))[0]  # "hivatkozási szám": reference
    assert "health" in codes(run("A sértett HIV-fertőzött.", "hu"))[0]


def test_a_term_inside_a_name_or_an_address_is_no_cue() -> None:
    text = "Dokumenti u nënshkrua nga prokurorja Elona HOXHA."  # "hoxha": an imam; here a surname
    name = PiiSpan(start=37, end=48, type="PERSON", text="Elona HOXHA", evidence=Evidence(source="t"))
    assert text[name.start : name.end] == name.text
    assert "religious_beliefs" in codes(run(text, "sq"))[0]
    assert "religious_beliefs" not in codes(run(text, "sq", pii=[name]))[0]


def test_an_item_about_an_offence_against_a_person_speaks_of_a_victim() -> None:
    text = "The businessman was taken from his car in Ghent; the ransom demand followed."

    def about(code: str) -> Document:
        doc = Document(text=text, language="en")
        doc.findings.offences = [
            LabelFinding(code=code, score=0.8, evidence=[Evidence(source="term:en", detail="x", spans=[(4, 15)])])
        ]
        protection_stage(doc, PipelineContext(Settings()))
        return doc

    kidnapping = about("kidnapping_hostage_taking")
    victim = next(p for p in kidnapping.findings.protected_persons if p.code == "victim")
    assert [(e.source, e.spans) for e in victim.evidence] == [("rule:offence_against_person", [(4, 15)])]
    assert "victim" not in codes(about("money_laundering"))[1]


def test_a_minor_in_an_item_with_a_life_in_danger_is_a_victim() -> None:
    text = "Tonight they go to the house of the 15-year-old with a knife."
    reason = LabelFinding(code="threat_to_life", evidence=[Evidence(source="term:en", detail="x", spans=[(46, 53)])])

    def with_reasons(*reasons: LabelFinding) -> Document:
        doc = Document(text=text, language="en")
        doc.findings.urgency = UrgencyFinding(level="immediate" if reasons else "routine", reasons=list(reasons))
        protection_stage(doc, PipelineContext(Settings()))
        return doc

    endangered = with_reasons(reason)
    victim = next(p for p in endangered.findings.protected_persons if p.code == "victim")
    assert [(e.source, e.spans) for e in victim.evidence] == [("rule:endangered_minor", [(46, 53)])]
    assert codes(with_reasons())[1] == {"minor"}  # a minor alone is no victim
    custody = LabelFinding(code="custody", evidence=[Evidence(source="term:en", detail="x", spans=[(0, 7)])])
    assert codes(with_reasons(custody))[1] == {"minor"}


def test_the_title_of_a_hearing_record_hears_a_witness() -> None:
    body = "\n\nНа прошлой неделе у магазина мужчина отобрал у неё сумку."
    doc = run("УВД г. Тверь\nПРОТОКОЛ ДОПРОСА ПОТЕРПЕВШЕЙ" + body, "ru")
    witness = next(p for p in doc.findings.protected_persons if p.code == "witness")
    assert [(e.source, e.detail, e.spans) for e in witness.evidence] == [("term:ru", "допроса", [(22, 29)])]
    assert "witness" not in codes(run("ПРОТОКОЛ ДОПРОСА ПОДОЗРЕВАЕМОГО" + body, "ru"))[1]  # his defence
    far = "Рапорт\n" + "Сотрудники прибыли на место в 14:20 и опросили соседей. " * 8 + "Допрос продолжится завтра."
    assert "witness" not in codes(run(far, "ru"))[1]  # a hearing spoken of, not the item's title
    assert "witness" in codes(run("Policja Kraków\nPROTOKÓŁ PRZESŁUCHANIA\n\nStawił się Jan.", "pl"))[1]
    assert "witness" not in codes(run("PROTOKÓŁ PRZESŁUCHANIA PODEJRZANEGO\n\nStawił się Jan.", "pl"))[1]


@pytest.mark.parametrize(
    ("language", "text", "health"),
    [
        ("en", "He takes pills for his heart and was coughing up blood.", True),
        ("cs", "Svědkyně špatně slyší a slábne jí paměť.", True),
        ("ru", "У него сломаны рёбра, он кашляет кровью.", True),
        ("sl", "Od udarca mu teče kri iz glave.", True),
        # "позвонил" (he called) is no vertebra, pressure on a witness no blood pressure
        ("ru", "Он позвонил ей вечером и оказывал давление на неё.", False),
    ],
)
def test_everyday_words_of_harm_and_care_are_health(language: str, text: str, health: bool) -> None:
    assert ("health" in codes(run(text, language))[0]) is health


def test_negation_stops_at_the_clause_end() -> None:
    assert "health" in codes(run("He did not call. She was injured in the attack."))[0]


def test_witness_and_its_negation_in_french() -> None:
    assert "witness" in codes(run("Le témoin a vu le scooter.", "fr"))[1]
    assert "witness" not in codes(run("Les faits se sont produits sans témoin.", "fr"))[1]


def test_german_compound_vehicle_is_not_a_witness() -> None:
    assert codes(run("Es wurden zwölf Fahrzeuge gestohlen.", "de"))[1] == set()


def test_stated_age_under_18_is_a_minor() -> None:
    assert "minor" in codes(run("A 14-year-old boy acted as lookout."))[1]
    assert "minor" not in codes(run("A 34-year-old man acted as lookout."))[1]
    assert "minor" in codes(run("Le guetteur, il a 15 ans.", "fr"))[1]
    assert "minor" not in codes(run("Il encourt une peine de 10 ans.", "fr"))[1]


@pytest.mark.parametrize(
    ("text", "language"),
    [("[03.05.2026 20:14] lina_x: im 13 lol", "en"), ("she said she was 15 and scared", "en"),
     ("[03.05.2026 20:14] sofie: jeg er 14", "da"), ("[03.05.2026 20:14] mia: ich bin erst 13, und?", "de"),
     ("[03.05.2026 20:14] noor: ik ben 15 en", "nl"), ("[03.05.2026 20:14] ella: jag är 14.", "sv")],
)  # fmt: skip
def test_an_age_a_chat_states_under_18_is_a_minor(text: str, language: str) -> None:
    assert "minor" in codes(run(text, language))[1]


@pytest.mark.parametrize(
    ("text", "language"),
    [("Zgłaszający podał, że Ola ma 13 lat.", "pl"), ("Свидетель сообщил, что ей 14 лет.", "ru"),
     ("Il testimone dice che Giulia ha 15 anni.", "it"), ("Según el testigo, Lucía tiene 14 años.", "es"),
     ("Martorul spune că Ana are 16 ani.", "ro"), ("Свидетелят каза, че Мария е на 15 години.", "bg"),
     ("Svjedok kaže da Ana ima 14 godina.", "hr"), ("Svědek uvedl, že Eva má 13 let.", "cs")],
)  # fmt: skip
def test_a_stated_age_with_its_years_word_in_other_languages(text: str, language: str) -> None:
    assert "minor" in codes(run(text, language))[1]


def test_years_of_something_are_no_age() -> None:
    assert "minor" not in codes(run("Il perito ha 15 anni di esperienza nel settore.", "it"))[1]


@pytest.mark.parametrize("text", ["I am 15 minutes late.", "He was 16 years in prison.", "She is 12 km away."])
def test_a_number_after_i_am_that_is_no_age_is_no_minor(text: str) -> None:
    assert "minor" not in codes(run(text))[1]


def test_date_of_birth_makes_a_minor_on_the_document_date() -> None:
    text = "Born 03.05.2012 in Graz."
    dob = PiiSpan(start=5, end=15, type="DATE_OF_BIRTH", text="03.05.2012", evidence=Evidence(source="t"))
    doc = run(text, pii=[dob], document_date=dt.date(2026, 10, 1))
    (finding,) = doc.findings.protected_persons
    assert finding.code == "minor" and finding.evidence[0].source == "pii:DATE_OF_BIRTH"
    assert codes(run(text, pii=[dob], document_date=dt.date(2031, 1, 1)))[1] == set()


def test_person_roles_from_the_pii_stage() -> None:
    text = "Statement of Ana Pop. Signed: Ana Pop. Also present: Ion Ene."
    pii = [person("Ana Pop", 13, "victim"), person("Ion Ene", 53, "witness"), person("Ana Pop", 30, "victim")]
    doc = run(text, pii=pii)
    found = {f.code: f for f in doc.findings.protected_persons}
    assert set(found) == {"victim", "witness"}
    assert found["victim"].evidence[0].source == "pii:role"
    assert found["victim"].evidence[0].spans == [(13, 20), (30, 37)]


def test_suspect_role_is_not_a_protected_person() -> None:
    assert codes(run("Mr Ion Ene lives in Iasi.", pii=[person("Ion Ene", 3, "suspect")]))[1] == set()


def test_hospital_in_an_organisation_name_is_not_health() -> None:
    assert codes(run("The Riverside General Hospital Group reported the attack.")) == (set(), set())


def test_plural_victims_alone_are_an_unnamed_crowd() -> None:
    assert codes(run("Thousands of victims lost money across the country.")) == (set(), set())


def test_unknown_language_uses_every_table_and_other_languages_the_neutral_one() -> None:
    assert "witness" in codes(run("Świadek widział sprawcę.", language=None))[1]
    assert "genetic" in codes(run("DNA-sýni fannst á vettvangi.", language="is"))[0]


def test_stage_is_idempotent() -> None:
    doc = run("The witness saw the injured victim.")
    before = doc.findings.model_dump()
    protection_stage(doc, PipelineContext(Settings()))
    assert doc.findings.model_dump() == before


@pytest.mark.parametrize("text", ["", "\x00\x01\xff" * 1000, "7" * 200_000, "Ж中ع😀Ωa" * 5000])
def test_bad_input_gives_a_result(text: str) -> None:
    doc = run(text, language=None)
    assert isinstance(doc.findings.special_categories, list)


def test_translation_of_a_language_without_table_is_read_and_mapped_back() -> None:
    text = "Vitnið slasaðist alvarlega. Hún liggur á sjúkrahúsi."
    first = text.index(" Hún")
    doc = Document(
        text=text,
        language="is",
        segments=[
            Segment(index=0, start=0, end=first, paragraph=0),
            Segment(index=1, start=first + 1, end=len(text), paragraph=0),
        ],
        translations=[
            Translation(
                segment_index=0,
                source_language="is",
                target_language="en",
                text="The witness was badly hurt.",
                model="m",
            ),
            Translation(
                segment_index=1,
                source_language="is",
                target_language="en",
                text="She is in hospital.",
                model="m",
            ),
        ],
    )
    protection_stage(doc, PipelineContext(Settings()))
    found = {f.code: f for f in doc.findings.special_categories + doc.findings.protected_persons}
    assert set(found) == {"witness", "health"}
    (evidence,) = found["health"].evidence
    assert evidence.source == "term:en@translation" and evidence.spans == [(first + 1, len(text))]


def test_translation_is_ignored_where_the_original_has_a_table() -> None:
    doc = Document(
        text="Rien à signaler.",
        language="fr",
        segments=[Segment(index=0, start=0, end=16, paragraph=0)],
        translations=[
            Translation(
                segment_index=0, source_language="fr", target_language="en", text="A witness.", model="m"
            )
        ],
    )
    protection_stage(doc, PipelineContext(Settings()))
    assert doc.findings.protected_persons == []


def test_a_segment_taken_for_another_language_is_read_with_that_table_alone() -> None:
    # Serbian: "cooperation with the state bodies"; "saradnju" folds like the Swedish "sårad" (wounded)
    text = "Služba za saradnju sa državnim organima. Hon blev sårad i armen."
    second = text.index("Hon")
    segments = [
        Segment(index=0, start=0, end=second - 1, paragraph=0, language="sr"),
        Segment(index=1, start=second, end=len(text), paragraph=0, language="sv"),
    ]
    doc = run(text, "sr", segments=segments)
    (health,) = doc.findings.special_categories
    assert [text[a:b] for ev in health.evidence for a, b in ev.spans] == ["sårad"]
