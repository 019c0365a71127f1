"""What each side gives when it accepts the contract, checked before anything is written: the
partner's billing details (country, VAT number: format and checksum always) and the rights
side's choice of who invoices (Lakou for the holder, or the holder itself with its identity
and VAT status)."""

from __future__ import annotations

from typing import Any

import msgspec

from infra.errors import InvalidInput
from marketplace.licensing import territories
from marketplace.licensing.contracts.errors import PaperworkError
from marketplace.licensing.deals.ports import OrganisationIdentity
from marketplace.licensing.invoicing.domain import IssuedBy
from marketplace.licensing.invoicing.vat_numbers import well_formed
from marketplace.licensing.invoicing.vat_rules import (
    DOM_WITH_VAT,
    DOM_WITHOUT_VAT,
    MAINLAND,
    SellerStatus,
)

FRENCH = DOM_WITH_VAT | DOM_WITHOUT_VAT | MAINLAND
Line = msgspec.Meta(max_length=200)


class BillingIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    country: str
    vat_number: str = ""
    address: list[str] = msgspec.field(default_factory=list)


class InvoicerIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    by: IssuedBy = IssuedBy.LAKOU
    legal_name: str = ""
    address: list[str] = msgspec.field(default_factory=list)
    country: str = "MQ"
    vat_status: SellerStatus = SellerStatus.REGISTERED
    vat_number: str = ""
    siret: str = ""


def _country(code: str) -> str:
    upper = code.strip().upper()
    if upper not in territories.territories().countries:
        raise InvalidInput(PaperworkError.INVALID_COUNTRY)
    return upper


def _lines(lines: list[str]) -> list[str]:
    kept = [line.strip()[:200] for line in lines if line.strip()]
    return kept[:3]


def billing(data: BillingIn) -> dict[str, Any]:
    country = _country(data.country)
    number = ""
    if data.vat_number.strip():
        compact = well_formed(data.vat_number)
        if compact is None:
            raise InvalidInput(PaperworkError.INVALID_VAT_NUMBER)
        number = compact
    return {"country": country, "vat_number": number, "address": _lines(data.address)}


def invoicer(data: InvoicerIn, holder: OrganisationIdentity | None = None) -> dict[str, Any]:
    """The rights side's choice, checked. When an organisation holds the mandate (`holder`)
    and invoices itself, the invoice names it as the organisations module holds it (name,
    address, country, its VAT number or SIRET when that is its legal identity): what was
    typed for those is ignored, only the VAT status (and a VAT number it does not hold) count."""
    if data.by is IssuedBy.LAKOU:
        return {"by": IssuedBy.LAKOU.value}
    if holder is not None:
        data = msgspec.structs.replace(
            data,
            legal_name=holder.name,
            address=list(holder.address),
            country=holder.country,
            vat_number=holder.vat_number or data.vat_number,
            siret=holder.siret or data.siret,
        )
    country = _country(data.country)
    if country not in FRENCH:
        raise InvalidInput(PaperworkError.SELLER_COUNTRY)
    if not data.legal_name.strip() or not _lines(data.address):
        raise InvalidInput(PaperworkError.SELLER_DETAILS)
    number = ""
    if data.vat_status is SellerStatus.REGISTERED or data.vat_number.strip():
        compact = well_formed(data.vat_number)
        if compact is None or not compact.startswith("FR"):
            raise InvalidInput(PaperworkError.INVALID_VAT_NUMBER)
        number = compact
    return {
        "by": IssuedBy.HOLDER.value,
        "legal_name": data.legal_name.strip()[:200],
        "address": _lines(data.address),
        "country": country,
        "vat_status": data.vat_status.value,
        "vat_number": number,
        "siret": data.siret.strip()[:14],
    }
