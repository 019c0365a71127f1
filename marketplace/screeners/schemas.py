"""The JSON shapes of the screeners API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from marketplace.screeners.domain import Invitation, Screener, ViewerReport, policy_of
from marketplace.screeners.service import Audience, Draft

Short = Annotated[str, msgspec.Meta(max_length=300)]
Email = Annotated[str, msgspec.Meta(max_length=320)]
Moment = Annotated[datetime, msgspec.Meta(tz=True)]


class AudienceIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: Annotated[str, msgspec.Meta(max_length=30)]
    emails: Annotated[list[Email], msgspec.Meta(max_length=200)] = []
    organisation_id: UUID | None = None
    market_id: UUID | None = None
    category: Annotated[str, msgspec.Meta(max_length=30)] | None = None

    def audience(self) -> Audience:
        return Audience(
            self.kind, tuple(self.emails), self.organisation_id, self.market_id, self.category
        )


class ScreenerIn(msgspec.Struct, forbid_unknown_fields=True):
    work_id: UUID
    closes_at: Moment
    audiences: Annotated[list[AudienceIn], msgspec.Meta(max_length=20)]
    opens_at: Moment | None = None
    stand_id: UUID | None = None
    max_views: int = 1
    password: Annotated[str, msgspec.Meta(max_length=300)] | None = None
    countries: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=10)]], msgspec.Meta(max_length=300)
    ] = []
    download_allowed: bool = False
    renditions: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=20)]], msgspec.Meta(max_length=20)
    ] = []
    session_policy: Annotated[str, msgspec.Meta(max_length=30)] = "refuse_second"
    alert_emails: Annotated[list[Email], msgspec.Meta(max_length=200)] = []

    def draft(self) -> Draft:
        return Draft(
            work_id=self.work_id,
            closes_at=self.closes_at,
            audiences=tuple(a.audience() for a in self.audiences),
            opens_at=self.opens_at,
            stand_id=self.stand_id,
            max_views=self.max_views,
            password=self.password,
            countries=tuple(self.countries),
            download_allowed=self.download_allowed,
            renditions=tuple(self.renditions),
            session_policy=policy_of(self.session_policy),
            alert_emails=tuple(self.alert_emails),
        )


class InviteIn(msgspec.Struct, forbid_unknown_fields=True):
    audiences: Annotated[list[AudienceIn], msgspec.Meta(max_length=20)]
    alert_emails: Annotated[list[Email], msgspec.Meta(max_length=200)] = []


class AlertIn(msgspec.Struct, forbid_unknown_fields=True):
    alert: bool


class OpenIn(msgspec.Struct, forbid_unknown_fields=True):
    # A random key the page keeps for this browser: reopening here resumes the view.
    browser: Annotated[str, msgspec.Meta(min_length=16, max_length=128)]
    password: Annotated[str, msgspec.Meta(max_length=300)] | None = None


class BeatIn(msgspec.Struct, forbid_unknown_fields=True):
    event: Annotated[str, msgspec.Meta(max_length=20)]
    position_s: Annotated[float, msgspec.Meta(ge=0, le=48 * 3600)]
    played_s: Annotated[float, msgspec.Meta(ge=0, le=3600)] = 0.0


class ScreenerOut(msgspec.Struct):
    id: UUID
    work_id: UUID
    kind: str
    title: str
    stand_id: UUID | None
    opens_at: datetime
    closes_at: datetime
    max_views: int
    password: bool
    countries: list[str]
    download_allowed: bool
    renditions: list[str]
    session_policy: str
    invited: int = 0


def screener_out(screener: Screener, invited: int = 0) -> ScreenerOut:
    s = screener.settings
    return ScreenerOut(
        id=screener.id,
        work_id=screener.work_id,
        kind=screener.media_kind,
        title=screener.title,
        stand_id=screener.stand_id,
        opens_at=s.opens_at,
        closes_at=s.closes_at,
        max_views=s.max_views,
        password=s.password_hash is not None,
        countries=list(s.countries),
        download_allowed=s.download_allowed,
        renditions=list(s.renditions),
        session_policy=s.session_policy.value,
        invited=invited,
    )


class InvitedOut(msgspec.Struct):
    invitation_id: UUID
    screener: ScreenerOut
    link: str


def invited_out(invitation: Invitation, screener: Screener) -> InvitedOut:
    return InvitedOut(invitation.id, screener_out(screener), f"/screeners/{invitation.id}")


class OpenedOut(msgspec.Struct):
    viewing_id: UUID
    kind: str
    resumed: bool
    playlist: str | None
    document: str | None
    heartbeat: str
    overlay: dict[str, str]
    position_s: float


class ReportRowOut(msgspec.Struct):
    invitation_id: UUID
    email: str
    name: str
    organisation: str
    alert: bool
    views: int
    first_opened_at: datetime | None
    watched_s: float
    completion: float
    pauses: int
    seeks: int
    countries: list[str]
    devices: list[str]
    revoked_at: datetime | None = None  # the invitation was withdrawn


def report_row_out(row: ViewerReport) -> ReportRowOut:
    i = row.invitation
    return ReportRowOut(
        invitation_id=i.id,
        email=i.email,
        name=i.name,
        organisation=i.organisation,
        alert=i.alert,
        views=row.views,
        first_opened_at=row.first_opened_at,
        watched_s=row.watched_s,
        completion=round(row.completion, 4),
        pauses=row.pauses,
        seeks=row.seeks,
        countries=list(row.countries),
        devices=list(row.devices),
        revoked_at=i.revoked_at,
    )
