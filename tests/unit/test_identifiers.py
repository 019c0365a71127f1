from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.catalogue.identifiers import (
    MAX_INPUT_LENGTH,
    PERSON_IDENTIFIERS,
    WORK_IDENTIFIERS,
    IdentifierKind,
    InvalidIdentifier,
    isbn10_check_digit,
    isbn13_check_digit,
    iswc_check_digit,
    mod_11_2_check_character,
    mod_37_36_check_character,
    normalise,
    normalise_eidr,
    normalise_ipi,
    normalise_isan,
    normalise_isbn,
    normalise_isni,
    normalise_isrc,
    normalise_iswc,
)

DIGITS = "0123456789"
HEX = "0123456789ABCDEF"
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def assert_invalid(kind: IdentifierKind, value: str) -> InvalidIdentifier:
    with pytest.raises(InvalidIdentifier) as caught:
        normalise(kind, value)
    assert caught.value.kind == kind
    assert kind.upper() in str(caught.value)
    return caught.value


def replace_at(text: str, index: int, char: str) -> str:
    return text[:index] + char + text[index + 1 :]


# ---------------------------------------------------------------------------------------------
# API shape


def test_kinds_are_split_between_works_and_people() -> None:
    assert {str(kind) for kind in WORK_IDENTIFIERS} == {"isrc", "iswc", "isan", "eidr", "isbn"}
    assert {str(kind) for kind in PERSON_IDENTIFIERS} == {"isni", "ipi"}
    assert frozenset(IdentifierKind) == WORK_IDENTIFIERS | PERSON_IDENTIFIERS
    assert not WORK_IDENTIFIERS & PERSON_IDENTIFIERS


def test_error_carries_kind_value_and_reason_and_reads_well() -> None:
    error = assert_invalid(IdentifierKind.ISBN, "978-2-07-036822-9")
    assert error.kind == "isbn"
    assert error.value == "978-2-07-036822-9"
    assert "clé de contrôle" in error.reason
    assert str(error).startswith("ISBN '978-2-07-036822-9' invalide : ")
    assert isinstance(error, ValueError)


def test_error_survives_pickling() -> None:
    error = assert_invalid(IdentifierKind.ISRC, "nope")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (copy.kind, copy.value, copy.reason) == (error.kind, error.value, error.reason)


def test_normalise_accepts_plain_kind_codes() -> None:
    assert normalise("isbn", "978-2-07-036822-8") == "9782070368228"  # type: ignore[arg-type]


def test_unknown_kind_is_an_invalid_identifier() -> None:
    with pytest.raises(InvalidIdentifier, match="type d'identifiant inconnu") as caught:
        normalise("doi", "10.1000/182")  # type: ignore[arg-type]
    assert caught.value.kind == "doi"


@pytest.mark.parametrize("kind", list(IdentifierKind))
def test_over_long_input_is_refused_early_and_shortened_in_the_error(
    kind: IdentifierKind,
) -> None:
    error = assert_invalid(kind, "1" * 10_000)
    assert "plus de 64" in error.reason
    assert len(error.value) == MAX_INPUT_LENGTH + 1


@pytest.mark.parametrize("kind", list(IdentifierKind))
@pytest.mark.parametrize("value", ["", "   ", "\u00a0"])
def test_empty_input_is_refused(kind: IdentifierKind, value: str) -> None:
    assert "vide" in assert_invalid(kind, value).reason


@pytest.mark.parametrize("kind", list(IdentifierKind))
def test_non_text_is_refused(kind: IdentifierKind) -> None:
    assert_invalid(kind, 9782070368228)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", list(IdentifierKind))
@given(value=st.text(max_size=80))
def test_arbitrary_text_is_either_normalised_or_refused_with_invalid_identifier(
    kind: IdentifierKind, value: str
) -> None:
    refused: InvalidIdentifier | None = None
    try:
        result = normalise(kind, value)
    except InvalidIdentifier as error:
        refused = error
    if refused is not None:
        assert refused.kind == kind
    else:
        assert normalise(kind, result) == result


# ---------------------------------------------------------------------------------------------
# ISRC


