"""What media needs to know about a work, without importing the catalogue (wired in bootstrap)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from accounts.domain import Principal


@dataclass(frozen=True)
class WorkFacts:
    work_id: UUID
    owner_id: UUID
    published: bool


class WorkDirectory(Protocol):
    async def visible_work(self, work_id: UUID, viewer: Principal | None) -> WorkFacts | None:
        """The work as this viewer may see it, or None when it is not theirs to see."""
        ...


def can_edit(viewer: Principal, work: WorkFacts) -> bool:
    return viewer.is_staff or viewer.user_id == work.owner_id
