"""Territory expressions: countries and named groups, with exclusions."""

from __future__ import annotations

import pytest

from marketplace.licensing.territories import UnknownTerritory, resolve, territories

DOM = {"GP", "MQ", "GF", "RE", "YT"}


def test_world_is_every_iso_country_and_exclusions_remove() -> None:
    world = resolve("world")
    assert world == territories().countries
    assert resolve("world -FR") == world - {"FR"}
    assert resolve("world except FR GP") == world - {"FR", "GP"}


def test_m49_regions_put_mexico_in_latin_america_and_the_caribbean_in_it() -> None:
    latin = resolve("latin_america")
    assert {"MX", "BR", "MQ", "CU"} <= latin
    assert "US" not in latin
    assert resolve("north_america") == {"US", "CA", "BM", "GL", "PM"}
    assert resolve("m49:419") == latin


def test_the_french_groups_are_distinct() -> None:
    assert resolve("martinique") == {"MQ"}
    assert resolve("french_antilles") == {"MQ", "GP"}
    assert resolve("french_overseas_departments") == DOM
    assert resolve("france_metropolitan") == {"FR"}
    assert resolve("france_with_overseas_departments") == DOM | {"FR"}


def test_caribbean_groups_and_the_eu_with_its_outermost_regions() -> None:
    assert {"JM", "TT", "HT"} <= resolve("caricom")
    assert "MQ" not in resolve("caricom")
    assert {"LC", "MQ"} <= resolve("oecs")
    assert resolve("greater_antilles") >= {"CU", "HT", "DO", "JM", "PR"}
    assert DOM | {"FR", "DE", "MF"} <= resolve("eu")
    assert "GB" not in resolve("eu")
    assert resolve("caricom oecs -MQ") == (resolve("caricom") | resolve("oecs")) - {"MQ"}


def test_codes_are_case_insensitive_and_unknown_terms_are_named() -> None:
    assert resolve("ca, us") == {"CA", "US"}
    with pytest.raises(UnknownTerritory) as raised:
        resolve("world -XX")
    assert raised.value.term == "XX"
    with pytest.raises(UnknownTerritory):
        resolve("atlantis")


def test_every_group_has_its_source() -> None:
    known = territories()
    assert set(known.groups) == set(known.sources)
    assert all(known.sources.values())
