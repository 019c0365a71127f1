"""Who a contract names: the signatory holder (revenue's split sheets), the people on each side
(accounts) and the language each reads Lakou in. Adapters, wired in `module.py`."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from accounts.tables import User
from infra.i18n.languages import SOURCE, canonical
from marketplace.revenue.split_repository import PiccoloSplitRepository


@dataclass(frozen=True)
class Person:
    name: str
    language: str


class ContractParties:
    def __init__(self) -> None:
        self._holders = PiccoloSplitRepository()

    async def holder_name(self, holder_id: UUID) -> str:
        holder = await self._holders.get_holder(holder_id)
        return holder.name if holder else ""

    async def person(self, user_id: UUID) -> Person:
        row = await User.select(User.display_name, User.language).where(User.id == user_id).first()
        if row is None:  # an erased account: the contract stays, without a name
            return Person("", SOURCE)
        return Person(str(row["display_name"]), canonical(row["language"]) or SOURCE)
