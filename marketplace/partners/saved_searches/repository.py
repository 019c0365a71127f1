"""Saved searches and their matches in the database, read the same way on both engines."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

from piccolo.query.functions.aggregate import Count, Max

from infra.db.values import as_utc, as_uuid
from infra.ids import new_id
from marketplace.partners.saved_searches.domain import Criteria, RightsPeriod, SavedSearch
from marketplace.partners.saved_searches.tables import SavedSearchMatchRow, SavedSearchRow

# A saved search's number of matches and the time of its latest.
Matched = tuple[int, datetime | None]


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value)[:10])


def _saved(row: dict[str, Any], matched: Matched = (0, None)) -> SavedSearch:
    filters = json.loads(row["filters"] or "{}")
    start = _day(row["period_start"])
    return SavedSearch(
        id=as_uuid(row["id"]),
        organisation_id=as_uuid(row["organisation"]),
        name=row["name"],
        criteria=Criteria(row["query_text"], {k: tuple(v) for k, v in filters.items()}),
        period=RightsPeriod(start, _day(row["period_end"])) if start else None,
        created_by=as_uuid(row["created_by"]) if row["created_by"] else None,
        created_at=as_utc(row["created_at"]),
        matches=matched[0],
        last_matched_at=matched[1],
        notify_members=bool(row["notify_members"]),
        send_webhooks=bool(row["send_webhooks"]),
    )


class SavedSearchRepository:
    async def add(self, saved: SavedSearch) -> None:
        period = saved.period
        await SavedSearchRow.insert(
            SavedSearchRow(
                id=saved.id,
                organisation=saved.organisation_id,
                name=saved.name,
                query_text=saved.criteria.text,
                filters=json.dumps({k: list(v) for k, v in saved.criteria.filters.items()}),
                period_start=period.starts_on if period else None,
                period_end=period.ends_on if period else None,
                created_by=saved.created_by,
                created_at=saved.created_at,
                notify_members=saved.notify_members,
                send_webhooks=saved.send_webhooks,
            )
        )

    async def change(self, saved: SavedSearch) -> None:
        """Write what may change after saving: the name and the two switches."""
        await SavedSearchRow.update(
            {
                SavedSearchRow.name: saved.name,
                SavedSearchRow.notify_members: saved.notify_members,
                SavedSearchRow.send_webhooks: saved.send_webhooks,
            }
        ).where(SavedSearchRow.id == saved.id)

    async def of_organisation(self, organisation_id: UUID) -> list[SavedSearch]:
        rows = (
            await SavedSearchRow.select()
            .where(SavedSearchRow.organisation == organisation_id)
            .order_by(SavedSearchRow.id, ascending=False)
        )
        counts = await self._matched([as_uuid(row["id"]) for row in rows])
        return [_saved(row, counts.get(as_uuid(row["id"]), (0, None))) for row in rows]

    async def count(self, organisation_id: UUID) -> int:
        return int(
            await SavedSearchRow.count().where(SavedSearchRow.organisation == organisation_id)
        )

    async def get(self, saved_search_id: UUID) -> SavedSearch | None:
        row = await SavedSearchRow.select().where(SavedSearchRow.id == saved_search_id).first()
        if row is None:
            return None
        matched = await self._matched([saved_search_id])
        return _saved(row, matched.get(saved_search_id, (0, None)))

    async def every(self) -> list[SavedSearch]:
        """Every organisation's saved searches (at most 20 each), for one work's evaluation."""
        return [_saved(row) for row in await SavedSearchRow.select()]

    async def delete(self, saved_search_id: UUID) -> None:
        await SavedSearchRow.delete().where(SavedSearchRow.id == saved_search_id)

    async def add_match(self, saved_search_id: UUID, work_id: UUID, now: datetime) -> bool:
        """True when this work had not matched this search yet (the unique index decides)."""
        inserted = (
            await SavedSearchMatchRow.insert(
                SavedSearchMatchRow(
                    id=new_id(), saved_search=saved_search_id, work_id=work_id, matched_at=now
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(SavedSearchMatchRow.id)
        )
        return bool(inserted)

    async def matched_works(
        self, saved_search_id: UUID, limit: int | None
    ) -> list[tuple[UUID, datetime]]:
        """Latest first; every one when `limit` is None (ids and times only: small rows)."""
        query = (
            SavedSearchMatchRow.select(SavedSearchMatchRow.work_id, SavedSearchMatchRow.matched_at)
            .where(SavedSearchMatchRow.saved_search == saved_search_id)
            .order_by(SavedSearchMatchRow.matched_at, ascending=False)
        )
        rows = await (query.limit(limit) if limit is not None else query)
        return [(as_uuid(row["work_id"]), as_utc(row["matched_at"])) for row in rows]

    async def _matched(self, ids: list[UUID]) -> dict[UUID, Matched]:
        if not ids:
            return {}
        rows = (
            await SavedSearchMatchRow.select(
                SavedSearchMatchRow.saved_search,
                Count(SavedSearchMatchRow.id, alias="n"),
                Max(SavedSearchMatchRow.matched_at, alias="latest"),
            )
            .where(SavedSearchMatchRow.saved_search.is_in(ids))
            .group_by(SavedSearchMatchRow.saved_search)
        )
        return {
            as_uuid(row["saved_search"]): (int(row["n"]), as_utc(row["latest"])) for row in rows
        }
