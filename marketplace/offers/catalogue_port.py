"""What selling needs to know about works, without importing the catalogue (wired in bootstrap)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from accounts.domain import Principal


@dataclass(frozen=True)
class SellableWork:
    work_id: UUID
    owner_id: UUID
    title: str
    discipline: str
    published: bool  # published and not private: it may be sold
    # Every title the creator gave, by language tag (`title` is the French one).
    titles: Mapping[str, str] = field(default_factory=dict)


class WorkFacts(Protocol):
    async def work_for(self, work_id: UUID, viewer: Principal | None) -> SellableWork | None:
        """The work as this person may see it (None when it does not exist for them)."""
        ...

    async def works(self, work_ids: list[UUID]) -> dict[UUID, SellableWork]:
        """Works as the public sees them, for pricing a cart (missing ones are absent)."""
        ...
