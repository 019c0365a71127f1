"""What licensing needs from the rest of Lakou, and what it offers the deals to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from accounts.domain import Principal
from marketplace.licensing.domain import Grant


@dataclass(frozen=True)
class WorkFacts:
    id: UUID
    owner_id: UUID
    release_on: date | None  # mandates may count their period from it
    title: str = ""  # its French title (or the first it has): what a deal's order line shows
    discipline: str = ""  # music works offer ready-made sync licences


class RightsWorks(Protocol):
    async def editable(self, who: Principal, work_id: UUID) -> WorkFacts:
        """The work when `who` owns it or is staff: NotFound when they cannot see it,
        Forbidden (`not_owner`) when they can see it but not declare its rights."""
        ...

    async def facts(self, work_id: UUID) -> WorkFacts | None: ...

    async def visible(self, who: Principal, work_ids: list[UUID]) -> list[UUID]:
        """The works among `work_ids` that `who` may see (listed ones, and their own)."""
        ...

    async def rights_holders(self, who: Principal, work_id: UUID) -> dict[UUID, str]:
        """The work's rights holders (its current split sheet): id -> name."""
        ...


@dataclass(frozen=True)
class WindowRequest:
    work_id: UUID
    grant: Grant
    territory: str
    licensee: str
    deal_id: UUID | None = None


class LicensedWindows(Protocol):
    """The deal side: the windows already licensed per work. Staff record them today; accepted
    licence deals will (their acceptance calls `license`, which locks the work's rights)."""

    async def license(self, request: WindowRequest, by: UUID) -> UUID:
        """Record the window; Conflict (`exclusive_conflict`, `outside_mandate`) when it
        cannot coexist with the work's mandates and windows."""
        ...
