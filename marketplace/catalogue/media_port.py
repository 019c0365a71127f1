"""What the catalogue asks the media context about a work's main media (a port it owns).

Works follow their media through events (`media_events.MediaFollower`), which arrive a moment
after the media context commits. A creator who publishes in that moment has seen "ready" on
the upload; publishing asks here so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class SettledMedia:
    """The newest main media finished processing (ready, failed or refused)."""

    duration_s: int | None


class MainMediaStatus(Protocol):
    async def settled(self, work_id: UUID) -> SettledMedia | None:
        """None while the newest main media of the work is still being processed."""
        ...
