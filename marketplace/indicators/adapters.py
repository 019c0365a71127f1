"""The catalogue's works as the indicators break them down (discipline, commune, creator)."""

from __future__ import annotations

from collections.abc import Mapping

from accounts.territory import by_code
from marketplace.catalogue.domain import CreatorKind
from marketplace.catalogue.tables import CreatorRow, WorkRow
from marketplace.indicators.domain.aggregates import WorkAttributes


class CatalogueWorkDirectory:
    async def attributes(self) -> Mapping[str, WorkAttributes]:
        """Every work's attributes as they are now (a withdrawn work keeps its figures)."""
        creators = {
            str(row["id"]): row
            for row in await CreatorRow.select(
                CreatorRow.id, CreatorRow.kind, CreatorRow.commune_code
            )
        }
        result: dict[str, WorkAttributes] = {}
        for row in await WorkRow.select(WorkRow.id, WorkRow.discipline, WorkRow.creator):
            creator_id = str(row["creator"])
            creator = creators.get(creator_id, {})
            commune = creator.get("commune_code") or ""
            found = by_code(commune) if commune else None
            result[str(row["id"])] = WorkAttributes(
                discipline=row["discipline"] or "",
                commune=commune,
                epci=found.epci_code if found else "",
                creator=creator_id,
                organisation=creator_id if creator.get("kind") == CreatorKind.STRUCTURE else "",
            )
        return result
