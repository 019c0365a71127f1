"""Screeners, invitations and viewings in their tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_json, as_utc, as_uuid
from infra.ids import new_id
from marketplace.screeners.domain import Invitation, Screener, SessionPolicy, Settings, Viewing
from marketplace.screeners.tables import AudienceRow, InvitationRow, ScreenerRow, ViewingRow

MAX_LISTED = 200


def _locked(select: Any, for_update: bool) -> Any:
    if for_update and ScreenerRow._meta.db.engine_type == "postgres":
        return select.lock_rows("UPDATE")
    return select


class ScreenerRepository:
    async def add(self, screener: Screener) -> None:
        s = screener.settings
        await ScreenerRow.insert(
            ScreenerRow(
                id=screener.id,
                work_id=screener.work_id,
                asset_id=screener.asset_id,
                media_kind=screener.media_kind,
                title=screener.title,
                made_by=screener.made_by,
                stand_id=screener.stand_id,
                opens_at=s.opens_at,
                closes_at=s.closes_at,
                max_views=s.max_views,
                countries=list(s.countries),
                download_allowed=s.download_allowed,
                renditions=list(s.renditions),
                session_policy=s.session_policy.value,
                password_hash=s.password_hash,
                duration_s=screener.duration_s,
                created_at=screener.created_at,
            )
        )

    async def get(self, screener_id: UUID) -> Screener | None:
        row = await ScreenerRow.select().where(ScreenerRow.id == screener_id).first()
        return _screener(row) if row else None

    async def save_settings(self, screener_id: UUID, s: Settings) -> None:
        await ScreenerRow.update(
            {
                ScreenerRow.opens_at: s.opens_at,
                ScreenerRow.closes_at: s.closes_at,
                ScreenerRow.max_views: s.max_views,
                ScreenerRow.countries: list(s.countries),
                ScreenerRow.download_allowed: s.download_allowed,
                ScreenerRow.session_policy: s.session_policy.value,
                ScreenerRow.password_hash: s.password_hash,
            },
            use_auto_update=False,
        ).where(ScreenerRow.id == screener_id)

    async def lock(self, screener_id: UUID) -> None:
        """Two invitations sent at once wait for each other (SQLite's write lock already does)."""
        await _locked(ScreenerRow.select(ScreenerRow.id).where(ScreenerRow.id == screener_id), True)

    async def made_by(self, user_id: UUID) -> list[Screener]:
        rows = await (
            ScreenerRow.select()
            .where(ScreenerRow.made_by == user_id)
            .order_by(ScreenerRow.id, ascending=False)
            .limit(MAX_LISTED)
        )
        return [_screener(row) for row in rows]

    async def of_ids(self, ids: Sequence[UUID]) -> dict[UUID, Screener]:
        if not ids:
            return {}
        rows = await ScreenerRow.select().where(ScreenerRow.id.is_in(list(set(ids))))
        return {(s := _screener(row)).id: s for row in rows}

    # Invitations -------------------------------------------------------------------------

    async def add_audiences(
        self, screener_id: UUID, groups: Sequence[tuple[str, UUID, str]]
    ) -> None:
        """(kind, organisation or market id, category or '') that stay live; each once."""
        for kind, group_id, category in dict.fromkeys(groups):
            await AudienceRow.insert(
                AudienceRow(
                    id=new_id(),
                    screener=screener_id,
                    kind=kind,
                    group_id=group_id,
                    category=category,
                )
            ).on_conflict(action="DO NOTHING")

    async def live_audiences(
        self, kind: str, group_id: UUID, now: datetime
    ) -> list[tuple[UUID, str]]:
        """(screener, category) of the screeners still open that were sent to that group."""
        rows = await AudienceRow.select(AudienceRow.screener, AudienceRow.category).where(
            (AudienceRow.kind == kind)
            & (AudienceRow.group_id == group_id)
            & (AudienceRow.screener.closes_at > now)
        )
        return [(as_uuid(row["screener"]), row["category"]) for row in rows]

    async def invited_emails(self, screener_id: UUID) -> set[str]:
        rows = await InvitationRow.select(InvitationRow.email).where(
            InvitationRow.screener == screener_id
        )
        return {row["email"] for row in rows}

    async def add_invitations(self, invitations: Sequence[Invitation]) -> None:
        if invitations:
            await InvitationRow.insert(
                *(InvitationRow(**_invitation_fields(i)) for i in invitations)
            )

    async def invitation(
        self, invitation_id: UUID, *, for_update: bool = False
    ) -> Invitation | None:
        select = InvitationRow.select().where(InvitationRow.id == invitation_id)
        row = await _locked(select, for_update).first()
        return _invitation(row) if row else None

    async def invitations(self, screener_id: UUID) -> list[Invitation]:
        rows = await (
            InvitationRow.select()
            .where(InvitationRow.screener == screener_id)
            .order_by(InvitationRow.email)
        )
        return [_invitation(row) for row in rows]

    async def of_viewer(self, user_id: UUID, email: str | None) -> list[Invitation]:
        """The person's invitations, with those sent to their address before they had an
        account (`email` is given only when the address is verified)."""
        where: Any = InvitationRow.user_id == user_id
        if email:
            where = where | ((InvitationRow.user_id.is_null()) & (InvitationRow.email == email))
        rows = await (
            InvitationRow.select()
            .where(where & InvitationRow.revoked_at.is_null())
            .order_by(InvitationRow.id, ascending=False)
            .limit(MAX_LISTED)
        )
        return [_invitation(row) for row in rows]

    async def claim(self, invitation_id: UUID, user_id: UUID) -> None:
        await InvitationRow.update({InvitationRow.user_id: user_id}).where(
            (InvitationRow.id == invitation_id) & InvitationRow.user_id.is_null()
        )

    async def revoke(self, invitation_id: UUID, when: datetime) -> None:
        await InvitationRow.update({InvitationRow.revoked_at: when}).where(
            (InvitationRow.id == invitation_id) & InvitationRow.revoked_at.is_null()
        )

    async def set_alert(self, invitation_id: UUID, alert: bool) -> None:
        await InvitationRow.update({InvitationRow.alert: alert}).where(
            InvitationRow.id == invitation_id
        )

    # Viewings ----------------------------------------------------------------------------

    async def add_viewing(self, viewing: Viewing) -> None:
        await ViewingRow.insert(ViewingRow(**_viewing_fields(viewing)))

    async def save_viewing(self, viewing: Viewing) -> None:
        fields: dict[Any, Any] = _viewing_fields(viewing)
        fields.pop("id")
        await ViewingRow.update(fields).where(ViewingRow.id == viewing.id)

    async def viewing(self, viewing_id: UUID, *, for_update: bool = False) -> Viewing | None:
        select = ViewingRow.select().where(ViewingRow.id == viewing_id)
        row = await _locked(select, for_update).first()
        return _viewing(row) if row else None

    async def viewings_of(self, invitation_id: UUID) -> list[Viewing]:
        rows = await (
            ViewingRow.select()
            .where(ViewingRow.invitation == invitation_id)
            .order_by(ViewingRow.id, ascending=False)
        )
        return [_viewing(row) for row in rows]

    async def viewings_of_screener(self, screener_id: UUID) -> list[Viewing]:
        rows = await ViewingRow.select().where(ViewingRow.screener == screener_id)
        return [_viewing(row) for row in rows]


def _screener(row: dict[str, Any]) -> Screener:
    return Screener(
        id=as_uuid(row["id"]),
        work_id=as_uuid(row["work_id"]),
        asset_id=as_uuid(row["asset_id"]),
        media_kind=row["media_kind"],
        title=row["title"],
        made_by=as_uuid(row["made_by"]),
        stand_id=as_uuid(row["stand_id"]) if row["stand_id"] else None,
        settings=Settings(
            opens_at=as_utc(row["opens_at"]),
            closes_at=as_utc(row["closes_at"]),
            max_views=row["max_views"],
            countries=tuple(as_json(row["countries"]) or ()),
            download_allowed=bool(row["download_allowed"]),
            renditions=tuple(as_json(row["renditions"]) or ()),
            session_policy=SessionPolicy(row["session_policy"]),
            password_hash=row["password_hash"],
        ),
        duration_s=float(row["duration_s"]),
        created_at=as_utc(row["created_at"]),
    )


def _invitation_fields(i: Invitation) -> dict[Any, Any]:
    return {
        "id": i.id,
        "screener": i.screener_id,
        "user_id": i.user_id,
        "email": i.email,
        "name": i.name,
        "organisation": i.organisation,
        "alert": i.alert,
        "created_at": i.created_at,
        "revoked_at": i.revoked_at,
    }


def _invitation(row: dict[str, Any]) -> Invitation:
    return Invitation(
        id=as_uuid(row["id"]),
        screener_id=as_uuid(row["screener"]),
        user_id=as_uuid(row["user_id"]) if row["user_id"] else None,
        email=row["email"],
        name=row["name"],
        organisation=row["organisation"],
        alert=bool(row["alert"]),
        created_at=as_utc(row["created_at"]),
        revoked_at=as_utc(row["revoked_at"]) if row.get("revoked_at") else None,
    )


def _viewing_fields(v: Viewing) -> dict[Any, Any]:
    return {
        "id": v.id,
        "invitation": v.invitation_id,
        "screener": v.screener_id,
        "browser": v.browser,
        "started_at": v.started_at,
        "last_seen_at": v.last_seen_at,
        "ended_at": v.ended_at,
        "country": v.country,
        "device": v.device[:80],
        "position_s": v.position_s,
        "furthest_s": v.furthest_s,
        "watched_s": v.watched_s,
        "pauses": v.pauses,
        "seeks": v.seeks,
        "countries": list(v.countries),
    }


def _viewing(row: dict[str, Any]) -> Viewing:
    return Viewing(
        id=as_uuid(row["id"]),
        invitation_id=as_uuid(row["invitation"]),
        screener_id=as_uuid(row["screener"]),
        browser=row["browser"],
        started_at=as_utc(row["started_at"]),
        last_seen_at=as_utc(row["last_seen_at"]),
        ended_at=as_utc(row["ended_at"]) if row["ended_at"] else None,
        country=row["country"],
        device=row["device"],
        position_s=float(row["position_s"]),
        furthest_s=float(row["furthest_s"]),
        watched_s=float(row["watched_s"]),
        pauses=row["pauses"],
        seeks=row["seeks"],
        countries=list(as_json(row["countries"]) or []),
    )
