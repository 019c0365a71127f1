"""The shelf's API (signed-in people only) and its page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from litestar.response import Template

from accounts.auth import provide_page_principal, provide_user
from accounts.domain import Principal
from infra.http.dependencies import provide_service
from infra.http.pages import render
from lakou_shelf.passes import ShelfPasses
from lakou_shelf.service import ShelfService


class PinIn(msgspec.Struct, forbid_unknown_fields=True):
    work_id: UUID


class PassIn(msgspec.Struct, forbid_unknown_fields=True):
    title: str
    price_cents: int


class ShelfController(Controller):
    path = "/api/shelf"
    tags = ["shelf"]
    dependencies = {"me": Provide(provide_user), "shelf": provide_service(ShelfService)}

    @post("/pins")
    async def pin(
        self,
        data: JSONBody[PinIn],
        me: NamedDependency[Principal],
        shelf: NamedDependency[ShelfService],
    ) -> dict[str, str]:
        return {"id": str(await shelf.pin(me.user_id, data.work_id))}

    @get("/pins")
    async def pins(
        self, me: NamedDependency[Principal], shelf: NamedDependency[ShelfService]
    ) -> dict[str, list[str]]:
        return {"work_ids": [str(work_id) for work_id in await shelf.pins(me.user_id)]}

    @get("/seen")
    async def seen(
        self, me: NamedDependency[Principal], shelf: NamedDependency[ShelfService]
    ) -> dict[str, list[str]]:
        return {"work_ids": [str(work_id) for work_id in await shelf.seen_works()]}


class PassController(Controller):
    path = "/api/shelf/passes"
    tags = ["shelf"]
    dependencies = {"me": Provide(provide_user), "passes": provide_service(ShelfPasses)}

    @post("/")
    async def create(
        self,
        data: JSONBody[PassIn],
        me: NamedDependency[Principal],
        passes: NamedDependency[ShelfPasses],
    ) -> dict[str, str]:
        return {"id": str(await passes.create(me.user_id, data.title, data.price_cents))}

    @get("/mine")
    async def mine(
        self, me: NamedDependency[Principal], passes: NamedDependency[ShelfPasses]
    ) -> dict[str, list[str]]:
        return {"pass_ids": [str(pass_id) for pass_id in await passes.held_by(me.user_id)]}


class ShelfPage(Controller):
    include_in_schema = False
    dependencies = {
        "me": Provide(provide_page_principal),
        "shelf": provide_service(ShelfService),
    }

    @get("/etagere")
    async def page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        shelf: NamedDependency[ShelfService],
    ) -> Template:
        pins = await shelf.pins(me.user_id) if me else []
        return render(request, "shelf/index.html", me, pins=pins)
