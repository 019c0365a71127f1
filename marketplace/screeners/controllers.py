"""The screeners API: rights holders make screeners, invite and read reports; invited people
list theirs, open a view, beat, and fetch the playlist or the book of their viewing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import api_principal, page_principal, provide_user
from accounts.domain import Principal
from accounts.errors import AccountError
from accounts.guards import requires_user
from infra.errors import NotAuthenticated
from infra.http.client_ip import header_from_trusted_proxy
from infra.http.dependencies import provide_service
from infra.settings import Settings
from marketplace.screeners.devices import device_of
from marketplace.screeners.domain import event_of
from marketplace.screeners.reports import ScreenerReports
from marketplace.screeners.schemas import (
    AlertIn,
    BeatIn,
    InvitedOut,
    InviteIn,
    OpenedOut,
    OpenIn,
    ReportRowOut,
    ScreenerIn,
    ScreenerOut,
    invited_out,
    report_row_out,
    screener_out,
)
from marketplace.screeners.service import ScreenerService
from marketplace.screeners.viewing import ViewingService

SCREENER = "/{screener_id:uuid}"
VIEWING = "/viewings/{viewing_token:str}"


def country_of(request: Request[Any, Any, Any], settings: Settings) -> str | None:
    """The visitor's country, believed only from a configured, trusted proxy's header."""
    raw = header_from_trusted_proxy(
        request, settings.media.country_header, settings.http.trusted_proxies
    )
    code = (raw or "").strip().upper()
    return code if len(code) == 2 and code.isalpha() else None


async def provide_viewer(request: Request[Any, Any, Any]) -> Principal:
    """The player's own GETs (hls.js sends no CSRF header): a token, or the session cookie."""
    who = await api_principal(request) or await page_principal(request)
    if who is None:
        raise NotAuthenticated(AccountError.SIGN_IN_REQUIRED)
    return who


