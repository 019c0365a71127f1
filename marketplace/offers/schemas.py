"""JSON shapes for offers and discount codes. Unknown fields are refused."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from marketplace.offers.domain import Offer
from marketplace.pricing.discounts import DiscountCode, DiscountKind

# Bounds here only keep absurd numbers out of the domain; the domain says what is allowed.
Cents = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31)]
Title = Annotated[str, msgspec.Meta(max_length=300, pattern=r"^[^\x00]*$")]


class TermsIn(msgspec.Struct, forbid_unknown_fields=True):
    pricing: Annotated[str, msgspec.Meta(max_length=30)]
    price_cents: Cents = 0
    minimum_cents: Cents = 0


class BundleIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Title
    work_ids: Annotated[list[UUID], msgspec.Meta(max_length=200)]
    pricing: Annotated[str, msgspec.Meta(max_length=30)]
    price_cents: Cents = 0
    minimum_cents: Cents = 0


class OfferOut(msgspec.Struct):
    id: UUID
    kind: str
    title: str
    work_ids: list[UUID]
    pricing: str
    price_cents: int
    minimum_cents: int
    currency: str
    active: bool
    seller_id: UUID

    @classmethod
    def of(cls, offer: Offer) -> OfferOut:
        return cls(
            id=offer.id,
            kind=offer.kind.value,
            title=offer.title,
            work_ids=list(offer.work_ids),
            pricing=offer.terms.pricing.value,
            price_cents=offer.terms.price_cents,
            minimum_cents=offer.terms.minimum_cents,
            currency="eur",
            active=offer.active,
            seller_id=offer.seller_id,
        )


class DiscountCodeIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=60)]
    kind: DiscountKind
    value: Cents
    max_uses: Cents | None = None
    expires_at: datetime | None = None
    stackable: bool = False


class DiscountCodeOut(msgspec.Struct):
    id: UUID
    code: str
    kind: str
    value: int
    max_uses: int | None
    used: int
    expires_at: datetime | None
    stackable: bool
    seller_id: UUID | None

    @classmethod
    def of(cls, code: DiscountCode) -> DiscountCodeOut:
        return cls(
            id=code.id,
            code=code.code,
            kind=code.kind.value,
            value=code.value,
            max_uses=code.max_uses,
            used=code.used,
            expires_at=code.expires_at,
            stackable=code.stackable,
            seller_id=code.seller_id,
        )
