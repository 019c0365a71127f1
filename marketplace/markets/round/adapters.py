"""The round's adapters: the market's granted accreditations, read from their table."""

from __future__ import annotations

from uuid import UUID

from infra.db.values import as_uuid
from marketplace.markets.accreditation import AccreditationState
from marketplace.markets.tables import AccreditationRow


class GrantedCategories:
    """`Accredited`: each accredited professional's category in one market."""

    async def of_market(self, market_id: UUID) -> dict[UUID, str]:
        rows = await AccreditationRow.select(
            AccreditationRow.user_id, AccreditationRow.category
        ).where(
            (AccreditationRow.market_id == market_id)
            & (AccreditationRow.state == AccreditationState.GRANTED.value)
        )
        return {as_uuid(row["user_id"]): str(row["category"]) for row in rows}
