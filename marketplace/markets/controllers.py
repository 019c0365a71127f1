"""The markets JSON API: markets, their team and the window's state machine."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_principal, provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.organisations.acting import (
    ActingOrganisation,
    provide_acting_organisation,
    requires_capability,
)
from accounts.organisations.capabilities import PUBLISH_MARKET
from infra.errors import InvalidInput
from infra.http.dependencies import provide_service
from marketplace.markets.errors import MarketError
from marketplace.markets.schemas import MarketIn, MarketOut, TeamMemberIn, TeamMemberOut
from marketplace.markets.service import MANAGERS, MarketService, role_of

MARKET = "/{market_id:uuid}"

DEPENDENCIES: dict[str, Any] = {
    "markets": provide_service(MarketService),
    "viewer": Provide(provide_principal),
    "me": Provide(provide_user),
    "acting": Provide(provide_acting_organisation),
}


class MarketController(Controller):
    path = "/api/markets"
    tags = ["markets"]
    dependencies = DEPENDENCIES

    @post("/", status_code=HTTP_201_CREATED, guards=[requires_capability(PUBLISH_MARKET)])
    async def create(
        self,
        data: JSONBody[MarketIn],
        me: NamedDependency[Principal],
        acting: NamedDependency[ActingOrganisation | None],
        markets: NamedDependency[MarketService],
    ) -> MarketOut:
        """A draft market of the verified organiser organisation the caller acts as."""
        if acting is None:
            raise InvalidInput(MarketError.ORGANISATION_REQUIRED)
        return MarketOut.of(await markets.create(me, acting.id, data.details()))

    @get("/")
    async def listing(self, markets: NamedDependency[MarketService]) -> list[MarketOut]:
        """Published markets, the latest window first."""
        return [MarketOut.of(market) for market in await markets.public()]

    @get("/mine", guards=[requires_user])
    async def mine(
        self, me: NamedDependency[Principal], markets: NamedDependency[MarketService]
    ) -> list[MarketOut]:
        """The markets whose team the caller belongs to, drafts included."""
        return [MarketOut.of(market) for market in await markets.mine(me)]

    @get(MARKET)
    async def show(
        self,
        market_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        markets: NamedDependency[MarketService],
    ) -> MarketOut:
        return MarketOut.of(await markets.visible(viewer, market_id))

    @put(MARKET, guards=[requires_user])
    async def update(
        self,
        market_id: FromPath[UUID],
        data: JSONBody[MarketIn],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
    ) -> MarketOut:
        return MarketOut.of(await markets.update(me, market_id, data.details()))

    @post(
        MARKET + "/publish",
        status_code=HTTP_200_OK,
        guards=[requires_capability(PUBLISH_MARKET)],
    )
    async def publish(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
    ) -> MarketOut:
        """Make the page public: only while acting as a verified organiser (403 otherwise)."""
        return MarketOut.of(await markets.publish(me, market_id))

    @post(MARKET + "/archive", status_code=HTTP_200_OK, guards=[requires_user])
    async def archive(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
    ) -> MarketOut:
        return MarketOut.of(await markets.archive(me, market_id))

    @get(MARKET + "/team", guards=[requires_user])
    async def team(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
    ) -> list[TeamMemberOut]:
        market = await markets.managed(me, market_id, MANAGERS)
        return [TeamMemberOut(user, role.value) for user, role in market.team.items()]

    @put(MARKET + "/team/{user_id:uuid}", guards=[requires_user])
    async def set_member(
        self,
        market_id: FromPath[UUID],
        user_id: FromPath[UUID],
        data: JSONBody[TeamMemberIn],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
    ) -> list[TeamMemberOut]:
        """Give a member of the organiser organisation a role: manager, reviewer or desk."""
        market = await markets.set_member(me, market_id, user_id, role_of(data.role))
        return [TeamMemberOut(user, role.value) for user, role in market.team.items()]

    @delete(MARKET + "/team/{user_id:uuid}", status_code=HTTP_200_OK, guards=[requires_user])
    async def remove_member(
        self,
        market_id: FromPath[UUID],
        user_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
    ) -> list[TeamMemberOut]:
        market = await markets.set_member(me, market_id, user_id, None)
        return [TeamMemberOut(user, role.value) for user, role in market.team.items()]
