"""What orders need from other contexts, as small ports wired in the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


class Entitlements(Protocol):
    async def grant(self, work_id: UUID, user_id: UUID | None, source: str) -> bool: ...

    async def revoke(self, work_id: UUID, source: str) -> None: ...

    async def is_entitled(self, user_id: UUID | None, work_id: UUID) -> bool: ...


class OwnedTitles(Protocol):
    async def titles(self, work_ids: list[UUID]) -> dict[UUID, dict[str, str]]:
        """Each existing work's titles by language tag (missing works are absent)."""
        ...


class DownloadLinks(Protocol):
    async def download_url(self, work_id: UUID, role: str, viewer_id: UUID) -> tuple[str, int]:
        """A short-lived URL for one download of the work's file in that role, and its expiry.

        Raises NotFound when the work offers no such download.
        """
        ...

    async def download_roles(self, work_id: UUID) -> list[dict[str, str]]:
        """The downloads the work offers: [{"role": ..., "content_type": ...}]."""
        ...

    async def download_roles_of(self, work_ids: list[UUID]) -> dict[UUID, list[dict[str, str]]]:
        """`download_roles` of many works at once (every id is a key)."""
        ...


@dataclass(frozen=True)
class Acquisition:
    """A work owned through something other than an order (a licence paid by a bank transfer
    staff recorded): `key` stands for the order in the library's download count."""

    key: UUID
    work_id: UUID
    title: str
    acquired_at: datetime
    receipt_url: str  # the page with its invoice


class Acquisitions(Protocol):
    """Another module's ways into a person's library, beside their orders."""

    async def of_owner(self, user_id: UUID) -> list[Acquisition]: ...
