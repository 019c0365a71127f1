"""A licence deal's contract: drawn once the partner accepts the quote, then accepted by both
sides (the partner, and the rights side for the mandate's signatory). Pure Python.

Each acceptance records who accepted, their name, when, from which IP address and the SHA-256
of the very PDF they accepted: the deal moves to payment only once both sides accepted the
same document.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class DealKind(StrEnum):
    """The contract template a deal uses, by the medium it licenses."""

    SYNC = "sync"
    DISTRIBUTION = "distribution"
    BROADCAST = "broadcast"
    PUBLISHING = "publishing"


KIND_OF_MEDIUM: dict[str, DealKind] = {
    "svod": DealKind.DISTRIBUTION,
    "avod": DealKind.DISTRIBUTION,
    "tvod": DealKind.DISTRIBUTION,
    "theatrical": DealKind.DISTRIBUTION,
    "airline": DealKind.DISTRIBUTION,
    "free_tv": DealKind.BROADCAST,
    "pay_tv": DealKind.BROADCAST,
    "live": DealKind.BROADCAST,
    "sync_film": DealKind.SYNC,
    "sync_advertising": DealKind.SYNC,
    "sync_games": DealKind.SYNC,
    "sync_web": DealKind.SYNC,
    "print": DealKind.PUBLISHING,
    "audiobook": DealKind.PUBLISHING,
    "translation": DealKind.PUBLISHING,
    "remake": DealKind.PUBLISHING,
}


def kind_of(medium: str) -> DealKind:
    return KIND_OF_MEDIUM.get(medium, DealKind.DISTRIBUTION)


class ContractFault(StrEnum):
    ALREADY_ACCEPTED = "contract_already_accepted"
    STALE_DOCUMENT = "contract_changed"  # the SHA-256 the caller read is not the contract's


class ContractRefused(Exception):
    def __init__(self, fault: ContractFault) -> None:
        super().__init__(fault.value)
        self.fault = fault


@dataclass(frozen=True)
class Acceptance:
    user_id: UUID
    name: str  # the name the person typed, as a signature
    at: datetime
    ip: str
    sha256: str  # of the PDF they accepted


@dataclass(frozen=True)
class Contract:
    id: UUID
    deal_id: UUID
    kind: DealKind
    languages: tuple[str, ...]  # French first, then the partner's language when it differs
    storage_key: str
    sha256: str
    size: int
    drawn_at: datetime
    partner: Acceptance | None = None
    rights: Acceptance | None = None

    @property
    def accepted_by_both(self) -> bool:
        return self.partner is not None and self.rights is not None

    def accepted(self, side: str, acceptance: Acceptance) -> Contract:
        """`side` ("partner" or "rights") accepts the document whose hash it read."""
        if acceptance.sha256 != self.sha256:
            raise ContractRefused(ContractFault.STALE_DOCUMENT)
        if (self.partner if side == "partner" else self.rights) is not None:
            raise ContractRefused(ContractFault.ALREADY_ACCEPTED)
        if side == "partner":
            return replace(self, partner=acceptance)
        return replace(self, rights=acceptance)
