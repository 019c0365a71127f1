"""An organisation's legal identity: a French SIREN or SIRET, an EU VAT number, or a foreign
registration. Pure: python-stdnum checks the numbers (format and check digits), nothing else.

Each identity has a normalised form (digits only for SIREN/SIRET, upper case without spaces and
with its country prefix for VAT, the registration as given but trimmed for foreign ones) and,
for the numbers a registry guarantees unique, a claim key: two organisations cannot both claim
one SIREN, SIRET or VAT number (a foreign registration is free text, so it claims nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from babel import Locale
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import siren, siret

from accounts.organisations.errors import OrganisationError
from infra.errors import InvalidInput

MAX_REGISTRATION_LENGTH = 60
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


class LegalScheme(StrEnum):
    SIREN = "siren"  # 9 digits, the French company
    SIRET = "siret"  # 14 digits, one establishment of it (SIREN + 5)
    EU_VAT = "eu_vat"  # an EU VAT number with its country prefix
    FOREIGN = "foreign"  # any other country's registration, stored as given


@dataclass(frozen=True)
class LegalIdentity:
    scheme: LegalScheme
    value: str  # normalised
    country: str  # ISO 3166-1 alpha-2 of the registry ("FR" for SIREN/SIRET)

    @property
    def claim_key(self) -> str | None:
        """What two organisations may not share, or None when the identity claims nothing."""
        if self.scheme is LegalScheme.FOREIGN:
            return None
        return f"{self.scheme.value}:{self.value}"

    @property
    def siren(self) -> str | None:
        """The company's SIREN, for SIREN and SIRET identities (a SIRET starts with it)."""
        if self.scheme is LegalScheme.SIREN:
            return self.value
        if self.scheme is LegalScheme.SIRET:
            return self.value[:9]
        return None

    def display(self) -> str:
        if self.scheme is LegalScheme.SIREN:
            return siren.format(self.value)
        if self.scheme is LegalScheme.SIRET:
            return siret.format(self.value)
        return self.value


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes: CLDR's territories, without its numeric regions and its
    groupings and placeholders (EU, UN, ZZ "unknown region"…)."""
    return frozenset(
        code
        for code in Locale("en").territories
        if isinstance(code, str) and code.isalpha() and code not in _NOT_COUNTRIES
    )


def normalise_country(raw: str) -> str:
    code = raw.strip().upper()
    if code not in country_codes():
        raise InvalidInput(OrganisationError.INVALID_COUNTRY, country=raw[:10])
    return code


def parse_legal_identity(scheme: str, number: str, country: str = "") -> LegalIdentity:
    """The identity named by `scheme` and `number` (and `country` for foreign registrations),
    normalised; 422 with a message naming what is wrong otherwise."""
    try:
        chosen = LegalScheme(scheme)
    except ValueError:
        allowed = ", ".join(s.value for s in LegalScheme)
        raise InvalidInput(
            OrganisationError.INVALID_LEGAL_SCHEME, scheme=scheme[:20], allowed=allowed
        ) from None
    if "\x00" in number:
        raise InvalidInput(OrganisationError.INVALID_REGISTRATION)
    if chosen is LegalScheme.SIREN:
        return LegalIdentity(chosen, _checked(siren, number, OrganisationError.INVALID_SIREN), "FR")
    if chosen is LegalScheme.SIRET:
        return LegalIdentity(chosen, _checked(siret, number, OrganisationError.INVALID_SIRET), "FR")
    if chosen is LegalScheme.EU_VAT:
        value = _checked(eu_vat, number, OrganisationError.INVALID_VAT)
        prefix = value[:2]
        # Greece's VAT prefix is EL; its ISO code is GR.
        return LegalIdentity(chosen, value, "GR" if prefix == "EL" else prefix)
    registration = " ".join(number.split())
    if not registration or len(registration) > MAX_REGISTRATION_LENGTH:
        raise InvalidInput(OrganisationError.INVALID_REGISTRATION)
    code = normalise_country(country)
    if code in {"FR", "MQ", "GP", "GF", "RE", "YT"}:
        # French registrations (overseas departments included) have a SIREN to check.
        raise InvalidInput(OrganisationError.FRENCH_NEEDS_SIREN)
    return LegalIdentity(chosen, registration, code)


def _checked(module: object, number: str, error: OrganisationError) -> str:
    if len(number) > MAX_REGISTRATION_LENGTH:
        raise InvalidInput(error, number=number[:20] + "…")
    try:
        value: str = module.validate(number)  # type: ignore[attr-defined]
    except ValidationError:
        raise InvalidInput(error, number=number.strip()[:20]) from None
    return value
