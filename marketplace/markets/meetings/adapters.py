"""The meetings' adapters: people's names from the accounts' table."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from accounts.tables import User
from infra.db.values import as_uuid


class AccountNames:
    """`PeopleNames`: the names people chose to show (the exhibitor sees who asks)."""

    async def names(self, user_ids: Iterable[UUID]) -> dict[UUID, str]:
        wanted = list(set(user_ids))
        if not wanted:
            return {}
        rows = await User.select(User.id, User.display_name).where(User.id.is_in(wanted))
        return {as_uuid(row["id"]): str(row["display_name"]) for row in rows}
