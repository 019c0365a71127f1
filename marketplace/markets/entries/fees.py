"""Who receives the entry fees of a market's calls (`calls.ports.FeePayees`, scope "market").

The organiser organisation that owns the market sells its calls' fees. Lakou's ledger pays
people (each holder is an account with its payout details), not organisations, so the
organisation's first owner — the longest-standing member with the owner role — is the
seller of record and is paid on the organisation's behalf (docs/decisions.md, "Entry fees").
"""

from __future__ import annotations

from uuid import UUID

from accounts.organisations.domain import MemberRole
from accounts.organisations.repository import OrganisationRepository
from calls.domain import OwnerScope
from infra.errors import NotFound
from marketplace.markets.service import MarketService
from marketplace.markets.team_scopes import SCOPE_KIND


class MarketFeePayees:
    def __init__(self, markets: MarketService, organisations: OrganisationRepository) -> None:
        self._markets = markets
        self._organisations = organisations

    async def payee(self, scope: OwnerScope) -> UUID | None:
        if scope.kind != SCOPE_KIND:
            return None
        try:
            market = await self._markets.get(UUID(scope.id))
        except (ValueError, NotFound):
            return None  # a scope id that names no market has nobody to pay
        members = await self._organisations.members(market.organisation_id)
        owners = [member for member in members if member.role is MemberRole.OWNER]
        return owners[0].user_id if owners else None