class ScreenerController(Controller):
    path = "/api/screeners"
    tags = ["screeners"]
    guards = [requires_user]
    dependencies = {
        "me": Provide(provide_user),
        "screeners": provide_service(ScreenerService),
        "viewings": provide_service(ViewingService),
        "reports": provide_service(ScreenerReports),
        "settings": provide_service(Settings),
    }

    @post("", status_code=HTTP_201_CREATED)
    async def create(
        self,
        data: JSONBody[ScreenerIn],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
    ) -> ScreenerOut:
        """Make a screener of a work you hold the rights to (its owner; or an exhibitor, with
        `stand_id`, for a work on the stand) and invite its audiences: `people` (e-mails), an
        `organisation`'s members, a `market`'s accredited professionals (optionally one
        `category`; from a stand of that market). A work still processing: 409
        `work_processing`; countries without a configured country header: 422
        `countries_unavailable`."""
        screener, invited = await screeners.create(me, data.draft())
        return screener_out(screener, invited)

    @get("/made")
    async def made(
        self, me: NamedDependency[Principal], screeners: NamedDependency[ScreenerService]
    ) -> list[ScreenerOut]:
        """The screeners you made, newest first."""
        return [screener_out(s) for s in await screeners.made(me)]

    @get("/invited")
    async def invited(
        self, me: NamedDependency[Principal], viewings: NamedDependency[ViewingService]
    ) -> list[InvitedOut]:
        """The screeners you are invited to, newest first."""
        return [invited_out(i, s) for i, s in await viewings.invited(me)]

    @get(SCREENER)
    async def read(
        self,
        screener_id: FromPath[UUID],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
    ) -> ScreenerOut:
        return screener_out(await screeners.managed(me, screener_id))

    @post(SCREENER + "/audiences", status_code=HTTP_201_CREATED)
    async def invite(
        self,
        screener_id: FromPath[UUID],
        data: JSONBody[InviteIn],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
    ) -> dict[str, int]:
        """Invite more people; those already invited are not invited twice."""
        invited = await screeners.invite(
            me, screener_id, [a.audience() for a in data.audiences], data.alert_emails
        )
        return {"invited": invited}

    @put(SCREENER + "/invitations/{invitation_id:uuid}/alert")
    async def alert(
        self,
        screener_id: FromPath[UUID],
        invitation_id: FromPath[UUID],
        data: JSONBody[AlertIn],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
    ) -> dict[str, bool]:
        """Be told (or no longer) when this person opens the screener."""
        invitation = await screeners.set_alert(me, screener_id, invitation_id, data.alert)
        return {"alert": invitation.alert}

    @post(SCREENER + "/invitations/{invitation_id:uuid}/revoke", status_code=HTTP_200_OK)
    async def revoke(
        self,
        screener_id: FromPath[UUID],
        invitation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
    ) -> dict[str, Any]:
        """Withdraw an invitation: its viewing ends and its links (the marked segments too)
        stop at once; asking again answers the same."""
        invitation = await screeners.revoke(me, screener_id, invitation_id)
        return {"revoked_at": invitation.revoked_at}

    @get(SCREENER + "/report")
    async def report(
        self,
        screener_id: FromPath[UUID],
        me: NamedDependency[Principal],
        reports: NamedDependency[ScreenerReports],
    ) -> list[ReportRowOut]:
        """Per invited person: views, first opening, watched time, completion, pauses, seeks,
        countries and devices."""
        _, rows = await reports.report(me, screener_id)
        return [report_row_out(row) for row in rows]

    @get(SCREENER + "/report.csv")
    async def report_csv(
        self,
        screener_id: FromPath[UUID],
        me: NamedDependency[Principal],
        reports: NamedDependency[ScreenerReports],
    ) -> Response[str]:
        _, text = await reports.csv(me, screener_id)
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="screener-{screener_id}.csv"'},
        )

    @post("/invitations/{invitation_id:uuid}/open", status_code=HTTP_201_CREATED)
    async def open(
        self,
        request: Request[Any, Any, Any],
        invitation_id: FromPath[UUID],
        data: JSONBody[OpenIn],
        me: NamedDependency[Principal],
        viewings: NamedDependency[ViewingService],
        settings: NamedDependency[Settings],
    ) -> OpenedOut:
        """Start (or, from the same browser, resume) a view: the viewing's signed links."""
        opened = await viewings.open(
            me,
            invitation_id,
            password=data.password,
            browser_key=data.browser,
            country=country_of(request, settings),
            device=device_of(request.headers.get("user-agent")),
        )
        base = f"/api/screeners/viewings/{opened.token}"
        stream = opened.screener.media_kind in ("video", "audio")
        return OpenedOut(
            viewing_id=opened.viewing.id,
            kind=opened.screener.media_kind,
            resumed=opened.resumed,
            playlist=f"{base}/master.m3u8" if stream else None,
            document=None if stream else f"{base}/document",
            heartbeat=f"{base}/heartbeat",
            overlay={
                "name": opened.invitation.name,
                "organisation": opened.invitation.organisation,
            },
            position_s=opened.viewing.position_s,
        )

    @post(VIEWING + "/heartbeat", status_code=HTTP_200_OK)
    async def heartbeat(
        self,
        request: Request[Any, Any, Any],
        viewing_token: FromPath[str],
        data: JSONBody[BeatIn],
        me: NamedDependency[Principal],
        viewings: NamedDependency[ViewingService],
        settings: NamedDependency[Settings],
    ) -> dict[str, float]:
        """The player's report: every 15 s while playing, and at pause, seek and end."""
        viewing = await viewings.heartbeat(
            me,
            viewing_token,
            event_of(data.event),
            data.position_s,
            data.played_s,
            country_of(request, settings),
        )
        return {"watched_s": viewing.watched_s}


class ScreenerMediaController(Controller):
    """What the player fetches by itself (no CSRF header): the playlist and the book."""

    path = "/api/screeners"
    include_in_schema = False
    dependencies = {
        "viewer": Provide(provide_viewer),
        "viewings": provide_service(ViewingService),
    }

    @get(VIEWING + "/master.m3u8")
    async def playlist(
        self,
        viewing_token: FromPath[str],
        viewer: NamedDependency[Principal],
        viewings: NamedDependency[ViewingService],
    ) -> Response[str]:
        text = await viewings.playlist(viewer, viewing_token)
        return Response(
            text,
            media_type="application/vnd.apple.mpegurl",
            headers={"cache-control": "private, no-store"},
        )

    @get(VIEWING + "/document")
    async def document(
        self,
        viewing_token: FromPath[str],
        viewer: NamedDependency[Principal],
        viewings: NamedDependency[ViewingService],
    ) -> Response[bytes]:
        content, found = await viewings.document(viewer, viewing_token)
        pdf = content.startswith(b"%PDF")
        disposition = "attachment" if found.screener.settings.download_allowed else "inline"
        return Response(
            content,
            media_type="application/pdf" if pdf else "application/epub+zip",
            headers={
                "content-disposition": f'{disposition}; filename="screener.{"pdf" if pdf else "epub"}"',
                "cache-control": "private, no-store",
            },
        )
