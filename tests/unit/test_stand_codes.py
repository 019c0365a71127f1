"""Stand codes' rules: 65 bits from a keyed derivation, typed loosely, stored as keyed hashes."""

from __future__ import annotations

from uuid import uuid4

from marketplace.markets.codes.domain import (
    ALPHABET,
    CODE_LENGTH,
    CodeKeys,
    grouped,
    normalise,
)


def test_codes_carry_65_bits_in_an_alphabet_without_ambiguous_letters() -> None:
    assert len(ALPHABET) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert CODE_LENGTH * 5 >= 64
    keys = CodeKeys("site secret")
    batch = uuid4()
    codes = [keys.code(batch, place) for place in range(1, 501)]
    assert all(len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert len(set(codes)) == 500
    # Every character position varies (no fixed prefix wasting entropy).
    assert all(len({code[i] for code in codes}) > 16 for i in range(CODE_LENGTH))


def test_a_sheet_prints_again_the_same_codes_and_another_secret_others() -> None:
    batch = uuid4()
    assert CodeKeys("a").code(batch, 1) == CodeKeys("a").code(batch, 1)
    assert CodeKeys("a").code(batch, 1) != CodeKeys("b").code(batch, 1)
    assert CodeKeys("a").code(batch, 1) != CodeKeys("a").code(uuid4(), 1)


def test_only_a_keyed_hash_is_stored() -> None:
    keys = CodeKeys("site secret")
    code = keys.code(uuid4(), 1)
    digest = keys.digest(code)
    assert len(digest) == 64
    assert code not in digest
    assert digest != CodeKeys("another secret").digest(code)


def test_codes_are_read_as_people_type_them() -> None:
    code = "0123456789ABC"
    assert grouped(code) == "0123-4567-89ABC"
    assert normalise("0123-4567-89abc") == code
    assert normalise(" o123 4567 89ABC ") == code  # O for 0, spaces
    assert normalise("0I23-4567-89ABC") == code  # I for 1
    assert normalise("0l23456789ABC") == code  # l for 1
    assert normalise("0123-4567-89AB") is None  # too short
    assert normalise("0123-4567-89ABU") is None  # U is never printed
    assert normalise("") is None
