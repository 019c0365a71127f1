"""A work released: mandates counted from its release start, so its availability is recomputed."""

from __future__ import annotations

from infra.events.envelope import EventEnvelope
from marketplace.catalogue.events import WORK_PUBLISHED
from marketplace.licensing.service import LicensingService


class RightsFollower:
    def __init__(self, licensing: LicensingService) -> None:
        self._licensing = licensing

    async def handle(self, event: EventEnvelope) -> None:
        payload = WORK_PUBLISHED.decode(event)
        await self._licensing.refresh(payload.work_id)
