"""The round's JSON API: the managers open and run it; a professional ranks stands; a stand's
exhibitors rank professionals. Each side reads and writes its own list only."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from marketplace.markets.round.run import RoundRunner
from marketplace.markets.round.schemas import (
    BuyerWishesIn,
    ChoicesOut,
    ResultOut,
    RoundIn,
    RoundOut,
    StandWishesIn,
)
from marketplace.markets.round.service import RoundService

DEPENDENCIES: dict[str, Any] = {
    "rounds": provide_service(RoundService),
    "runner": provide_service(RoundRunner),
    "me": Provide(provide_user),
}


class RoundController(Controller):
    path = "/api/markets/{market_id:uuid}/round"
    tags = ["markets", "meetings"]
    guards = [requires_user]
    dependencies = DEPENDENCIES

    @post("/", status_code=HTTP_201_CREATED)
    async def open(
        self,
        market_id: FromPath[UUID],
        data: JSONBody[RoundIn],
        me: NamedDependency[Principal],
        rounds: NamedDependency[RoundService],
    ) -> RoundOut:
        """The managers open the round for one meeting day (buyers take part by default)."""
        return RoundOut.of(await rounds.open(me, market_id, data.day, data.categories))

    @get("/")
    async def show(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        rounds: NamedDependency[RoundService],
    ) -> RoundOut:
        """The round as its managers see it: how many lists, and the result once run."""
        return RoundOut.of(await rounds.managed(me, market_id))

    @post("/run", status_code=HTTP_200_OK)
    async def run(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        runner: NamedDependency[RoundRunner],
    ) -> ResultOut:
        """Schedules and books the day's meetings, once (409 `round_already_run` after)."""
        return ResultOut.of(await runner.run(me, market_id))

    @get("/wishes")
    async def my_wishes(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        rounds: NamedDependency[RoundService],
    ) -> ChoicesOut:
        """An accredited professional's ranked stands, and the stands they may rank."""
        return ChoicesOut.of(await rounds.buyer_choices(me, market_id))

    @put("/wishes", status_code=HTTP_200_OK)
    async def rank_stands(
        self,
        market_id: FromPath[UUID],
        data: JSONBody[StandWishesIn],
        me: NamedDependency[Principal],
        rounds: NamedDependency[RoundService],
    ) -> ChoicesOut:
        """Replaces the professional's list (best first; an empty list leaves the round)."""
        return ChoicesOut.of(await rounds.rank_stands(me, market_id, data.stands))


class StandRoundController(Controller):
    path = "/api/stands/{stand_id:uuid}/round/wishes"
    tags = ["markets", "meetings"]
    guards = [requires_user]
    dependencies = DEPENDENCIES

    @get("/")
    async def stand_wishes(
        self,
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        rounds: NamedDependency[RoundService],
    ) -> ChoicesOut:
        """The stand's ranked professionals, and those who take part (its exhibitors only)."""
        return ChoicesOut.of((await rounds.stand_choices(me, stand_id))[1])

    @put("/", status_code=HTTP_200_OK)
    async def rank_buyers(
        self,
        stand_id: FromPath[UUID],
        data: JSONBody[BuyerWishesIn],
        me: NamedDependency[Principal],
        rounds: NamedDependency[RoundService],
    ) -> ChoicesOut:
        """Replaces the stand's list of professionals (best first)."""
        return ChoicesOut.of((await rounds.rank_buyers(me, stand_id, data.professionals))[1])