@pytest.mark.parametrize(
    "value",
    [
        "FR-Z03-14-00001",
        "FRZ031400001",
        "fr-z03-14-00001",
        "FR Z03 14 00001",
        " FR\u2013Z03\u201314\u201300001 ",
        "ISRC FR-Z03-14-00001",
        "isrc: FRZ031400001",
    ],
)
def test_isrc_forms(value: str) -> None:
    assert normalise_isrc(value) == "FRZ031400001"


def test_isrc_that_starts_like_its_label_is_kept() -> None:
    # Iceland (IS), registrant RC1: without a space after "ISRC" nothing is taken as a label.
    assert normalise_isrc("ISRC12300001") == "ISRC12300001"
    assert normalise_isrc("IS-RC1-23-00001") == "ISRC12300001"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("FR-Z03-14-0001", "11 reçus"),
        ("FR-Z03-14-000001", "13 reçus"),
        ("F1-Z03-14-00001", "code pays"),
        ("FR-Z03-1A-00001", "sept chiffres"),
        ("FR-Z03-14-0000O", "sept chiffres"),
        ("FR-Z_3-14-00001", "lettres latines"),
        ("FR-Zé3-14-00001", "lettres latines"),
        ("\u0131S-RC1-23-00001", "lettres latines"),  # dotless i upper-cases to I
        ("FR/Z03/14/00001", "lettres latines"),
    ],
)
def test_isrc_invalid(value: str, reason: str) -> None:
    assert reason in assert_invalid(IdentifierKind.ISRC, value).reason


# ---------------------------------------------------------------------------------------------
# ISWC


@pytest.mark.parametrize(
    "value",
    [
        "T-034.524.680-1",
        "T0345246801",
        "t-034524680-1",
        "T 034 524 680 1",
        "T-034.524.680.1",
        "ISWC T-034.524.680-1",
    ],
)
def test_iswc_published_example_in_its_forms(value: str) -> None:
    assert normalise_iswc(value) == "T-034.524.680-1"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("T-034.524.680-2", "clé de contrôle"),
        ("T-034.524.681-1", "clé de contrôle"),
        ("0345246801", "T suivi de dix chiffres"),
        ("T-034.524.680", "T suivi de dix chiffres"),
        ("T-034.524.680-12", "T suivi de dix chiffres"),
        ("X-034.524.680-1", "T suivi de dix chiffres"),
    ],
)
def test_iswc_invalid(value: str, reason: str) -> None:
    assert reason in assert_invalid(IdentifierKind.ISWC, value).reason


def test_iswc_check_digit_formula() -> None:
    # 1 + 0*1 + 3*2 + 4*3 + 5*4 + 2*5 + 4*6 + 6*7 + 8*8 + 0*9 = 179 -> (10 - 9) % 10
    assert iswc_check_digit("034524680") == "1"


@given(digits=st.text(DIGITS, min_size=9, max_size=9), data=st.data())
def test_iswc_check_digit_round_trip_and_single_digit_errors(
    digits: str, data: st.DataObject
) -> None:
    valid = "T" + digits + iswc_check_digit(digits)
    assert normalise_iswc(valid).replace("-", "").replace(".", "") == valid

    index = data.draw(st.integers(0, 9))
    original = int(valid[1 + index])
    replacement = data.draw(st.sampled_from([d for d in range(10) if d != original]))
    altered = replace_at(valid, 1 + index, str(replacement))
    # Weights are 1..9 modulo 10, so the ISWC check digit cannot see every substitution
    # (e.g. a change of 5 in an even position): the property is exactly that.
    weight = index + 1 if index < 9 else None
    if weight is not None and (replacement - original) * weight % 10 == 0:
        assert normalise_iswc(altered)
    else:
        assert_invalid(IdentifierKind.ISWC, altered)


