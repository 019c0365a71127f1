"""Marked copies' holders are invitations: each holder reference is an invitation's id.

Media asks, through its ports plugged in by the composition root: whom a holder names (`lakou
trace` prints a person, an organisation, an address and the screener, not an opaque id) and
whether it may still be served (a withdrawn invitation's segment links stop at once).
"""

from __future__ import annotations

from uuid import UUID

from marketplace.screeners.ports import Works
from marketplace.screeners.repository import ScreenerRepository


class InvitationHolders:
    def __init__(self, repository: ScreenerRepository, works: Works) -> None:
        self._repo = repository
        self._works = works

    async def admits(self, holder_ref: str) -> bool:
        """Refused for a withdrawn invitation and for a screener whose work was withdrawn: a
        reference that is no invitation was issued by something else, whose signed links
        stand on their own."""
        try:
            invitation_id = UUID(holder_ref)
        except ValueError:
            return True
        invitation = await self._repo.invitation(invitation_id)
        if invitation is None:
            return True
        if invitation.revoked_at is not None:
            return False
        screener = await self._repo.get(invitation.screener_id)
        work = await self._works.work(screener.work_id) if screener else None
        return work is not None and not work.withdrawn

    async def describe(self, holder_ref: str) -> str | None:
        try:
            invitation_id = UUID(holder_ref)
        except ValueError:
            return None  # issued by something else than a screener
        invitation = await self._repo.invitation(invitation_id)
        if invitation is None:
            return None
        screener = await self._repo.get(invitation.screener_id)
        who = " · ".join(p for p in (invitation.name, invitation.organisation) if p)
        title = f' — screener "{screener.title}" ({screener.id})' if screener else ""
        return f"{who} <{invitation.email}>, invitation {invitation.id}{title}"
