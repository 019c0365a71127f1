"""Deliverables: each thing a quote promises (the master, the stems, the subtitles, the press
kit) is an item of its own, delivered after payment through links that expire and count their
downloads. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from infra.i18n.context import N_

MAX_ITEMS = 12
MAX_LABEL = 200
# Held in memory by the request that brings it: larger masters want the media module's
# multipart uploads (docs/decisions.md, left).
MAX_FILE_BYTES = 25 * 1024 * 1024


class DeliverableKind(StrEnum):
    MASTER = "master"
    STEMS = "stems"
    SUBTITLES = "subtitles"
    PRESS_KIT = "press_kit"


DELIVERABLE_LABELS: dict[DeliverableKind, str] = {
    DeliverableKind.MASTER: N_("Master"),
    DeliverableKind.STEMS: N_("Pistes séparées (stems)"),
    DeliverableKind.SUBTITLES: N_("Sous-titres"),
    DeliverableKind.PRESS_KIT: N_("Dossier de presse"),
}


@dataclass(frozen=True)
class Deliverable:
    id: UUID
    deal_id: UUID
    kind: DeliverableKind
    label: str
    storage_key: str = ""
    content_type: str = ""
    size: int = 0

    @property
    def uploaded(self) -> bool:
        return bool(self.storage_key)

    @property
    def sha256(self) -> str:
        """The file's SHA-256, the last part of its key (empty for files stored before
        keys carried it, and until uploaded)."""
        last = self.storage_key.rsplit("/", 1)[-1]
        return last if len(last) == 64 else ""


def file_key(deal_id: UUID, item_id: UUID, sha256: str) -> str:
    """Stored by content: the key names the file's SHA-256, so a replacement gets a key of
    its own and the page can show the hash without a column for it."""
    return f"licensing/deliverables/{deal_id}/{item_id}/{sha256}"


class LinkFault(StrEnum):
    EXPIRED = "link_expired"
    USED_UP = "link_used_up"


@dataclass(frozen=True)
class DeliveryLink:
    id: UUID
    deliverable_id: UUID
    partner_user_id: UUID
    expires_at: datetime
    max_downloads: int
    downloads: int

    def refusal(self, now: datetime) -> LinkFault | None:
        """Why the link cannot serve one more download now (None: it can)."""
        if now >= self.expires_at:
            return LinkFault.EXPIRED
        if self.downloads >= self.max_downloads:
            return LinkFault.USED_UP
        return None
