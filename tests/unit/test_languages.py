from __future__ import annotations

import pickle
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.catalogue.languages import (
    SUPPORTED_LANGUAGES,
    InvalidLocalisedText,
    UnsupportedLanguage,
    normalise_language,
    normalise_localised_text,
)

CREOLE_SPELLINGS = ["gcf-MQ", "gcf-mq", "GCF-MQ", "gcf_MQ", "gcf", "GCF", "acf", "Acf", "cpf"]


def test_supported_languages() -> None:
    assert SUPPORTED_LANGUAGES == ("fr", "gcf-MQ", "en", "es")


@pytest.mark.parametrize("tag", SUPPORTED_LANGUAGES)
def test_canonical_tags_are_fixed_points(tag: str) -> None:
    assert normalise_language(tag) == tag


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("FR", "fr"), (" fr ", "fr"), ("En", "en"), ("ES", "es")],
)
def test_case_and_surrounding_space_are_ignored(tag: str, expected: str) -> None:
    assert normalise_language(tag) == expected


@pytest.mark.parametrize("tag", CREOLE_SPELLINGS)
def test_creole_aliases(tag: str) -> None:
    assert normalise_language(tag) == "gcf-MQ"


@pytest.mark.parametrize(
    "tag",
    ["", " ", "de", "kreyol", "kréyòl", "creole", "gcf-GP", "fr-FR", "en-US", "fr-", "f r"],
)
def test_unsupported_tags(tag: str) -> None:
    with pytest.raises(UnsupportedLanguage) as caught:
        normalise_language(tag)
    assert caught.value.tag == tag
    assert f"« {tag} »" in str(caught.value)
    assert "gcf-MQ" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_unsupported_tag_is_shortened_and_picklable() -> None:
    with pytest.raises(UnsupportedLanguage) as caught:
        normalise_language("x" * 10_000)
    assert len(caught.value.tag) < 40
    copy = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 - our own object
    assert copy.tag == caught.value.tag


def test_non_text_tag_is_unsupported() -> None:
    with pytest.raises(UnsupportedLanguage):
        normalise_language(None)  # type: ignore[arg-type]


@given(st.text(max_size=20))
def test_any_text_is_a_supported_tag_or_refused(tag: str) -> None:
    try:
        result = normalise_language(tag)
    except UnsupportedLanguage:
        return
    assert result in SUPPORTED_LANGUAGES
    assert normalise_language(result) == result


# ---------------------------------------------------------------------------------------------
# Localised text


def test_keys_are_normalised_values_stripped_and_ordered() -> None:
    result = normalise_localised_text(
        {"ES": " Hola ", "en": "Hello\n", "acf": " Bonjou ", "FR": "Bonjour"}, max_length=20
    )
    assert result == {"fr": "Bonjour", "gcf-MQ": "Bonjou", "en": "Hello", "es": "Hola"}
    assert list(result) == ["fr", "gcf-MQ", "en", "es"]


def test_empty_values_are_dropped() -> None:
    assert normalise_localised_text({"fr": "  ", "en": "", "es": "Hola"}, max_length=10) == {
        "es": "Hola"
    }
    assert normalise_localised_text({}, max_length=10) == {}


@pytest.mark.parametrize(
    "texts",
    [
        {"gcf": "Bonjou", "acf": "Bonjou"},
        {"gcf-MQ": "Bonjou", "cpf": "Bonjou tout moun"},
        {"fr": "Bonjour", "FR": "Salut"},
        {"fr": "Bonjour", " fr ": "Salut"},
    ],
)
def test_duplicates_after_aliasing_are_refused(texts: dict[str, str]) -> None:
    with pytest.raises(InvalidLocalisedText, match="donné deux fois") as caught:
        normalise_localised_text(texts, max_length=50)
    assert caught.value.language in SUPPORTED_LANGUAGES
    assert isinstance(caught.value, ValueError)


def test_an_empty_alias_does_not_count_as_a_duplicate() -> None:
    assert normalise_localised_text({"gcf": "", "gcf-MQ": "Bonjou"}, max_length=10) == {
        "gcf-MQ": "Bonjou"
    }


def test_unknown_key_is_an_unsupported_language() -> None:
    with pytest.raises(UnsupportedLanguage):
        normalise_localised_text({"fr": "Bonjour", "kreyol": "Bonjou"}, max_length=10)


def test_length_limit_counts_characters_after_stripping() -> None:
    assert normalise_localised_text({"fr": "  Café  "}, max_length=4) == {"fr": "Café"}
    with pytest.raises(InvalidLocalisedText, match="5 caractères, plus que les 4") as caught:
        normalise_localised_text({"fr": "Cafés"}, max_length=4)
    assert caught.value.language == "fr"
    assert "(fr)" in str(caught.value)


def test_values_are_stored_in_nfc_so_combining_accents_count_once() -> None:
    decomposed = "kre\u0301yo\u0300l"  # kréyòl typed with combining accents
    result = normalise_localised_text({"gcf": decomposed}, max_length=6)
    assert result == {"gcf-MQ": "kréyòl"}
    assert unicodedata.is_normalized("NFC", result["gcf-MQ"])


def test_nul_characters_are_refused() -> None:
    with pytest.raises(InvalidLocalisedText, match="NUL"):
        normalise_localised_text({"fr": "Bon\x00jour"}, max_length=20)


def test_non_text_values_are_refused() -> None:
    with pytest.raises(InvalidLocalisedText, match="texte attendu"):
        normalise_localised_text({"fr": 3}, max_length=20)  # type: ignore[dict-item]


def test_max_length_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_length"):
        normalise_localised_text({"fr": "Bonjour"}, max_length=0)


def test_error_is_picklable() -> None:
    with pytest.raises(InvalidLocalisedText) as caught:
        normalise_localised_text({"fr": "Bonjour"}, max_length=3)
    copy = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 - our own object
    assert (copy.reason, copy.language) == (caught.value.reason, caught.value.language)


@given(
    st.dictionaries(
        st.sampled_from(["fr", "FR", "gcf", "acf", "cpf", "gcf-MQ", "en", "es", "ES"]),
        st.text(max_size=30),
        max_size=6,
    ),
    st.integers(1, 40),
)
def test_result_respects_every_rule_or_an_error_is_raised(
    texts: dict[str, str], max_length: int
) -> None:
    try:
        result = normalise_localised_text(texts, max_length=max_length)
    except InvalidLocalisedText:
        return
    assert set(result) <= set(SUPPORTED_LANGUAGES)
    assert list(result) == [tag for tag in SUPPORTED_LANGUAGES if tag in result]
    for value in result.values():
        assert value
        assert value == value.strip()
        assert len(value) <= max_length
    # Normalising again changes nothing.
    assert normalise_localised_text(result, max_length=max_length) == result
