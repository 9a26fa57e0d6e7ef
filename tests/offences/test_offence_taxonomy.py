"""The taxonomy file: the schema's codes, official wording, ICCS sections, gravity."""

from __future__ import annotations

import pytest

from triage.errors import InvalidInput
from triage.offences.taxonomy import OTHER, load_taxonomy

SCHEMA_CODES = {
    "participation_criminal_organisation", "terrorism", "trafficking_human_beings",
    "child_sexual_exploitation", "drug_trafficking", "weapons_trafficking", "corruption", "fraud",
    "money_laundering", "currency_counterfeiting", "cybercrime", "environmental_crime",
    "migrant_smuggling", "murder_grievous_bodily_injury", "organ_trafficking",
    "kidnapping_hostage_taking", "racism_xenophobia", "organised_armed_robbery",
    "cultural_goods_trafficking", "racketeering_extortion", "product_counterfeiting_piracy",
    "document_forgery", "payment_means_forgery", "hormonal_substances_trafficking",
    "nuclear_materials_trafficking", "stolen_vehicles_trafficking", "rape", "arson", "icc_crimes",
    "aircraft_ship_seizure", "sabotage", "other",
}


def test_codes_are_the_schema_codes() -> None:
    assert set(load_taxonomy().codes) == SCHEMA_CODES


def test_every_listed_offence_has_wording_iccs_and_a_unique_gravity() -> None:
    taxonomy = load_taxonomy()
    listed = [o for o in taxonomy.offences if o.code != OTHER]
    assert sorted(o.number for o in listed if o.number is not None) == sorted(set(range(1, 33)) - {20})
    assert all(o.official and o.iccs and all(len(s) == 2 for s in o.iccs) for o in taxonomy.offences)
    assert len({o.gravity for o in taxonomy.offences}) == len(taxonomy.offences)
    assert taxonomy.get(OTHER).gravity == max(o.gravity for o in taxonomy.offences)


def test_swindling_is_folded_into_fraud() -> None:
    assert load_taxonomy().validate(["swindling", "fraud"]) == ["fraud"]


def test_unknown_code_is_rejected_with_the_valid_choices() -> None:
    with pytest.raises(InvalidInput, match=r"unknown offence code 'shoplifting'.*fraud"):
        load_taxonomy().get("shoplifting")
