"""Markets claim the "market" scope kind in the core modules they build on.

Calls (`CallScopes`) and scheduling (`ManagersByScope`) know no market: they ask the module
owning a scope kind who manages a scope. For a market, its team's managers (and staff) do.
"""

from __future__ import annotations

from uuid import UUID

from accounts.domain import Principal
from calls.domain import OwnerScope
from infra.errors import Forbidden, NotFound
from marketplace.markets.service import MANAGERS, MarketService
from scheduling.domain import Scope

SCOPE_KIND = "market"


class MarketTeamManagers:
    """`may_manage(who, scope)` for calls and scheduling: the market's managers."""

    def __init__(self, markets: MarketService) -> None:
        self._markets = markets

    async def may_manage(self, who: Principal, scope: OwnerScope | Scope) -> bool:
        if scope.kind != SCOPE_KIND:
            return False
        if who.is_staff:
            return True  # staff operate every calendar and call, as they see every organisation
        try:
            market_id = scope.id if isinstance(scope.id, UUID) else UUID(str(scope.id))
        except ValueError:
            return False  # a scope id that names no market names nothing to manage
        try:
            await self._markets.managed(who, market_id, MANAGERS)
        except (NotFound, Forbidden):
            return False
        return True
