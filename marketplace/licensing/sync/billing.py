"""Whom a ready-made sync licence is invoiced to: the buyer's verified organisation, its
address and country as staff verified them, and its EU VAT number when that is its legal
identity (checked for format, then asked of VIES; the answer, or its absence, recorded). The
VAT rule is chosen here, when the licence is bought, so the checkout charges the invoice's VAT.

Lakou invoices ready-made licences in its own name for the holder (the deals' default): a
holder invoicing its own sync licences, with its own status, is not offered (docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from accounts.organisations.legal_identity import LegalScheme
from accounts.organisations.repository import OrganisationRepository
from marketplace.licensing.invoicing.issuing import LAKOU_COUNTRY
from marketplace.licensing.invoicing.vat_numbers import Vies, check_vat_number
from marketplace.licensing.invoicing.vat_rules import Buyer, Seller, SellerStatus, rule_for
from marketplace.licensing.sync.domain import Billing


class OrganisationBilling:
    def __init__(
        self,
        organisations: OrganisationRepository,
        vies: Vies,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._organisations = organisations
        self._vies = vies
        self._now = clock

    async def billing(self, organisation_id: UUID) -> Billing:
        organisation = await self._organisations.get(organisation_id)
        assert organisation is not None  # the caller acts as it: it exists
        address = organisation.details.address
        identity = organisation.details.legal_identity
        number = identity.value if identity and identity.scheme is LegalScheme.EU_VAT else ""
        check = await check_vat_number(number, self._vies, self._now())
        # Lakou issues the invoice, from Martinique, registered for VAT.
        rule = rule_for(
            Seller(SellerStatus.REGISTERED, LAKOU_COUNTRY), Buyer(address.country, check.valid)
        )
        lines = (address.street, f"{address.postcode} {address.city}".strip())
        return Billing(
            country=address.country,
            address=tuple(line for line in lines if line),
            vat_number=check.number if check.well_formed else "",
            vies=check.vies.value,
            vies_name=check.vies_name,
            vat_rule=rule.code,
        )
