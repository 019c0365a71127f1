"""The meetings JSON API: the market's meeting hours and quotas (its managers), a stand's
free slots, asking (accredited professionals), answering (the stand's exhibitors), lists, .ics."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Response, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_principal, provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from marketplace.markets.meetings.cancellation import MeetingCancellations
from marketplace.markets.meetings.schemas import (
    AcceptIn,
    CancelIn,
    DeclineIn,
    FreeSlotOut,
    MeetingDayIn,
    MeetingDayOut,
    MeetingIn,
    MeetingOut,
    MyMeetingsOut,
    QuotasIn,
    QuotasOut,
)
from marketplace.markets.meetings.service import MeetingService

DEPENDENCIES: dict[str, Any] = {
    "meetings": provide_service(MeetingService),
    "cancellations": provide_service(MeetingCancellations),
    "viewer": Provide(provide_principal),
    "me": Provide(provide_user),
}


def ics_response(content: bytes) -> Response[bytes]:
    return Response(
        content,
        media_type="text/calendar; charset=utf-8",
        headers={
            "content-disposition": 'attachment; filename="rendez-vous.ics"',
            "x-content-type-options": "nosniff",
            "cache-control": "private, no-store",
        },
    )


class MarketMeetingController(Controller):
    path = "/api/markets/{market_id:uuid}"
    tags = ["markets", "meetings"]
    dependencies = DEPENDENCIES

    @post("/meetings/days", status_code=HTTP_201_CREATED, guards=[requires_user])
    async def add_day(
        self,
        market_id: FromPath[UUID],
        data: JSONBody[MeetingDayIn],
        me: NamedDependency[Principal],
        meetings: NamedDependency[MeetingService],
    ) -> MeetingDayOut:
        """The managers open meeting hours on one day (Martinique time, inside the window)."""
        window = await meetings.add_day(me, market_id, data.day, *data.hours())
        return MeetingDayOut.of(window)

    @get("/meetings/days")
    async def days(
        self,
        market_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        meetings: NamedDependency[MeetingService],
    ) -> list[MeetingDayOut]:
        return [MeetingDayOut.of(window) for window in await meetings.days(viewer, market_id)]

    @put("/meetings/quotas", status_code=HTTP_200_OK, guards=[requires_user])
    async def set_quotas(
        self,
        market_id: FromPath[UUID],
        data: JSONBody[QuotasIn],
        me: NamedDependency[Principal],
        meetings: NamedDependency[MeetingService],
    ) -> QuotasOut:
        """Meetings per day for each accreditation category (a category left out: no limit)."""
        return QuotasOut(await meetings.set_quotas(me, market_id, data.per_day))

    @get("/meetings/quotas")
    async def quotas(
        self,
        market_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        meetings: NamedDependency[MeetingService],
    ) -> QuotasOut:
        return QuotasOut(await meetings.quotas(viewer, market_id))

    @get("/stands/{stand_id:uuid}/meetings/free")
    async def free_slots(
        self,
        market_id: FromPath[UUID],
        stand_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        meetings: NamedDependency[MeetingService],
    ) -> list[FreeSlotOut]:
        """The slots where one of the stand's tables is still free."""
        return [FreeSlotOut.of(f) for f in await meetings.free_slots(viewer, market_id, stand_id)]

    @post("/stands/{stand_id:uuid}/meetings", status_code=HTTP_201_CREATED, guards=[requires_user])
    async def ask(
        self,
        market_id: FromPath[UUID],
        stand_id: FromPath[UUID],
        data: JSONBody[MeetingIn],
        me: NamedDependency[Principal],
        meetings: NamedDependency[MeetingService],
    ) -> MeetingOut:
        """An accredited professional asks the stand for a meeting in one to three slots."""
        meeting = await meetings.ask(me, market_id, stand_id, data.slots, data.message)
        return MeetingOut.of(meeting)

    @get("/meetings/mine", guards=[requires_user])
    async def mine(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        meetings: NamedDependency[MeetingService],
    ) -> MyMeetingsOut:
        """The caller's requests and the requests to the caller's stands."""
        mine = await meetings.mine(me, market_id)
        return MyMeetingsOut(
            [MeetingOut.of(m) for m in mine.asked], [MeetingOut.of(m) for m in mine.received]
        )


class MeetingController(Controller):
    path = "/api/meetings/{meeting_id:uuid}"
    tags = ["markets", "meetings"]
    guards = [requires_user]
    dependencies = DEPENDENCIES

    @post("/accept", status_code=HTTP_200_OK)
    async def accept(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[AcceptIn],
        me: NamedDependency[Principal],
        meetings: NamedDependency[MeetingService],
    ) -> MeetingOut:
        """One of the stand's exhibitors accepts a proposed slot: both people and a table are
        booked together, or nothing (409 `slot_taken`, `meeting_quota_reached`)."""
        return MeetingOut.of(await meetings.accept(me, meeting_id, data.slot_start))

    @post("/decline", status_code=HTTP_200_OK)
    async def decline(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[DeclineIn],
        me: NamedDependency[Principal],
        meetings: NamedDependency[MeetingService],
    ) -> MeetingOut:
        return MeetingOut.of(await meetings.decline(me, meeting_id, data.reason))

    @post("/cancel", status_code=HTTP_200_OK)
    async def cancel(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[CancelIn],
        me: NamedDependency[Principal],
        cancellations: NamedDependency[MeetingCancellations],
    ) -> MeetingOut:
        """Either side calls a booked meeting off (an optional reason): both people and the
        table are free again, the other side is told. A second cancel answers the same and
        changes nothing; a request never booked is 409 `meeting_not_booked`; someone else's
        meeting: 404."""
        return MeetingOut.of(await cancellations.cancel(me, meeting_id, data.reason))

    @post("/withdraw", status_code=HTTP_200_OK)
    async def withdraw(
        self,
        meeting_id: FromPath[UUID],
        me: NamedDependency[Principal],
        cancellations: NamedDependency[MeetingCancellations],
    ) -> MeetingOut:
        """The professional takes back a request the stand has not answered: it leaves the
        stand's list and the same stand can be asked again. A second withdrawal answers the
        same; an answered request is 409 `meeting_decided`; someone else's: 404."""
        return MeetingOut.of(await cancellations.withdraw(me, meeting_id))

    @get("/meeting.ics")
    async def ics(
        self,
        meeting_id: FromPath[UUID],
        me: NamedDependency[Principal],
        meetings: NamedDependency[MeetingService],
    ) -> Response[bytes]:
        """A booked meeting as an iCalendar file, for its two sides (METHOD:CANCEL once
        cancelled)."""
        _, content = await meetings.ics(me, meeting_id)
        return ics_response(content)
