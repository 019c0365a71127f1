"""The seller of record's legal identity, read once at start-up from `LAKOU_DOCUMENTS_*`.

Lakou sells to consumers in its own name (docs/decisions.md, "Seller of record"), so every
receipt names Lakou's legal entity. Production refuses to start without the full identity unless
the operator accepts the `unnamed-seller` risk by name, like the core settings' risks
(`infra.production`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.fr import siren, siret, tva

from infra.settings import Environment, SettingsError, SettingsReader

UNNAMED_SELLER = "unnamed-seller"
# The variables a receipt's seller block is made of; production needs every one.
REQUIRED = (
    "LAKOU_DOCUMENTS_LEGAL_NAME",
    "LAKOU_DOCUMENTS_ADDRESS",
    "LAKOU_DOCUMENTS_SIRET",
    "LAKOU_DOCUMENTS_VAT_NUMBER",
    "LAKOU_DOCUMENTS_RCS",
)
_PREFIX = re.compile(r"^[A-Z]{2,6}$")


@dataclass(frozen=True)
class LegalIdentity:
    legal_name: str = "Lakou"
    # One line per part of the postal address ("|" separates lines in the variable).
    address: tuple[str, ...] = ("Fort-de-France", "972 Martinique")
    siren: str | None = None
    siret: str | None = None
    vat_number: str | None = None
    rcs: str | None = None  # "RCS Fort-de-France 123 456 789"

    @property
    def complete(self) -> bool:
        return all((self.legal_name, self.address, self.siret, self.vat_number, self.rcs))


@dataclass(frozen=True)
class DocumentSettings:
    seller: LegalIdentity
    # Each issuer numbers its own documents: <prefix>-<year>-<six digits>.
    number_prefix: str = "LK"

    @classmethod
    def read(cls, reader: SettingsReader) -> DocumentSettings:
        siret_value = _checked(reader, "LAKOU_DOCUMENTS_SIRET", siret, "SIRET (14 digits)")
        siren_value = _checked(reader, "LAKOU_DOCUMENTS_SIREN", siren, "SIREN (9 digits)")
        if siren_value is None and siret_value is not None:
            siren_value = siret_value[:9]
        defaults = LegalIdentity()
        address = reader.raw("LAKOU_DOCUMENTS_ADDRESS")
        seller = LegalIdentity(
            legal_name=reader.raw("LAKOU_DOCUMENTS_LEGAL_NAME") or defaults.legal_name,
            address=tuple(part.strip() for part in address.split("|") if part.strip())
            if address
            else defaults.address,
            siren=siren_value,
            siret=siret_value,
            vat_number=_with_country(
                _checked(
                    reader, "LAKOU_DOCUMENTS_VAT_NUMBER", tva, "French VAT number (FR + 11 digits)"
                )
            ),
            rcs=reader.raw("LAKOU_DOCUMENTS_RCS"),
        )
        prefix = (reader.raw("LAKOU_DOCUMENTS_NUMBER_PREFIX") or "LK").upper()
        if not _PREFIX.match(prefix):
            raise SettingsError(
                f"LAKOU_DOCUMENTS_NUMBER_PREFIX={prefix!r} must be 2 to 6 letters (A-Z)"
            )
        _refuse_unnamed_seller(reader)
        return cls(seller=seller, number_prefix=prefix)


def _checked(reader: SettingsReader, name: str, scheme: object, what: str) -> str | None:
    value = reader.raw(name)
    if value is None:
        return None
    compact = scheme.compact(value)  # type: ignore[attr-defined]
    if not scheme.is_valid(compact):  # type: ignore[attr-defined]
        raise SettingsError(f"{name}={value!r} is not a valid {what}")
    return str(compact)


def _with_country(vat_number: str | None) -> str | None:
    # python-stdnum compacts "FR 44 732829320" to its digits; receipts show the prefix.
    return f"FR{vat_number}" if vat_number and vat_number[:2].isdigit() else vat_number


def _refuse_unnamed_seller(reader: SettingsReader) -> None:
    """Production issues receipts in Lakou's legal name only (CGI art. 242 nonies A)."""
    if reader.choice("LAKOU_ENV", Environment, Environment.DEVELOPMENT) is not (
        Environment.PRODUCTION
    ):
        return
    missing = [name for name in REQUIRED if reader.raw(name) is None]
    if not missing or UNNAMED_SELLER in reader.accepted_risks():
        return
    raise SettingsError(
        f"{', '.join(missing)} must be set in production: receipts would not name the seller "
        f"of record (or accept the risk with LAKOU_ACCEPT_RISKS={UNNAMED_SELLER})"
    )
