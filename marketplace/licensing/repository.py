"""Reads and writes the licensing tables; `lock` takes the work's rights row for the rest of the
transaction (FOR UPDATE on PostgreSQL; SQLite's write transactions are IMMEDIATE already)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_uuid
from infra.ids import new_id
from marketplace.licensing.domain import (
    Grant,
    MandateRecord,
    Period,
    Span,
    relative_period,
)
from marketplace.licensing.stored import offered_bounds, span_json, spans_from, spans_in
from marketplace.licensing.tables import (
    AvailabilityRow,
    LicensedWindowRow,
    MandateRow,
    WorkRightsRow,
)


@dataclass(frozen=True)
class WindowRecord:
    id: UUID
    work_id: UUID
    grant: Grant
    territory: str
    licensee: str
    deal_id: UUID | None


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _countries(value: Any) -> frozenset[str]:
    return frozenset(json.loads(value) if isinstance(value, str) else value)


class LicensingRepository:
    async def lock(self, work_id: UUID, release_on: date | None) -> int:
        """The work's rights version, its row locked until the transaction ends (created on
        first use; the release date kept for mandates counted from it)."""
        await (
            WorkRightsRow.insert(WorkRightsRow(work_id=work_id, version=0, release_on=release_on))
            .on_conflict(action="DO NOTHING")
            .run()
        )
        select = WorkRightsRow.select(WorkRightsRow.version).where(WorkRightsRow.work_id == work_id)
        if WorkRightsRow._meta.db.engine_type == "postgres":
            select = select.lock_rows("UPDATE")
        row = await select.first()
        return int(row["version"]) if row else 0

    async def mandates(self, work_id: UUID, release_on: date | None) -> list[MandateRecord]:
        rows = (
            await MandateRow.select()
            .where(MandateRow.work_id == work_id)
            .order_by(MandateRow.created_at)
        )
        found = []
        for row in rows:
            offset = row["release_offset_days"]
            if offset is None:
                period = Period.inclusive(_day(row["starts_on"]), _day(row["ends_on"]))  # type: ignore[arg-type]
                relative = None
            else:
                period = relative_period(release_on, offset, row["length_days"])
                relative = (offset, row["length_days"])
            grant = Grant(
                row["medium"],
                row["language"],
                _countries(row["countries"]),
                period,
                bool(row["exclusive"]),
            )
            found.append(
                MandateRecord(
                    as_uuid(row["id"]),
                    work_id,
                    grant,
                    row["territory"],
                    as_uuid(row["signatory_id"]),
                    relative,
                    as_uuid(row["holder_org_id"]) if row["holder_org_id"] else None,
                )
            )
        return found

    async def add_mandate(self, mandate: MandateRecord, by: UUID, now: datetime) -> None:
        grant = mandate.grant
        relative = mandate.relative
        await MandateRow.insert(
            MandateRow(
                id=mandate.id,
                work_id=mandate.work_id,
                medium=grant.medium,
                language=grant.language,
                territory=mandate.territory,
                countries=sorted(grant.countries),
                starts_on=None if relative else grant.period.start,
                ends_on=None if relative else grant.period.ends_on,
                release_offset_days=relative[0] if relative else None,
                length_days=relative[1] if relative else None,
                exclusive=grant.exclusive,
                signatory_id=mandate.signatory_id,
                holder_org_id=mandate.holder_org_id,
                created_by=by,
                created_at=now,
            )
        ).run()

    async def remove_mandate(self, work_id: UUID, mandate_id: UUID) -> bool:
        found = await MandateRow.exists().where(
            (MandateRow.id == mandate_id) & (MandateRow.work_id == work_id)
        )
        if found:
            await MandateRow.delete().where(MandateRow.id == mandate_id).run()
        return bool(found)

    async def windows(self, work_id: UUID) -> list[WindowRecord]:
        rows = (
            await LicensedWindowRow.select()
            .where(LicensedWindowRow.work_id == work_id)
            .order_by(LicensedWindowRow.created_at)
        )
        return [
            WindowRecord(
                as_uuid(row["id"]),
                work_id,
                Grant(
                    row["medium"],
                    row["language"],
                    _countries(row["countries"]),
                    Period.inclusive(_day(row["starts_on"]), _day(row["ends_on"])),  # type: ignore[arg-type]
                    bool(row["exclusive"]),
                ),
                row["territory"],
                row["licensee"],
                as_uuid(row["deal_id"]) if row["deal_id"] else None,
            )
            for row in rows
        ]

    async def add_window(self, window: WindowRecord, by: UUID, now: datetime) -> None:
        grant = window.grant
        await LicensedWindowRow.insert(
            LicensedWindowRow(
                id=window.id,
                work_id=window.work_id,
                medium=grant.medium,
                language=grant.language,
                territory=window.territory,
                countries=sorted(grant.countries),
                starts_on=grant.period.start,
                ends_on=grant.period.ends_on,
                exclusive=grant.exclusive,
                licensee=window.licensee,
                deal_id=window.deal_id,
                created_by=by,
                created_at=now,
            )
        ).run()

    async def remove_deal_windows(self, work_id: UUID, deal_id: UUID) -> None:
        await (
            LicensedWindowRow.delete()
            .where((LicensedWindowRow.work_id == work_id) & (LicensedWindowRow.deal_id == deal_id))
            .run()
        )

    async def store_availability(self, work_id: UUID, spans: Sequence[Span], version: int) -> None:
        """Replace the work's precomputed availability, one row per medium."""
        await AvailabilityRow.delete().where(AvailabilityRow.work_id == work_id).run()
        by_medium: dict[str, list[Span]] = {}
        for span in spans:
            by_medium.setdefault(span.medium, []).append(span)
        rows = []
        for medium, items in by_medium.items():
            offered_from, offered_until = offered_bounds(items)
            rows.append(
                AvailabilityRow(
                    id=new_id(),
                    work_id=work_id,
                    medium=medium,
                    spans=[span_json(span) for span in items],
                    offered_from=offered_from,
                    offered_until=offered_until,
                    version=version,
                )
            )
        if rows:
            await AvailabilityRow.insert(*rows).run()
        await (
            WorkRightsRow.update({WorkRightsRow.version: version})
            .where(WorkRightsRow.work_id == work_id)
            .run()
        )

    async def availability(
        self, work_ids: Iterable[UUID], medium: str | None = None
    ) -> dict[UUID, list[Span]]:
        ids = list(work_ids)
        if not ids:
            return {}
        query = AvailabilityRow.select(
            AvailabilityRow.work_id, AvailabilityRow.medium, AvailabilityRow.spans
        ).where(AvailabilityRow.work_id.is_in(ids))
        if medium is not None:
            query = query.where(AvailabilityRow.medium == medium)
        found: dict[UUID, list[Span]] = {}
        for row in await query:
            found.setdefault(as_uuid(row["work_id"]), []).extend(
                spans_from(row["medium"], row["spans"])
            )
        return found

    async def spans_meeting(
        self,
        work_ids: Iterable[UUID],
        medium: str,
        countries: Iterable[str],
        period: Period,
        offered_only: bool,
    ) -> dict[UUID, list[Span]]:
        """The candidates' spans of `medium` that meet `period` in `countries` (the period
        check after retrieval); `offered_only` leaves out, in the database, the works whose
        offered days cannot cover the period."""
        ids = list(work_ids)
        if not ids:
            return {}
        query = AvailabilityRow.select(AvailabilityRow.work_id, AvailabilityRow.spans).where(
            AvailabilityRow.work_id.is_in(ids) & (AvailabilityRow.medium == medium)
        )
        if offered_only:
            query = query.where(
                (AvailabilityRow.offered_from <= period.start)
                & (AvailabilityRow.offered_until >= period.stop)
            )
        wanted = list(countries)
        return {
            as_uuid(row["work_id"]): spans_in(medium, row["spans"], wanted, period)
            for row in await query
        }