# ---------------------------------------------------------------------------------------------
# ISAN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Published examples (ISAN documentation, python-stdnum's test suite).
        ("ISAN 0000-0000-D07A-0090-Q-0000-0000-X", "ISAN 0000-0000-D07A-0090-Q-0000-0000-X"),
        ("0000-0001-8CFA-0000-I-0000-0000-K", "ISAN 0000-0001-8CFA-0000-I-0000-0000-K"),
        ("1881-66C7-3420-6541-Y-9F3A-0245-O", "ISAN 1881-66C7-3420-6541-Y-9F3A-0245-O"),
        # Without check characters they are computed.
        ("000000018947000000000000", "ISAN 0000-0001-8947-0000-8-0000-0000-D"),
        ("00000000d07a009000000000", "ISAN 0000-0000-D07A-0090-Q-0000-0000-X"),
        ("0000-0000-D07A-0090", "ISAN 0000-0000-D07A-0090-Q"),
        ("0000-0000-D07A-0090-Q", "ISAN 0000-0000-D07A-0090-Q"),
        ("00000000D07A0090Q", "ISAN 0000-0000-D07A-0090-Q"),
        ("00000000D07A0090Q00000000X", "ISAN 0000-0000-D07A-0090-Q-0000-0000-X"),
        ("URN:ISAN:0000-0000-D07A-0090-Q-0000-0000-X", "ISAN 0000-0000-D07A-0090-Q-0000-0000-X"),
        ("ISAN0000-0000-D07A-0090", "ISAN 0000-0000-D07A-0090-Q"),
        ("isan: 0000 0000 d07a 0090 q 0000 0000 x", "ISAN 0000-0000-D07A-0090-Q-0000-0000-X"),
        # One check character only: the hyphenation tells which.
        ("0000-0000-D07A-0090-Q-0000-0000", "ISAN 0000-0000-D07A-0090-Q-0000-0000-X"),
        ("0000-0000-D07A-0090-0000-0000-X", "ISAN 0000-0000-D07A-0090-Q-0000-0000-X"),
    ],
)
def test_isan_forms(value: str, expected: str) -> None:
    assert normalise_isan(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("ISAN 0000-0000-D07A-0090-R-0000-0000-X", "premier caractère de contrôle"),
        ("ISAN 0000-0000-D07A-0090-Q-0000-0000-Y", "second caractère de contrôle"),
        ("ISAN 0000-0000-D07A-0091-Q-0000-0000-X", "premier caractère de contrôle"),
        ("ISAN 0000-0000-D07A-0090-Q-0000-0001-X", "second caractère de contrôle"),
        ("0000-0000-D07G-0090", "hexadécimaux"),
        ("0000-0000-D07A-009", "16 chiffres hexadécimaux"),
        ("0000-0000-D07A-0090-Q-0000-000", "version compte 8 chiffres hexadécimaux"),
        ("0000-0000-D07A-0090-Q-0000-00", "16 chiffres hexadécimaux"),
        ("00000000D07A0090Q00000000", "impossible de savoir quel caractère de contrôle"),
    ],
)
def test_isan_invalid(value: str, reason: str) -> None:
    assert reason in assert_invalid(IdentifierKind.ISAN, value).reason


# ---------------------------------------------------------------------------------------------
# EIDR


@pytest.mark.parametrize(
    "value",
    [
        "10.5240/7791-8534-2C23-9030-8610-5",
        "10.5240/779185342C23903086105",
        "10.5240/7791-8534-2c23-9030-8610-5",
        "doi:10.5240/7791-8534-2C23-9030-8610-5",
        "https://doi.org/10.5240/7791-8534-2C23-9030-8610-5",
    ],
)
def test_eidr_published_example_in_its_forms(value: str) -> None:
    assert normalise_eidr(value) == "10.5240/7791-8534-2C23-9030-8610-5"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("10.5240/7791-8534-2C23-9030-8610-6", "caractère de contrôle"),
        ("10.5240/7791-8534-2C23-9030-8611-5", "caractère de contrôle"),
        ("10.5240/7791-8534-2C23-9030-8610", "20 chiffres hexadécimaux"),
        ("10.5240/7791-8534-2G23-9030-8610-5", "20 chiffres hexadécimaux"),
        ("10.5237/7791-8534-2C23-9030-8610-5", "commence par 10.5240/"),
        ("7791-8534-2C23-9030-8610-5", "commence par 10.5240/"),
    ],
)
def test_eidr_invalid(value: str, reason: str) -> None:
    assert reason in assert_invalid(IdentifierKind.EIDR, value).reason


