"""Martinique's communes: the data taken from @etalab/decoupage-administratif, and `find`."""

from __future__ import annotations

from collections import Counter

import pytest

from accounts.territory import by_code, communes, epcis, find


def test_34_communes_with_unique_972_codes() -> None:
    codes = [commune.code for commune in communes()]
    assert len(codes) == 34
    assert len(set(codes)) == 34
    assert all(code.startswith("972") and len(code) == 5 for code in codes)


def test_three_epci_with_their_communes() -> None:
    usual = {epci.code: epci.usual_name for epci in epcis()}
    counts = Counter(usual[commune.epci_code] for commune in communes())
    assert counts == {"CACEM": 4, "Espace Sud": 12, "CAP Nord": 18}
    cacem = {c.name for c in communes() if usual[c.epci_code] == "CACEM"}
    assert cacem == {"Fort-de-France", "Le Lamentin", "Schœlcher", "Saint-Joseph"}
    assert all(len(epci.code) == 9 and epci.code.isdigit() for epci in epcis())
    assert by_code("97209") is not None
    assert by_code("97209").epci_name == "CA du Centre de la Martinique"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Fort-de-France", "97209"),
        ("fort de france", "97209"),
        ("FORT DE FRANCE", "97209"),
        ("FDF", "97209"),
        ("Schoelcher", "97229"),
        ("Schœlcher", "97229"),
        ("Trinité", "97230"),
        ("La Trinité", "97230"),
        ("Sainte Marie", "97228"),
        ("Ste-Marie", "97228"),
        ("Le Marigot", "97216"),
        ("Marigot", "97216"),
        ("Les Trois Ilets", "97231"),
        ("Anses d\u2019Arlet", "97202"),
        ("Grand Rivière", "97211"),
        ("l'ajoupa bouillon", "97201"),
        ("  Le Prêcheur, Martinique ", "97219"),
        ("97225", "97225"),
    ],
)
def test_find_matches_common_spellings(text: str, code: str) -> None:
    found = find(text)
    assert found is not None, text
    assert found.code == code


@pytest.mark.parametrize(
    "text", ["Paris", "Pointe-à-Pitre", "Saint", "Martinique", "", None, "x" * 300]
)
def test_find_does_not_guess(text: str | None) -> None:
    assert find(text) is None


def test_unknown_code() -> None:
    assert by_code("97299") is None
    assert by_code("75056") is None
