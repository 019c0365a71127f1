"""An asset as it changes, for its event stream (the studio's progress and renditions).

The worker announces each commit (`infra.changes`): the asset is read again at once, so a
published preview shows the moment it plays, and every `interval_s` without a notice (one
lost while Redis restarted). The stream ends with a final state, or after `lasts_s`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from uuid import UUID

from infra.changes import ChangeNotices
from media.assets.changes import asset_topic
from media.assets.domain import TERMINAL, MediaAsset


async def watched_asset(
    read: Callable[[], Awaitable[MediaAsset]],
    asset_id: UUID,
    notices: ChangeNotices,
    *,
    interval_s: float,
    lasts_s: float,
) -> AsyncIterator[MediaAsset]:
    loop = asyncio.get_running_loop()
    ends = loop.time() + lasts_s
    # Watching before the first read: a commit between the two still wakes the stream.
    async with notices.watch(asset_topic(asset_id)) as watch:
        while loop.time() < ends:
            asset = await read()
            yield asset
            if asset.status in TERMINAL:
                return
            await watch.changed(interval_s)
