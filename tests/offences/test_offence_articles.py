"""Citations of a national code's articles as offence evidence (``triage/offences/articles.py``), on invented text."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.document import Document
from triage.errors import ConfigError
from triage.offences.articles import number_key
from triage.offences.classify import decide, term_result
from triage.offences.lexicon import parse_lexicon
from triage.segment import segment_text


def cited(text: str, language: str) -> dict[str, list[str]]:
    """Each label and the article citations behind it, the text cut into sentences as the pipeline cuts it."""
    segments = [seg.model_copy(update={"language": language}) for seg in segment_text(text)]
    findings = decide(term_result(Document(text=text, language=language, segments=segments)))
    return {f.code: [e.detail for e in f.evidence if e.source.startswith("term:")] for f in findings}


@pytest.mark.parametrize(
    ("language", "text", "code", "detail"),
    [
        # the code named after the numbers, several numbers and subdivisions between
        ("uk", "Провадження за ознаками, передбаченими ч. 2 ст. 149 КК України.", "trafficking_human_beings", "149"),
        ("bg", "Обвинен по чл. 210, ал. 1 и чл. 316 от Наказателния кодекс.", "document_forgery", "316"),
        ("it", "Indagato per i reati di cui agli artt. 110, 648-bis c.p.", "money_laundering", "648-bis"),
        ("de", "Tatvorwurf: §§ 263 Abs. 1, 3 Nr. 2 StGB.", "fraud", "263"),
        ("fr", "Faits prévus par les articles 222-23 et 222-24 du code pénal.", "rape", "222-23"),
        ("pt", "Crime p. e p. pelo art. 368.º-A, n.º 1, do Código Penal.", "money_laundering", "368.º-A"),
        ("pl", "Zarzut z art. 286 § 1 kk w zw. z art. 294 kk.", "fraud", "286"),
        # the code named first: number before or after its marker
        ("hu", "Minősítés: Btk. 379. §, 342. § (1) bekezdés.", "document_forgery", "342"),
        ("tr", "Şüpheli hakkında TCK'nın 188. maddesi uyarınca soruşturma.", "drug_trafficking", "188"),
        ("et", "Kahtlustus KarS § 394 lg 2 alusel.", "money_laundering", "394"),
        ("ka", "ბრალი წარედგინა სსკ-ის 143/1 მუხლით.", "trafficking_human_beings", "143/1"),  # an article of its own
        ("ka", "სისხლის სამართლის კოდექსის 180-ე მუხლის მე-2 ნაწილი.", "fraud", "180"),  # a Georgian ordinal
        # number, marker, then the code
        ("sl", "Osumljen po 186. členu KZ-1.", "drug_trafficking", "186"),
        # one article, two categories
        ("ru", "Возбуждено дело по ч. 4 ст. 159.6 УК РФ.", "cybercrime", "159.6"),
        ("ru", "Возбуждено дело по ч. 4 ст. 159.6 УК РФ.", "fraud", "159.6"),
        # another act of the same language, and two acts in one sentence
        ("de", "Verdacht nach § 29a BtMG.", "drug_trafficking", "29a"),
        ("it", "Ai sensi dell'art. 73 d.P.R. 309/90 e dell'art. 575 c.p.", "drug_trafficking", "73"),
        ("it", "Ai sensi dell'art. 73 d.P.R. 309/90 e dell'art. 575 c.p.", "murder_grievous_bodily_injury", "575"),
    ],
)
def test_an_article_of_the_code_names_its_offence(language: str, text: str, code: str, detail: str) -> None:
    found = cited(text, language)
    assert code in found
    assert any(d.startswith(detail.lower()) for d in found[code])  # the number as folded text writes it


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "Sentito ai sensi dell'art. 351 c.p.p. come persona informata."),  # the code of procedure
        ("pl", "Pouczony o treści art. 258 k.p.k. podejrzany odmówił."),
        ("uk", "Ознайомлений зі ст. 149 КПК України."),
        ("de", "Die Zeugin wurde nach § 55 StPO belehrt; sie wohnt in der Hausnummer 263."),
        ("sr", "Optužen po članu 208 KZ FBiH."),  # the Bosnian code numbers its articles otherwise
        ("ru", "Предупреждён по ст. 159 УК РК."),  # and the Kazakh code the Russian one's
    ],
)
def test_an_article_of_another_code_names_nothing_of_this_one(language: str, text: str) -> None:
    found = cited(text, language)
    assert "participation_criminal_organisation" not in found
    assert "trafficking_human_beings" not in found
    assert "fraud" not in found
    assert "drug_trafficking" not in found


def test_number_spellings_are_one_article() -> None:
    assert number_key("416-bis") == number_key("416 bis") == number_key("416bis")
    assert number_key("368.º-A") == "368a"
    assert number_key("323Α") == number_key("323A")  # Greek and Latin capital alpha
    assert number_key("222-23") == "222-23"  # a French article's number keeps its hyphen
    assert number_key("180-ე") == "180"


def test_a_bad_article_table_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="needs 'code', 'cite' and 'offences'"):
        parse_lexicon("en", {"terms": {}, "articles": [{"code": "x"}]}, Path("x.yaml"))
    with pytest.raises(ConfigError, match="unknown offence code 'shoplifting'"):
        parse_lexicon(
            "en", {"terms": {}, "articles": [{"code": "pc", "cite": "s", "offences": {"shoplifting": [1]}}]},
            Path("x.yaml"),
        )
