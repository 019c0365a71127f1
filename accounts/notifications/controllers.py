"""The notification centre and a person's choices over the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.notifications.centre import NotificationCentre
from infra.http.dependencies import provide_service
from infra.i18n.context import gettext


class NotificationOut(msgspec.Struct):
    id: UUID
    kind: str
    text: str
    link: str
    created_at: datetime
    read: bool


class CentreOut(msgspec.Struct):
    items: list[NotificationOut]
    unread: int
    # Pass as `before` for the next page; null on the last one.
    next_before: datetime | None


class CountOut(msgspec.Struct):
    count: int


class ChoiceOut(msgspec.Struct):
    kind: str
    description: str
    email: bool
    in_app: bool
    # Account and purchase mails: always sent, cannot be turned off.
    transactional: bool
    shown_in_app: bool


class ChoiceIn(msgspec.Struct, forbid_unknown_fields=True):
    email: bool
    in_app: bool


class NotificationController(Controller):
    path = "/api/notifications"
    tags = ["notifications"]
    guards = [requires_user]
    dependencies = {
        "me": Provide(provide_user),
        "centre": provide_service(NotificationCentre),
    }

    @get("/")
    async def list_notifications(
        self,
        me: NamedDependency[Principal],
        centre: NamedDependency[NotificationCentre],
        before: FromQuery[datetime | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 30,
    ) -> CentreOut:
        """What this person was told, newest first, in the language of the request."""
        items = await centre.items(me.user_id, before=before, limit=limit)
        return CentreOut(
            items=[NotificationOut(**vars(item)) for item in items],
            unread=await centre.unread(me.user_id),
            next_before=items[-1].created_at if len(items) == limit else None,
        )

    @get("/unread")
    async def unread(
        self, me: NamedDependency[Principal], centre: NamedDependency[NotificationCentre]
    ) -> CountOut:
        """How many are unread: the count beside the menu entry."""
        return CountOut(count=await centre.unread(me.user_id))

    @post("/{notification_id:uuid}/read", status_code=HTTP_204_NO_CONTENT)
    async def mark_read(
        self,
        notification_id: FromPath[UUID],
        me: NamedDependency[Principal],
        centre: NamedDependency[NotificationCentre],
    ) -> None:
        await centre.mark_read(me.user_id, notification_id)

    @post("/read", status_code=HTTP_204_NO_CONTENT)
    async def mark_all_read(
        self, me: NamedDependency[Principal], centre: NamedDependency[NotificationCentre]
    ) -> None:
        await centre.mark_all_read(me.user_id)

    @get("/preferences")
    async def preferences(
        self, me: NamedDependency[Principal], centre: NamedDependency[NotificationCentre]
    ) -> list[ChoiceOut]:
        return [
            ChoiceOut(
                kind=choice.kind.name,
                description=gettext(choice.kind.description or choice.kind.subject),
                email=choice.email,
                in_app=choice.in_app,
                transactional=choice.kind.transactional,
                shown_in_app=choice.kind.in_app,
            )
            for choice in await centre.choices(me.user_id)
        ]

    @put("/preferences/{kind:str}", status_code=HTTP_204_NO_CONTENT)
    async def choose(
        self,
        kind: Annotated[str, PathParameter(max_length=80)],
        data: JSONBody[ChoiceIn],
        me: NamedDependency[Principal],
        centre: NamedDependency[NotificationCentre],
    ) -> None:
        """Mail and/or the centre for one kind; transactional mail cannot be turned off (422)."""
        await centre.choose(me.user_id, kind, email=data.email, in_app=data.in_app)
