"""Offers: how a work (or a bundle of works) is sold. Pure Python; amounts in EUR cents.

A work has at most one active offer of its own per scope: everywhere, or one market during its
window (a festival's market price beside the everyday one). Bundles (a creator's discography, a
curated selection) are separate offers over several works. Changing a price replaces the offer,
so an order line keeps pointing at the terms it was bought under.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from infra.errors import InvalidInput
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.offers.errors import OfferError
from marketplace.offers.events import OFFER_UPDATED, OfferChanged

# Card payments under 0.50 EUR cost more in fees than they bring (and Stripe refuses them).
MIN_PAID_CENTS = 50
MAX_PRICE_CENTS = 1_000_000
MAX_BUNDLE_WORKS = 200


class OfferKind(StrEnum):
    WORK = "work"
    BUNDLE = "bundle"


class Pricing(StrEnum):
    FIXED = "fixed"
    PAY_WHAT_YOU_WANT = "pay_what_you_want"
    FREE = "free"


@dataclass(frozen=True)
class Terms:
    pricing: Pricing
    price_cents: int = 0  # the price (fixed) or the suggested amount (pay what you want)
    minimum_cents: int = 0  # pay what you want only

    def validated(self) -> Terms:
        if self.pricing is Pricing.FREE:
            return Terms(Pricing.FREE)
        if self.pricing is Pricing.FIXED:
            _check_amount(self.price_cents, "price_cents")
            if self.price_cents < MIN_PAID_CENTS:
                raise InvalidInput(OfferError.PRICE_TOO_LOW, minimum=MIN_PAID_CENTS)
            return Terms(Pricing.FIXED, self.price_cents)
        _check_amount(self.minimum_cents, "minimum_cents")
        if 0 < self.minimum_cents < MIN_PAID_CENTS:
            raise InvalidInput(OfferError.MINIMUM_TOO_LOW, minimum=MIN_PAID_CENTS)
        suggested = max(self.price_cents, self.minimum_cents)
        _check_amount(suggested, "price_cents")
        return Terms(Pricing.PAY_WHAT_YOU_WANT, suggested, self.minimum_cents)

    def amount_for(self, offered_cents: int | None) -> int:
        """What the buyer pays under these terms, given what they offered (pay what you want)."""
        if self.pricing is Pricing.FREE:
            return 0
        if self.pricing is Pricing.FIXED:
            return self.price_cents
        if offered_cents is None:
            return self.price_cents
        _check_amount(offered_cents, "amount_cents")
        if offered_cents < self.minimum_cents:
            raise InvalidInput(OfferError.BELOW_MINIMUM, minimum=self.minimum_cents)
        if 0 < offered_cents < MIN_PAID_CENTS:
            raise InvalidInput(OfferError.AMOUNT_TOO_SMALL, minimum=MIN_PAID_CENTS)
        return offered_cents


def _check_amount(value: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PRICE_CENTS:
        raise InvalidInput(OfferError.INVALID_AMOUNT, field=name, max=MAX_PRICE_CENTS)


EVERYWHERE = "everywhere"


@dataclass(frozen=True)
class Scope:
    """Where and when an offer applies: everywhere, or inside one market's window."""

    market_id: UUID | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    @property
    def key(self) -> str:
        """One active offer of a work's own per key."""
        return EVERYWHERE if self.market_id is None else f"market:{self.market_id}"

    def validated(self) -> Scope:
        if self.market_id is None and (self.starts_at or self.ends_at):
            raise InvalidInput(OfferError.WINDOW_WITHOUT_MARKET)
        if self.market_id is not None and (self.starts_at is None or self.ends_at is None):
            raise InvalidInput(OfferError.MARKET_NEEDS_WINDOW)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise InvalidInput(OfferError.WINDOW_ENDS_FIRST)
        return self

    def open_at(self, now: datetime) -> bool:
        return (self.starts_at is None or now >= self.starts_at) and (
            self.ends_at is None or now < self.ends_at
        )


@dataclass
class Offer(EventRecorder):
    id: UUID
    seller_id: UUID
    kind: OfferKind
    work_ids: tuple[UUID, ...]
    terms: Terms
    title: str
    active: bool
    created_at: datetime
    updated_at: datetime
    # How a bundle's amount is shared between its works (their own prices at creation).
    work_weights: tuple[int, ...] = field(default=())
    scope: Scope = field(default_factory=Scope)

    @property
    def opens_its_work_to_everyone(self) -> bool:
        """A work's own free offer, everywhere: full streaming for all while it is active."""
        return (
            self.kind is OfferKind.WORK
            and self.terms.pricing is Pricing.FREE
            and self.scope.market_id is None
        )

    @classmethod
    def for_work(
        cls,
        seller_id: UUID,
        work_id: UUID,
        terms: Terms,
        title: str,
        now: datetime,
        scope: Scope | None = None,
    ) -> Offer:
        offer = cls(
            id=new_id(),
            seller_id=seller_id,
            kind=OfferKind.WORK,
            work_ids=(work_id,),
            terms=terms.validated(),
            title=title[:200],
            active=True,
            created_at=now,
            updated_at=now,
            work_weights=(1,),
            scope=(scope or Scope()).validated(),
        )
        offer._changed()
        return offer

    @classmethod
    def bundle(
        cls,
        seller_id: UUID,
        work_ids: tuple[UUID, ...],
        weights: tuple[int, ...],
        terms: Terms,
        title: str,
        now: datetime,
    ) -> Offer:
        if not 2 <= len(work_ids) <= MAX_BUNDLE_WORKS or len(set(work_ids)) != len(work_ids):
            raise InvalidInput(OfferError.INVALID_BUNDLE_SIZE, max=MAX_BUNDLE_WORKS)
        if not title.strip() or len(title) > 200:
            raise InvalidInput(OfferError.BUNDLE_TITLE)
        if terms.pricing is Pricing.FREE:
            raise InvalidInput(OfferError.FREE_BUNDLE)
        offer = cls(
            id=new_id(),
            seller_id=seller_id,
            kind=OfferKind.BUNDLE,
            work_ids=work_ids,
            terms=terms.validated(),
            title=title.strip(),
            active=True,
            created_at=now,
            updated_at=now,
            work_weights=tuple(max(1, weight) for weight in weights),
        )
        offer._changed()
        return offer

    def deactivate(self, now: datetime) -> None:
        if self.active:
            self.active = False
            self.updated_at = now
            self._changed()

    def _changed(self) -> None:
        for work_id in self.work_ids:
            self.record(
                OFFER_UPDATED.event(
                    self.id,
                    OfferChanged(
                        offer_id=self.id,
                        work_id=work_id,
                        kind=self.kind.value,
                        pricing=self.terms.pricing.value,
                        price_cents=self.terms.price_cents,
                        active=self.active,
                    ),
                )
            )
