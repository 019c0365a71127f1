"""Who an entry's actor is, as staff read the log: a display name looked up by id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable
from uuid import UUID

from accounts.tables import User
from infra.db.values import as_uuid


# Checkable: litestar checks the type of what a dependency provides.
@runtime_checkable
class ActorNames(Protocol):
    async def names(self, user_ids: Iterable[UUID]) -> dict[UUID, str]:
        """The display names of the accounts that still exist (a deleted one is absent)."""
        ...


class AccountNames:
    """`ActorNames` from the accounts table, in one query."""

    async def names(self, user_ids: Iterable[UUID]) -> dict[UUID, str]:
        wanted = list(dict.fromkeys(user_ids))
        if not wanted:
            return {}
        rows = await User.select(User.id, User.display_name, User.email).where(
            User.id.is_in(wanted)
        )
        return {as_uuid(row["id"]): row["display_name"] or row["email"] for row in rows}
