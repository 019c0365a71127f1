"""What revenue needs from the rest of Lakou, as small ports wired in the composition root."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from accounts.domain import Principal


@dataclass(frozen=True)
class WorkRef:
    id: UUID
    owner_id: UUID
    owner_name: str  # the creator profile's name: the default sheet's single holder
    title: str


class WorkDirectory(Protocol):
    async def editable(self, who: Principal, work_id: UUID) -> WorkRef:
        """The work if `who` owns it or is staff: NotFound when they cannot see it, Forbidden
        (`not_owner`) when they can see it but not change it, as the catalogue answers."""
        ...

    async def facts(self, work_id: UUID) -> WorkRef | None:
        """Unchecked, for consumers: the work as it is now, or None when it does not exist."""
        ...

    async def titles(self, work_ids: Iterable[UUID]) -> dict[UUID, str]: ...


class SellerNames(Protocol):
    """Who sold an item that no work's split sheet shares (a fee, a pass): their shown name."""

    async def display_name(self, user_id: UUID) -> str | None: ...
