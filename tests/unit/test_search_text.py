"""Text normalisation shared by the search adapters: folding, words, variants, typos, stems."""

from __future__ import annotations

import pytest

from infra.text import fold, words
from search.text import (
    MAX_WORDS,
    SYNONYM_GROUPS,
    light_stem,
    max_typos,
    synonym_map,
    variants,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Kréyòl", "kreyol"),
        ("BÈLÈ", "bele"),
        ("Œuvre cœur", "oeuvre coeur"),
        ("Ça été", "ca ete"),
        ("Straße", "strasse"),
        ("L\u2019île", "l'ile"),
        # A combining accent (NFD input) folds like the precomposed letter.
        ("Be\u0300le\u0300", "bele"),
    ],
)
def test_fold_lowers_and_removes_accents(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bèlè de la Lune", ["bele", "de", "la", "lune"]),
        ("title:* OR 1=1", ["title", "or", "1", "1"]),
        ('discipline = "music" OR id EXISTS', ["discipline", "music", "or", "id", "exists"]),
        (
            "-zouk +bèlè (kont) [a TO z] ~2 ^3 \\",
            ["zouk", "bele", "kont", "a", "to", "z", "2", "3"],
        ),
        ("snake_case", ["snake", "case"]),
        ("", []),
        ("*** ???", []),
    ],
)
def test_words_keep_letters_and_digits_only(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


def test_max_words_is_a_small_bound() -> None:
    assert 5 <= MAX_WORDS <= 20


@pytest.mark.parametrize("spelling", ["kréyòl", "kreyol", "kreol", "créole", "Kriyòl"])
def test_creole_spellings_are_variants_of_each_other(spelling: str) -> None:
    found = variants(spelling)
    assert found[0] == fold(spelling)
    assert {"kreyol", "kreol", "creole"} <= set(found)


def test_unknown_word_is_its_own_only_variant() -> None:
    assert variants("Zouk") == ("zouk",)


def test_every_synonym_word_is_folded_and_in_one_group_only() -> None:
    seen: set[str] = set()
    for group in SYNONYM_GROUPS:
        folded = {fold(word) for word in group}
        assert all(word.isalnum() for word in folded), group
        assert not folded & seen, group
        seen |= folded


def test_synonym_map_is_symmetric() -> None:
    table = synonym_map()
    for word, others in table.items():
        assert word not in others
        for other in others:
            assert word in table[other]
    assert "kreol" in table["kreyol"]
    assert "bele" in table["belair"]


@pytest.mark.parametrize(
    ("word", "typos"),
    [("zouk", 0), ("bele", 0), ("lalin", 1), ("tambour", 1), ("musiciens", 2), ("documentaire", 2)],
)
def test_typo_policy(word: str, typos: int) -> None:
    assert max_typos(word) == typos


@pytest.mark.parametrize(
    ("forms", "stem"),
    [
        (("musiciennes", "musicienne", "musiciens", "musicien"), "musicien"),
        (("chanteuse", "chanteurs", "chanteur"), "chanteur"),
        (("yoles", "yole"), "yol"),
        (("bateaux", "bateau"), "bateau"),
        (("martiniquaises", "martiniquais"), "martiniquai"),
    ],
)
def test_light_stem_joins_inflected_forms(forms: tuple[str, ...], stem: str) -> None:
    assert {light_stem(form) for form in forms} == {stem}


def test_light_stem_leaves_short_words_and_numbers() -> None:
    assert light_stem("zou") == "zou"
    assert light_stem("1990s") == "1990s"
