"""The offers module's part of a person's data: the prices they set and the codes they issued.

Erasing ends the offers and codes and detaches them (the seller or issuer id becomes the
deletion's tombstone): past orders name the offers they sold.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from infra.personal_data import PersonalData, section
from infra.services import Services
from marketplace.offers.tables import DiscountCodeRow, OfferRow


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    offers = await OfferRow.select().where(OfferRow.seller_id == user_id)
    codes = await DiscountCodeRow.select().where(DiscountCodeRow.issuer_id == user_id)
    return section({"offers": offers, "discount_codes": codes})


async def erase(_: Services, user_id: UUID, tombstone: UUID) -> None:
    now = datetime.now(UTC)
    await OfferRow.update(
        {OfferRow.seller_id: tombstone, OfferRow.active: False, OfferRow.updated_at: now}
    ).where(OfferRow.seller_id == user_id)
    await DiscountCodeRow.update(
        {DiscountCodeRow.issuer_id: tombstone, DiscountCodeRow.expires_at: now}
    ).where(DiscountCodeRow.issuer_id == user_id)
    await DiscountCodeRow.update({DiscountCodeRow.seller_id: tombstone}).where(
        DiscountCodeRow.seller_id == user_id
    )


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
)
