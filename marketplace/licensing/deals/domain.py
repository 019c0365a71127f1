"""Licence deals, from a partner's request to a licensed window. Pure Python.

    requested --offer--> offered --accept--> accepted --paid--> licensed
        |                  |  (re-offer)        |
        +--decline--> declined                  +--cancel (unpaid)--> cancelled
        +--cancel---> cancelled (by the partner, before any payment)

The rights side (the mandate's signatory, or the work's owner acting for its holders) offers
terms or declines; the partner accepts an offer that has not expired. An accepted deal holds its
window (other deals cannot take an exclusive part of it) until it is paid, then the window is
recorded as licensed; a full refund takes the licence back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from marketplace.licensing.domain import Grant

MAX_PRICE_CENTS = 10_000_000_00  # ten million euros: beyond, a typo
MAX_TEXT = 2000


class DealState(StrEnum):
    REQUESTED = "requested"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    LICENSED = "licensed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


# The states in which a deal holds (or has taken) its window against other deals.
HOLDING = frozenset({DealState.ACCEPTED, DealState.LICENSED})


class Side(StrEnum):
    PARTNER = "partner"
    RIGHTS = "rights"


class DealFault(StrEnum):
    """Why a transition is refused (mapped to error codes at the edge)."""

    WRONG_STATE = "deal_state"
    OFFER_EXPIRED = "offer_expired"
    NOT_YOUR_TURN = "not_your_turn"
    INVALID_PRICE = "invalid_price"
    INVALID_EXPIRY = "invalid_expiry"


class DealRefused(Exception):
    def __init__(self, fault: DealFault) -> None:
        super().__init__(fault.value)
        self.fault = fault


@dataclass(frozen=True)
class Offer:
    # What the partner pays, VAT included at the standard rate like any service in the cart
    # (the business-to-business VAT rules are not applied yet: docs/decisions.md).
    price_cents: int
    terms: str
    expires_at: datetime


@dataclass(frozen=True)
class Deal:
    id: UUID
    work_id: UUID
    grant: Grant
    territory: str  # the expression as the partner wrote it
    partner_org_id: UUID
    partner_user_id: UUID  # who asked (and pays)
    licensee: str  # the partner organisation's name, as the window records it
    rights_user_id: UUID  # who answers for the rights side (and is the seller of record)
    signatory_id: UUID  # the rights holder the mandate names
    intended_use: str
    budget_cents: int | None
    state: DealState
    offer: Offer | None
    note: str  # the rights side's reason when declining
    order_id: UUID | None
    created_at: datetime
    updated_at: datetime
    # The partner organisation's member who put the deal in their cart last (None: the asker).
    payer_user_id: UUID | None = None
    # The organisation holding the mandate the deal was asked under: its current members are
    # the rights side (the owner included only while they are one). None: the work's owner.
    rights_org_id: UUID | None = None

    @property
    def buyer_id(self) -> UUID:
        """The only person whose cart may hold it: one order pays it, whoever clicked last."""
        return self.payer_user_id or self.partner_user_id

    def paid_by(self, user_id: UUID, now: datetime) -> Deal:
        """A member of the partner organisation is about to pay it (only while accepted)."""
        _expect(self, DealState.ACCEPTED)
        return replace(self, payer_user_id=user_id, updated_at=now)

    @property
    def holds_window(self) -> bool:
        return self.state in HOLDING

    def offered(self, offer: Offer, now: datetime) -> Deal:
        """The rights side quotes (again, while the partner has not accepted)."""
        _expect(self, DealState.REQUESTED, DealState.OFFERED)
        if not 0 < offer.price_cents <= MAX_PRICE_CENTS:
            raise DealRefused(DealFault.INVALID_PRICE)
        if offer.expires_at <= now:
            raise DealRefused(DealFault.INVALID_EXPIRY)
        return replace(self, state=DealState.OFFERED, offer=offer, updated_at=now)

    def declined(self, note: str, now: datetime) -> Deal:
        _expect(self, DealState.REQUESTED, DealState.OFFERED)
        return replace(self, state=DealState.DECLINED, note=note[:MAX_TEXT], updated_at=now)

    def accepted(self, now: datetime) -> Deal:
        """The partner signs the offer; an expired offer cannot be accepted."""
        if self.state is DealState.REQUESTED:
            raise DealRefused(DealFault.NOT_YOUR_TURN)
        _expect(self, DealState.OFFERED)
        assert self.offer is not None
        if self.offer.expires_at <= now:
            raise DealRefused(DealFault.OFFER_EXPIRED)
        return replace(self, state=DealState.ACCEPTED, updated_at=now)

    def cancelled(self, now: datetime) -> Deal:
        """Either side walks away before payment (an accepted deal frees its window)."""
        _expect(self, DealState.REQUESTED, DealState.OFFERED, DealState.ACCEPTED)
        return replace(self, state=DealState.CANCELLED, updated_at=now)

    def licensed(self, order_id: UUID | None, now: datetime) -> Deal:
        """Paid: by its order, or (`order_id` None) by a bank transfer staff recorded."""
        _expect(self, DealState.ACCEPTED)
        return replace(self, state=DealState.LICENSED, order_id=order_id, updated_at=now)

    def refunded(self, now: datetime) -> Deal:
        _expect(self, DealState.LICENSED)
        return replace(self, state=DealState.CANCELLED, updated_at=now)

    def side_of(
        self,
        user_id: UUID,
        *,
        staff: bool = False,
        partner_member: bool = False,
        rights_member: bool = False,
    ) -> Side | None:
        """Which side `user_id` is on (None: neither, so the deal is not theirs to see). The
        partner side is every current member of the partner organisation, the asker included
        only while they are one; the rights side likewise every current member of the
        organisation holding the mandate, or, when no organisation holds it, the work's owner."""
        if partner_member:
            return Side.PARTNER
        if staff:
            return Side.RIGHTS
        if self.rights_org_id is not None:
            return Side.RIGHTS if rights_member else None
        return Side.RIGHTS if user_id == self.rights_user_id else None


class Stage(StrEnum):
    """Where a deal stands, as its lists filter it: the state, refined by its paperwork."""

    REQUESTED = "requested"
    QUOTED = "quoted"
    ACCEPTED = "accepted"  # the contract is being drawn
    CONTRACT = "contract"  # drawn, waiting for one side's acceptance or both
    INVOICED = "invoiced"  # both accepted, invoice issued, unpaid
    LICENSED = "licensed"
    CLOSED = "closed"  # declined, cancelled or expired unpaid


@dataclass(frozen=True)
class Paperwork:
    """What a deal's stage needs to know of its contract and invoice."""

    contract_drawn: bool = False
    invoiced: bool = False


def stage_of(state: DealState, paperwork: Paperwork) -> Stage:
    if state is DealState.ACCEPTED:
        if paperwork.invoiced:
            return Stage.INVOICED
        return Stage.CONTRACT if paperwork.contract_drawn else Stage.ACCEPTED
    return {
        DealState.REQUESTED: Stage.REQUESTED,
        DealState.OFFERED: Stage.QUOTED,
        DealState.LICENSED: Stage.LICENSED,
    }.get(state, Stage.CLOSED)


def _expect(deal: Deal, *states: DealState) -> None:
    if deal.state not in states:
        raise DealRefused(DealFault.WRONG_STATE)
