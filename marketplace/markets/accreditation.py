"""Accreditation: a professional's access to a market's private side, and its badge. Pure.

A person asks in the name of the organisation they act as, in one category; the market's team
grants or refuses (with a reason the person reads). A granted accreditation is shown as a
badge whose QR code holds a token signed with the site's secret (HMAC-SHA256 over the market,
the person and the category): the desk checks it offline with the secret, or online through
the verify route, which also says whether the accreditation still holds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from infra.errors import Conflict, InvalidInput
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.markets.errors import MarketError
from marketplace.markets.events import ACCREDITATION_GRANTED, AccreditationEvent

MAX_REASON = 1000
TOKEN_PREFIX = "lkb1"  # noqa: S105 -- a format marker, not a secret
# The secret signs badges under its own label, so a badge token is worth nothing elsewhere.
_LABEL = b"lakou.markets.badge.v1"


class Category(StrEnum):
    BUYER = "buyer"
    PROGRAMMER = "programmer"
    PRESS = "press"
    DISTRIBUTOR = "distributor"


class AccreditationState(StrEnum):
    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"


def category_of(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        allowed = ", ".join(c.value for c in Category)
        raise InvalidInput(MarketError.INVALID_CATEGORY, allowed=allowed) from None


@dataclass
class Accreditation(EventRecorder):
    id: UUID
    market_id: UUID
    user_id: UUID
    organisation_id: UUID
    category: Category
    state: AccreditationState
    reason: str
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: UUID | None = None

    @classmethod
    def request(
        cls,
        market_id: UUID,
        user_id: UUID,
        organisation_id: UUID,
        category: Category,
        now: datetime,
    ) -> Accreditation:
        return cls(
            id=new_id(),
            market_id=market_id,
            user_id=user_id,
            organisation_id=organisation_id,
            category=category,
            state=AccreditationState.REQUESTED,
            reason="",
            created_at=now,
        )

    @property
    def granted(self) -> bool:
        return self.state is AccreditationState.GRANTED

    def ask_again(self, organisation_id: UUID, category: Category, now: datetime) -> None:
        """A refused person may ask again (new documents, another category)."""
        if self.state is AccreditationState.GRANTED:
            raise Conflict(MarketError.ALREADY_ACCREDITED)
        self.organisation_id = organisation_id
        self.category = category
        self.state = AccreditationState.REQUESTED
        self.reason = ""
        self.created_at = now
        self.decided_at = self.decided_by = None

    def grant(self, by: UUID, now: datetime) -> None:
        if self.state is AccreditationState.GRANTED:
            return
        self._decide(AccreditationState.GRANTED, by, "", now)
        self.record(
            ACCREDITATION_GRANTED.event(
                self.id,
                AccreditationEvent(
                    market_id=self.market_id,
                    accreditation_id=self.id,
                    user_id=self.user_id,
                    organisation_id=self.organisation_id,
                    category=self.category.value,
                    by=by,
                ),
            )
        )

    def refuse(self, by: UUID, reason: str, now: datetime) -> None:
        reason = " ".join(reason.split())
        if not reason or len(reason) > MAX_REASON or "\x00" in reason:
            raise InvalidInput(MarketError.REASON_REQUIRED)
        self._decide(AccreditationState.REFUSED, by, reason, now)

    def _decide(self, state: AccreditationState, by: UUID, reason: str, now: datetime) -> None:
        if self.state is not AccreditationState.REQUESTED:
            raise Conflict(MarketError.ALREADY_DECIDED)
        self.state = state
        self.reason = reason
        self.decided_at = now
        self.decided_by = by


@dataclass(frozen=True)
class BadgeClaim:
    market_id: UUID
    user_id: UUID
    category: Category


class BadgeSigner:
    """Signs and checks badge tokens: `lkb1.<market>.<person>.<category>.<mac>` (URL-safe)."""

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), _LABEL, hashlib.sha256).digest()

    def token(self, claim: BadgeClaim) -> str:
        body = f"{TOKEN_PREFIX}.{claim.market_id.hex}.{claim.user_id.hex}.{claim.category.value}"
        return f"{body}.{self._mac(body)}"

    def verify(self, token: str) -> BadgeClaim:
        parts = token.strip().split(".")
        if len(token) > 200 or len(parts) != 5 or parts[0] != TOKEN_PREFIX:
            raise InvalidInput(MarketError.INVALID_TOKEN)
        body = ".".join(parts[:4])
        if not hmac.compare_digest(parts[4], self._mac(body)):
            raise InvalidInput(MarketError.INVALID_TOKEN)
        try:
            return BadgeClaim(UUID(hex=parts[1]), UUID(hex=parts[2]), Category(parts[3]))
        except ValueError:
            raise InvalidInput(MarketError.INVALID_TOKEN) from None

    def _mac(self, body: str) -> str:
        digest = hmac.new(self._key, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
