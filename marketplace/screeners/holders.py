"""Whom a marked copy was issued to: each holder reference is an invitation's id.

`lakou trace` asks this (media's `HolderNames` port, plugged in by the composition root) so the
operator reads a person, an organisation, an address and the screener, not an opaque id.
"""

from __future__ import annotations

from uuid import UUID

from marketplace.screeners.repository import ScreenerRepository


class InvitationHolders:
    def __init__(self, repository: ScreenerRepository) -> None:
        self._repo = repository

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
