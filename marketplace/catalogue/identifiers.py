"""Standard identifiers for works and people: format checks and normalisation.

Every identifier is optional in the catalogue, but when one is given it must be well formed,
so that a typo is caught at entry rather than when a collecting society or a distributor
rejects the metadata. Each ``normalise_*`` function accepts the forms people actually paste
(any case, with or without hyphens, spaces or a leading label such as ``ISBN:``) and returns
one canonical spelling, so that equal identifiers compare equal in storage and search.

Errors give their reason as a French source message (``message``, marked for the catalogue
module's catalogues) with its ``params``, so the API can give it in the request's language.

Standard library and the platform's ``N_``: shared by the web layer, workers and imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

from infra.i18n.context import N_
from marketplace.catalogue.check_characters import (
    HEX_DIGITS,
    isbn10_check_digit,
    isbn13_check_digit,
    iswc_check_digit,
    mod_11_2_check_character,
    mod_37_36_check_character,
)
from marketplace.catalogue.identifier_input import (
    CHECK_CHARACTER_REASON,
    CHECK_DIGIT_REASON,
    MAX_INPUT_LENGTH,
    PERSON_IDENTIFIERS,
    WORK_IDENTIFIERS,
    IdentifierKind,
    InvalidIdentifier,
    compact_input,
    prepare_input,
    shorten,
    strip_label,
)

__all__ = [
    "MAX_INPUT_LENGTH",
    "PERSON_IDENTIFIERS",
    "WORK_IDENTIFIERS",
    "IdentifierKind",
    "InvalidIdentifier",
    "isbn10_check_digit",
    "isbn13_check_digit",
    "iswc_check_digit",
    "mod_11_2_check_character",
    "mod_37_36_check_character",
    "normalise",
    "normalise_eidr",
    "normalise_ipi",
    "normalise_isan",
    "normalise_isbn",
    "normalise_isni",
    "normalise_isrc",
    "normalise_iswc",
]

# ---------------------------------------------------------------------------------------------
# Kinds.

_ISRC_SHAPE: Final = re.compile(r"[A-Z]{2}[A-Z0-9]{3}[0-9]{7}")


def normalise_isrc(value: str) -> str:
    """ISRC (recordings), ``CC-XXX-YY-NNNNN`` -> ``CCXXXYYNNNNN``.

    ISRC has no check character, so only the shape is verified: country code (two letters),
    registrant code (three letters or digits), year (two digits), designation (five digits).
    """
    kind = IdentifierKind.ISRC
    compact = compact_input(kind, value, strip_label(prepare_input(kind, value), "ISRC"))
    if len(compact) != 12:
        raise InvalidIdentifier(
            kind,
            value,
            N_(
                "12 lettres et chiffres attendus, sous la forme CC-XXX-YY-NNNNN "
                "(par exemple FR-Z03-14-00001), %(count)s reçus"
            ),
            {"count": len(compact)},
        )
    if not _ISRC_SHAPE.fullmatch(compact):
        raise InvalidIdentifier(
            kind,
            value,
            N_(
                "attendu : un code pays de deux lettres, un code déclarant de trois caractères, "
                "puis sept chiffres (deux pour l'année, cinq pour l'enregistrement)"
            ),
        )
    return compact


_ISWC_SHAPE: Final = re.compile(r"T([0-9]{9})([0-9])")


def normalise_iswc(value: str) -> str:
    """ISWC (musical compositions) -> ``T-123.456.789-C``, check digit verified."""
    kind = IdentifierKind.ISWC
    text = strip_label(prepare_input(kind, value), "ISWC")
    match = _ISWC_SHAPE.fullmatch(compact_input(kind, value, text, separators=r"\s.-"))
    if match is None:
        raise InvalidIdentifier(
            kind, value, N_("attendu : T suivi de dix chiffres, comme T-034.524.680-1")
        )
    digits, check = match.groups()
    if iswc_check_digit(digits) != check:
        raise InvalidIdentifier(kind, value, CHECK_DIGIT_REASON)
    return f"T-{digits[0:3]}.{digits[3:6]}.{digits[6:9]}-{check}"


# "ISAN" cannot begin a hexadecimal number, so unlike ISRC it needs no space after it.
_ISAN_PREFIX: Final = re.compile(r"^(?:URN:ISAN:|ISAN\s*:?)\s*", re.IGNORECASE)


def _split_isan(
    kind: IdentifierKind, value: str, compact: str, group_lengths: Sequence[int]
) -> tuple[str, str, str, str]:
    """Root+episode, first check, version, second check (each possibly empty)."""
    root, rest = compact[:16], compact[16:]
    if len(compact) < 16 or len(rest) not in (0, 1, 8, 9, 10):
        raise InvalidIdentifier(
            kind,
            value,
            N_(
                "attendu : 16 chiffres hexadécimaux (racine et épisode), suivis ou non de 8 autres "
                "(version), chaque partie suivie ou non de son caractère de contrôle"
            ),
        )
    # Group boundaries in the input (hyphens, spaces) are the only way to tell a lone check
    # character from the first digit of a version.
    ends: set[int] = set()
    position = 0
    for length in group_lengths:
        position += length
        ends.add(position)
    first_present = {16, 17} <= ends
    second_present = {24, 25} <= ends
    if len(rest) in (0, 1):
        return root, rest, "", ""
    if len(rest) == 8 and first_present:
        raise InvalidIdentifier(kind, value, N_("la version compte 8 chiffres hexadécimaux"))
    if len(rest) == 8:
        return root, "", rest, ""
    if len(rest) == 10:
        return root, rest[0], rest[1:9], rest[9]
    if first_present == second_present:
        raise InvalidIdentifier(
            kind,
            value,
            N_(
                "impossible de savoir quel caractère de contrôle est donné ; écrivez-le avec "
                "des tirets, comme 0000-0000-D07A-0090-Q-0000-0000-X"
            ),
        )
    if first_present:
        return root, rest[0], rest[1:], ""
    return root, "", rest[:8], rest[8]


def normalise_isan(value: str) -> str:
    """ISAN (audiovisual works) -> ``ISAN XXXX-XXXX-XXXX-XXXX-C[-XXXX-XXXX-C]``.

    Accepts the 16-hex-digit ISAN (root and episode) or the 24-digit V-ISAN (with version),
    with or without hyphens and check characters; check characters that are given are
    verified and missing ones are computed (ISO 7064 MOD 37,36), so the result is complete.
    """
    kind = IdentifierKind.ISAN
    text = _ISAN_PREFIX.sub("", prepare_input(kind, value), count=1)
    groups = [group for group in re.split(r"[\s-]+", text) if group]
    compact = compact_input(kind, value, "".join(groups))
    root, check1, version, check2 = _split_isan(
        kind, value, compact, [len(group) for group in groups]
    )
    if any(char not in HEX_DIGITS for char in root + version):
        raise InvalidIdentifier(
            kind,
            value,
            N_("la racine, l'épisode et la version doivent être hexadécimaux (0-9, A-F)"),
        )
    expected1 = mod_37_36_check_character(root)
    if check1 and check1 != expected1:
        raise InvalidIdentifier(
            kind,
            value,
            N_("le premier caractère de contrôle ne correspond pas ; vérifiez la saisie"),
        )
    groups_out = [root[0:4], root[4:8], root[8:12], root[12:16], expected1]
    if version:
        expected2 = mod_37_36_check_character(root + version)
        if check2 and check2 != expected2:
            raise InvalidIdentifier(
                kind,
                value,
                N_("le second caractère de contrôle ne correspond pas ; vérifiez la saisie"),
            )
        groups_out += [version[0:4], version[4:8], expected2]
    return "ISAN " + "-".join(groups_out)


_EIDR_PREFIX: Final = "10.5240/"
_EIDR_RESOLVER: Final = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)


def normalise_eidr(value: str) -> str:
    """EIDR content ID -> ``10.5240/XXXX-XXXX-XXXX-XXXX-XXXX-C``, check character verified."""
    kind = IdentifierKind.EIDR
    text = _EIDR_RESOLVER.sub("", prepare_input(kind, value), count=1)
    if not text.startswith(_EIDR_PREFIX):
        raise InvalidIdentifier(
            kind,
            value,
            N_("un identifiant de contenu EIDR commence par %(prefix)s (le préfixe DOI d'EIDR)"),
            {"prefix": _EIDR_PREFIX},
        )
    compact = compact_input(kind, value, text.removeprefix(_EIDR_PREFIX))
    if len(compact) != 21 or any(char not in HEX_DIGITS for char in compact[:20]):
        raise InvalidIdentifier(
            kind,
            value,
            N_(
                "attendu : 20 chiffres hexadécimaux et un caractère de contrôle après 10.5240/, "
                "comme 10.5240/7791-8534-2C23-9030-8610-5"
            ),
        )
    suffix, check = compact[:20], compact[20]
    if mod_37_36_check_character(suffix) != check:
        raise InvalidIdentifier(kind, value, CHECK_CHARACTER_REASON)
    groups = [suffix[index : index + 4] for index in range(0, 20, 4)]
    return _EIDR_PREFIX + "-".join([*groups, check])


_ISBN_LABEL: Final = r"ISBN(?:[-\s]?1[03])?"


def normalise_isbn(value: str) -> str:
    """ISBN-10 or ISBN-13 -> the 13 digits of the ISBN-13, check digit verified."""
    kind = IdentifierKind.ISBN
    compact = compact_input(kind, value, strip_label(prepare_input(kind, value), _ISBN_LABEL))
    if len(compact) == 10:
        body, check = compact[:9], compact[9]
        if not body.isdigit() or check not in "0123456789X":
            raise InvalidIdentifier(
                kind, value, N_("un ISBN-10 compte neuf chiffres suivis d'un chiffre ou d'un X")
            )
        if isbn10_check_digit(body) != check:
            raise InvalidIdentifier(kind, value, CHECK_DIGIT_REASON)
        body = "978" + body
        return body + isbn13_check_digit(body)
    if len(compact) == 13:
        if not compact.isdigit():
            raise InvalidIdentifier(kind, value, N_("un ISBN-13 compte 13 chiffres"))
        if compact[:3] not in ("978", "979"):
            raise InvalidIdentifier(kind, value, N_("un ISBN-13 commence par 978 ou 979"))
        if isbn13_check_digit(compact[:12]) != compact[12]:
            raise InvalidIdentifier(kind, value, CHECK_DIGIT_REASON)
        return compact
    raise InvalidIdentifier(
        kind,
        value,
        N_("10 ou 13 caractères attendus (ISBN-10 ou ISBN-13), %(count)s reçus"),
        {"count": len(compact)},
    )


_ISNI_SHAPE: Final = re.compile(r"[0-9]{15}[0-9X]")


def normalise_isni(value: str) -> str:
    """ISNI (people and organisations) -> 16 characters, MOD 11-2 check verified."""
    kind = IdentifierKind.ISNI
    compact = compact_input(kind, value, strip_label(prepare_input(kind, value), "ISNI"))
    if not _ISNI_SHAPE.fullmatch(compact):
        raise InvalidIdentifier(
            kind,
            value,
            N_("attendu : 15 chiffres suivis d'un chiffre ou d'un X, comme 0000 0001 2281 955X"),
        )
    if mod_11_2_check_character(compact[:15]) != compact[15]:
        raise InvalidIdentifier(kind, value, CHECK_CHARACTER_REASON)
    return compact


def normalise_ipi(value: str) -> str:
    """IPI name number (people) -> 11 digits, zero-padded.

    Older CAE numbers have 9 digits; padding them gives the 11-digit IPI form. IPI numbers are
    not checked further: the check-digit scheme is not publicly specified well enough to be
    sure of it, and rejecting a real number would be worse than accepting a mistyped one.
    """
    kind = IdentifierKind.IPI
    compact = compact_input(kind, value, strip_label(prepare_input(kind, value), "IPI"))
    if not compact.isdigit() or not 9 <= len(compact) <= 11:
        raise InvalidIdentifier(kind, value, N_("attendu : 9 à 11 chiffres"))
    return compact.zfill(11)


_NORMALISERS: Final[Mapping[IdentifierKind, Callable[[str], str]]] = MappingProxyType(
    {
        IdentifierKind.ISRC: normalise_isrc,
        IdentifierKind.ISWC: normalise_iswc,
        IdentifierKind.ISAN: normalise_isan,
        IdentifierKind.EIDR: normalise_eidr,
        IdentifierKind.ISBN: normalise_isbn,
        IdentifierKind.ISNI: normalise_isni,
        IdentifierKind.IPI: normalise_ipi,
    }
)


def normalise(kind: IdentifierKind, value: str) -> str:
    """Canonical form of ``value`` as an identifier of ``kind``; raises InvalidIdentifier.

    ``kind`` may also be the plain code (``"isbn"``), as it arrives from a form or an API;
    an unknown kind is reported as an InvalidIdentifier too, since it is equally client input.
    """
    try:
        known = IdentifierKind(kind)
    except ValueError:
        shown = kind if isinstance(kind, str) else repr(kind)
        raise InvalidIdentifier(
            shorten(shown),
            value if isinstance(value, str) else repr(value),
            N_("type d'identifiant inconnu ; les types sont %(kinds)s"),
            {"kinds": ", ".join(IdentifierKind)},
        ) from None
    return _NORMALISERS[known](value)
