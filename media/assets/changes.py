"""An asset's change-notice topic (`infra.changes`): its processing announces it after each
commit; whoever shows its progress (the studio's event stream) waits on it."""

from __future__ import annotations

from uuid import UUID


def asset_topic(asset_id: UUID) -> str:
    return f"media.asset.{asset_id.hex}"