# ---------------------------------------------------------------------------------------------
# ISO 7064 MOD 37,36 (ISAN, EIDR)


def test_mod_37_36_on_published_values() -> None:
    assert mod_37_36_check_character("A12425GABC1234002") == "M"  # ISO 7064 style example
    assert mod_37_36_check_character("779185342C2390308610") == "5"  # EIDR example above
    assert mod_37_36_check_character("00000000D07A0090") == "Q"  # ISAN example above
    assert mod_37_36_check_character("00000000D07A009000000000") == "X"


@given(suffix=st.text(HEX, min_size=20, max_size=20), data=st.data())
def test_eidr_check_round_trip_and_any_single_substitution_is_caught(
    suffix: str, data: st.DataObject
) -> None:
    compact = suffix + mod_37_36_check_character(suffix)
    valid = "10.5240/" + compact
    assert normalise_eidr(valid).replace("-", "") == valid

    index = data.draw(st.integers(0, 20))
    alphabet = HEX if index < 20 else ALPHANUMERIC
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != compact[index]]))
    assert_invalid(IdentifierKind.EIDR, "10.5240/" + replace_at(compact, index, replacement))


@given(
    root=st.text(HEX, min_size=16, max_size=16),
    version=st.one_of(st.just(""), st.text(HEX, min_size=8, max_size=8)),
    data=st.data(),
)
def test_isan_check_round_trip_and_any_single_substitution_is_caught(
    root: str, version: str, data: st.DataObject
) -> None:
    compact = root + mod_37_36_check_character(root)
    if version:
        compact += version + mod_37_36_check_character(root + version)
    canonical = normalise_isan(compact)
    assert normalise_isan(canonical) == canonical
    assert canonical.removeprefix("ISAN ").replace("-", "") == compact
    bare = normalise_isan(root + version)
    assert bare == canonical

    index = data.draw(st.integers(0, len(compact) - 1))
    alphabet = ALPHANUMERIC if index in (16, 25) else HEX
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != compact[index]]))
    assert_invalid(IdentifierKind.ISAN, replace_at(compact, index, replacement))


# ---------------------------------------------------------------------------------------------
# ISBN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("978-2-07-036822-8", "9782070368228"),  # Gallimard, Folio
        ("9782070368228", "9782070368228"),
        ("ISBN 978-2-07-036822-8", "9782070368228"),
        ("ISBN-13: 978-2-07-036822-8", "9782070368228"),
        ("2-07-036822-X", "9782070368228"),  # its ISBN-10, with an X check digit
        ("2-07-036822-x", "9782070368228"),
        ("ISBN-10: 2 07 036822 X", "9782070368228"),
        ("0-306-40615-2", "9780306406157"),
        ("978-0-306-40615-7", "9780306406157"),
    ],
)
def test_isbn_forms(value: str, expected: str) -> None:
    assert normalise_isbn(value) == expected


def test_isbn_ten_starting_with_10_is_not_mistaken_for_a_label() -> None:
    body = "100000000"
    isbn10 = body + isbn10_check_digit(body)
    assert normalise_isbn("ISBN " + isbn10) == normalise_isbn(isbn10)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("978-2-07-036822-9", "clé de contrôle"),
        ("978-2-07-036282-8", "clé de contrôle"),
        ("2-07-036822-9", "clé de contrôle"),
        ("977-2-07-036822-8", "commence par 978 ou 979"),
        ("X-07-036822-2", "neuf chiffres suivis d'un chiffre ou d'un X"),
        ("978-2-07-03682X-8", "13 chiffres"),
        ("978-2-07-036822", "12 reçus"),
    ],
)
def test_isbn_invalid(value: str, reason: str) -> None:
    assert reason in assert_invalid(IdentifierKind.ISBN, value).reason


