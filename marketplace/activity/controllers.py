"""Reading the activity log over the API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, Parameter

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from marketplace.activity.service import list_activity
from marketplace.catalogue.schemas import decode_cursor, encode_cursor


class ActivityOut(msgspec.Struct):
    id: UUID
    kind: str
    work_id: UUID
    creator_id: UUID
    actor_id: UUID
    title: str
    occurred_at: datetime


class ActivityPage(msgspec.Struct):
    items: list[ActivityOut]
    next_cursor: str | None


class ActivityController(Controller):
    path = "/api/activity"
    tags = ["activity"]
    guards = [requires_user]
    dependencies = {"me": Provide(provide_user)}

    @get("/")
    async def list_entries(
        self,
        me: NamedDependency[Principal],
        work_id: FromQuery[UUID | None] = None,
        cursor: Annotated[str | None, Parameter(max_length=64)] = None,
        limit: Annotated[int, Parameter(ge=1, le=100)] = 50,
    ) -> ActivityPage:
        """Work created / published / withdrawn, newest first: own works, or all for staff."""
        entries = await list_activity(me, work_id, decode_cursor(cursor), limit)
        return ActivityPage(
            items=[ActivityOut(**vars(entry)) for entry in entries],
            next_cursor=encode_cursor(entries[-1].id) if len(entries) == limit else None,
        )
