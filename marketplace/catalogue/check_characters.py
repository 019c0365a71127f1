"""Check characters of the standard identifiers (ISO 7064, ISWC, ISBN).

Public so that tests, fixtures and imports can build valid identifiers; `identifiers` checks
people's input with them. Standard library only.
"""

from __future__ import annotations

from typing import Final

_ALPHANUMERIC: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS: Final = frozenset("0123456789")
HEX_DIGITS: Final = frozenset("0123456789ABCDEF")


def _require(chars: str, allowed: frozenset[str] | str, length: int | None, what: str) -> None:
    # Guards the helpers against programming errors; user input is checked before reaching them.
    if (length is not None and len(chars) != length) or any(c not in allowed for c in chars):
        expected = f"{length} {what}" if length is not None else what
        raise ValueError(f"expected {expected}, got {chars!r}")


def mod_37_36_check_character(chars: str) -> str:
    """ISO 7064 MOD 37,36 (the hybrid system used by ISAN and EIDR) over 0-9 and A-Z."""
    _require(chars, _ALPHANUMERIC, None, "uppercase letters and digits")
    product = 36
    for char in chars:
        total = (product + _ALPHANUMERIC.index(char)) % 36 or 36
        product = (total * 2) % 37
    return _ALPHANUMERIC[(37 - product) % 36]


def mod_11_2_check_character(digits: str) -> str:
    """ISO 7064 MOD 11-2 (ISNI, ORCID): ``0``-``9`` or ``X`` for ten."""
    _require(digits, _DIGITS, None, "digits")
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def iswc_check_digit(digits: str) -> str:
    """Check digit of the nine ISWC work digits (the ``T`` counts as 1)."""
    _require(digits, _DIGITS, 9, "digits")
    total = 1 + sum(int(digit) * weight for weight, digit in enumerate(digits, start=1))
    return str((10 - total % 10) % 10)


def isbn10_check_digit(digits: str) -> str:
    _require(digits, _DIGITS, 9, "digits")
    total = sum(int(digit) * weight for weight, digit in zip(range(10, 1, -1), digits, strict=True))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def isbn13_check_digit(digits: str) -> str:
    _require(digits, _DIGITS, 12, "digits")
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(digits))
    return str((10 - total % 10) % 10)
