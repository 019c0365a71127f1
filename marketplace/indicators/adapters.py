"""The catalogue's works as the indicators break them down (discipline, commune, creator)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from uuid import UUID

from accounts.territory import by_code
from marketplace.catalogue.tables import CreatorRow, WorkRow
from marketplace.catalogue.values import CreatorKind
from marketplace.indicators.domain.aggregates import WorkAttributes


class CatalogueWorkDirectory:
    async def attributes(self) -> Mapping[str, WorkAttributes]:
        """Every work's attributes as they are now (a withdrawn work keeps its figures)."""
        return await self._attributes(None)

    async def attributes_of(self, work_ids: Iterable[str]) -> Mapping[str, WorkAttributes]:
        ids = [UUID(work) for work in work_ids if _is_uuid(work)]
        return await self._attributes(ids) if ids else {}

    async def works_of_creator(self, creator_id: str) -> list[str]:
        if not _is_uuid(creator_id):
            return []
        rows = await WorkRow.select(WorkRow.id).where(WorkRow.creator == UUID(creator_id))
        return sorted(str(row["id"]) for row in rows)

    async def _attributes(self, work_ids: list[UUID] | None) -> Mapping[str, WorkAttributes]:
        works = WorkRow.select(WorkRow.id, WorkRow.discipline, WorkRow.creator)
        if work_ids is not None:
            works = works.where(WorkRow.id.is_in(work_ids))
        work_rows = await works
        creator_query = CreatorRow.select(CreatorRow.id, CreatorRow.kind, CreatorRow.commune_code)
        if work_ids is not None:
            creator_query = creator_query.where(
                CreatorRow.id.is_in(sorted({row["creator"] for row in work_rows}) or [UUID(int=0)])
            )
        creators = {str(row["id"]): row for row in await creator_query}
        result: dict[str, WorkAttributes] = {}
        for row in work_rows:
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


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True