@given(
    prefix=st.sampled_from(["978", "979"]),
    digits=st.text(DIGITS, min_size=9, max_size=9),
    data=st.data(),
)
def test_isbn13_round_trip_and_any_single_substitution_is_caught(
    prefix: str, digits: str, data: st.DataObject
) -> None:
    valid = prefix + digits + isbn13_check_digit(prefix + digits)
    assert normalise_isbn(valid) == valid

    index = data.draw(st.integers(3, 12))
    replacement = data.draw(st.sampled_from([d for d in DIGITS if d != valid[index]]))
    assert_invalid(IdentifierKind.ISBN, replace_at(valid, index, replacement))


@given(digits=st.text(DIGITS, min_size=9, max_size=9), data=st.data())
def test_isbn10_converts_and_any_single_substitution_is_caught(
    digits: str, data: st.DataObject
) -> None:
    valid = digits + isbn10_check_digit(digits)
    converted = normalise_isbn(valid)
    assert converted == "978" + digits + isbn13_check_digit("978" + digits)

    index = data.draw(st.integers(0, 9))
    alphabet = DIGITS + "X" if index == 9 else DIGITS
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != valid[index]]))
    assert_invalid(IdentifierKind.ISBN, replace_at(valid, index, replacement))


# ---------------------------------------------------------------------------------------------
# ISNI


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0000 0001 2281 955X", "000000012281955X"),
        ("000000012281955x", "000000012281955X"),
        ("ISNI 0000 0001 2281 955X", "000000012281955X"),
        ("0000-0001-2281-955X", "000000012281955X"),
        ("0000\u00a00001\u00a02281\u00a0955X", "000000012281955X"),
        # ORCID iDs are ISNI-compatible; these two come from ORCID's own documentation.
        ("0000-0002-1825-0097", "0000000218250097"),
        ("0000-0002-1694-233X", "000000021694233X"),
    ],
)
def test_isni_forms(value: str, expected: str) -> None:
    assert normalise_isni(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0000 0001 2281 9550", "caractère de contrôle"),
        ("0000 0001 2281 965X", "caractère de contrôle"),
        ("0000 0001 2281 955", "15 chiffres suivis d'un chiffre ou d'un X"),
        ("0000 0001 2281 955X 1", "15 chiffres suivis d'un chiffre ou d'un X"),
        ("X000 0001 2281 9550", "15 chiffres suivis d'un chiffre ou d'un X"),
    ],
)
def test_isni_invalid(value: str, reason: str) -> None:
    assert reason in assert_invalid(IdentifierKind.ISNI, value).reason


@given(digits=st.text(DIGITS, min_size=15, max_size=15), data=st.data())
def test_isni_check_round_trip_and_any_single_substitution_is_caught(
    digits: str, data: st.DataObject
) -> None:
    valid = digits + mod_11_2_check_character(digits)
    assert normalise_isni(valid) == valid

    index = data.draw(st.integers(0, 15))
    alphabet = DIGITS + "X" if index == 15 else DIGITS
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != valid[index]]))
    assert_invalid(IdentifierKind.ISNI, replace_at(valid, index, replacement))


# ---------------------------------------------------------------------------------------------
# IPI


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("123456789", "00123456789"),
        ("1234567890", "01234567890"),
        ("00123456789", "00123456789"),
        ("IPI: 00123456789", "00123456789"),
        ("001 234 567 89", "00123456789"),
    ],
)
def test_ipi_forms(value: str, expected: str) -> None:
    assert normalise_ipi(value) == expected


@pytest.mark.parametrize("value", ["12345678", "123456789012", "12345678A", "١٢٣٤٥٦٧٨٩"])
def test_ipi_invalid(value: str) -> None:
    assert_invalid(IdentifierKind.IPI, value)


# ---------------------------------------------------------------------------------------------
# Check helpers refuse programming errors loudly.


@pytest.mark.parametrize(
    ("helper", "argument"),
    [
        (iswc_check_digit, "12345678"),
        (isbn10_check_digit, "12345678X"),
        (isbn13_check_digit, "97820703682"),
        (mod_11_2_check_character, "12a"),
        (mod_37_36_check_character, "abc"),
    ],
)
def test_check_helpers_refuse_bad_arguments(helper: object, argument: str) -> None:
    with pytest.raises(ValueError, match="expected"):
        helper(argument)  # type: ignore[operator]
