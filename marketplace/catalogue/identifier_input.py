"""What every identifier kind shares: the kinds, the error, and the clean-up of pasted input.

`identifiers` builds each kind's normalisation on these. Standard library and `N_` only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final

from infra.i18n.context import N_

# The longest legitimate input (a labelled, hyphenated V-ISAN or an EIDR DOI URL) is well under
# this; refusing anything longer before touching it keeps hostile input cheap.
MAX_INPUT_LENGTH: Final = 64


class IdentifierKind(StrEnum):
    ISRC = "isrc"
    ISWC = "iswc"
    ISAN = "isan"
    EIDR = "eidr"
    ISBN = "isbn"
    ISNI = "isni"
    IPI = "ipi"


WORK_IDENTIFIERS: Final[frozenset[IdentifierKind]] = frozenset(
    {
        IdentifierKind.ISRC,
        IdentifierKind.ISWC,
        IdentifierKind.ISAN,
        IdentifierKind.EIDR,
        IdentifierKind.ISBN,
    }
)
PERSON_IDENTIFIERS: Final[frozenset[IdentifierKind]] = frozenset(
    {IdentifierKind.ISNI, IdentifierKind.IPI}
)


class InvalidIdentifier(ValueError):
    """An identifier that does not have the shape, or the check character, its kind requires.

    ``kind`` is the identifier kind's code (``"isrc"``...), ``value`` the rejected input
    (shortened when over-long, so errors stay small enough to log and return to clients),
    ``message`` a French sentence fragment a person can act on, with its ``params``, and
    ``reason`` that fragment filled in.
    """

    def __init__(
        self, kind: str, value: str, message: str, params: Mapping[str, Any] | None = None
    ) -> None:
        self.kind = kind
        self.value = shorten(value)
        self.message = message
        self.params = dict(params or {})
        super().__init__(str(self))

    @property
    def reason(self) -> str:
        return self.message % self.params if self.params else self.message

    def __str__(self) -> str:
        return f"{self.kind.upper()} {self.value!r} invalide : {self.reason}."

    # Exceptions are pickled when they cross process boundaries (workers); the default
    # reduction would call __init__ with the message only.
    def __reduce__(
        self,
    ) -> tuple[type[InvalidIdentifier], tuple[str, str, str, dict[str, Any]]]:
        return (type(self), (self.kind, self.value, self.message, self.params))


def shorten(value: str) -> str:
    if len(value) <= MAX_INPUT_LENGTH:
        return value
    return value[:MAX_INPUT_LENGTH] + "\N{HORIZONTAL ELLIPSIS}"


# ---------------------------------------------------------------------------------------------
# Input clean-up shared by every kind.

# Word processors and French typography turn hyphens into dashes and spaces into no-break
# spaces; treating them as the ASCII separators avoids rejecting a correctly copied number.
_SEPARATOR_LOOKALIKES: Final = str.maketrans(
    {
        "\t": " ",
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u202f": " ",  # narrow no-break space
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
    }
)
# Checked before upper-casing: str.upper() maps some non-ASCII letters onto ASCII ones
# (U+0131 dotless i -> "I", U+017F long s -> "S"), which would let look-alike text through.
_ASCII_ALPHANUMERIC: Final = re.compile(r"[0-9A-Za-z]*")
LABEL_END: Final = r"(?:\s*:\s*|\s+)"
# Reasons several kinds share.
CHECK_DIGIT_REASON: Final = N_("la clé de contrôle ne correspond pas ; vérifiez la saisie")
CHECK_CHARACTER_REASON: Final = N_(
    "le caractère de contrôle ne correspond pas ; vérifiez la saisie"
)


def prepare_input(kind: IdentifierKind, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidIdentifier(kind, repr(value), N_("texte attendu"))
    if len(value) > MAX_INPUT_LENGTH:
        raise InvalidIdentifier(
            kind,
            value,
            N_("plus de %(max)s caractères : aucun %(kind)s n'est aussi long"),
            {"max": MAX_INPUT_LENGTH, "kind": kind.upper()},
        )
    text = value.translate(_SEPARATOR_LOOKALIKES).strip()
    if not text:
        raise InvalidIdentifier(kind, value, N_("la valeur est vide"))
    return text


def strip_label(text: str, label: str) -> str:
    # A label must be followed by a colon or a space, so that an identifier which merely
    # starts with the same letters (an Icelandic "IS" + "RC1" ISRC) is left intact.
    return re.sub(rf"^{label}{LABEL_END}", "", text, count=1, flags=re.IGNORECASE)


def compact_input(kind: IdentifierKind, value: str, text: str, separators: str = r"\s-") -> str:
    compact = re.sub(rf"[{separators}]+", "", text)
    if not _ASCII_ALPHANUMERIC.fullmatch(compact):
        raise InvalidIdentifier(
            kind,
            value,
            N_("seuls les lettres latines, les chiffres, les tirets et les espaces sont permis"),
        )
    return compact.upper()
