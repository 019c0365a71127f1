"""The meetings' adapters: people's names from the accounts' table, a stand's exhibitors from
the organisations' members."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from accounts.organisations.tables import MembershipRow
from accounts.tables import User
from infra.db.values import as_uuid
from marketplace.markets.stand import Stand


class AccountNames:
    """`PeopleNames`: the names people chose to show (the exhibitor sees who asks)."""

    async def names(self, user_ids: Iterable[UUID]) -> dict[UUID, str]:
        wanted = list(set(user_ids))
        if not wanted:
            return {}
        rows = await User.select(User.id, User.display_name).where(User.id.is_in(wanted))
        return {as_uuid(row["id"]): str(row["display_name"]) for row in rows}


class StandExhibitors:
    """`Exhibitors`: who answers for a stand (its profile's owner, or its organisation's
    members), to be told of a request."""

    async def of(self, stand: Stand) -> list[UUID]:
        if stand.owner_id is not None:
            return [stand.owner_id]
        if stand.organisation_id is None:
            return []
        rows = await MembershipRow.select(MembershipRow.user).where(
            MembershipRow.organisation == stand.organisation_id
        )
        return [as_uuid(row["user"]) for row in rows]
