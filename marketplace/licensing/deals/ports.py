"""What licence deals need from the organisations: who belongs to a partner organisation now,
and whether their role there acts or only reads. Read on every request, never cached, so a
member removed from the organisation loses its deals at once."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID


class PartnerMembers(Protocol):
    async def acts_in(self, organisation_id: UUID, user_id: UUID) -> bool | None:
        """None: not a member; True: their role acts for it; False: it only reads."""
        ...

    async def organisations_of(self, user_id: UUID) -> list[UUID]:
        """Every organisation the person belongs to, whatever their role."""
        ...
