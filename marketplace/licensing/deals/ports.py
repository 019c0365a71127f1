"""What licence deals need from the organisations, on both sides: who belongs to the partner
organisation, or to the organisation holding the mandate, now, and whether their role acts or
only reads; and the holding organisation's identity for the invoice it issues. Read on every
request, never cached, so a member removed from either organisation loses its deals at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class OrganisationIdentity:
    """What an invoice issued by an organisation names, as the organisations module holds it."""

    name: str
    address: tuple[str, ...]  # street, then postcode and city
    country: str  # ISO 3166-1 alpha-2
    vat_number: str  # its EU VAT number when that is its legal identity, else ""
    siret: str  # its SIRET when that is its legal identity, else ""


class Memberships(Protocol):
    async def acts_in(self, organisation_id: UUID, user_id: UUID) -> bool | None:
        """None: not a member; True: their role acts for it; False: it only reads."""
        ...

    async def organisations_of(self, user_id: UUID) -> list[UUID]:
        """Every organisation the person belongs to, whatever their role."""
        ...

    async def acting_members(self, organisation_id: UUID) -> list[UUID]:
        """The members whose role acts for it (who are told of a deal to answer)."""
        ...

    async def identity(self, organisation_id: UUID) -> OrganisationIdentity | None: ...
