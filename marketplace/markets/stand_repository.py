"""Reads and writes stands, their works, documents and visits (piccolo)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_json, as_utc, as_uuid
from infra.ids import new_id
from marketplace.markets.stand import (
    Audience,
    Contact,
    DocumentKind,
    ExhibitorKind,
    LiveSlot,
    Stand,
    StandDetails,
)
from marketplace.markets.tables import StandDocumentRow, StandRow, StandVisitRow, StandWorkRow

MAX_LISTED = 500


def folded(text: str) -> str:
    """Lower case without accents: "Bèlè" and "bele" find the same stand."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class StandFilter:
    discipline: str | None = None
    name: str | None = None
    commune_code: str | None = None


@dataclass(frozen=True)
class StandDocument:
    id: UUID
    stand_id: UUID
    kind: DocumentKind
    audience: Audience
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime


class StandRepository:
    async def add(self, stand: Stand) -> None:
        await StandRow.insert(StandRow(**_values(stand))).run()

    async def save(self, stand: Stand) -> None:
        values = _values(stand)
        values.pop("id")
        await StandRow.update(values).where(StandRow.id == stand.id).run()
        await StandWorkRow.delete().where(StandWorkRow.stand_id == stand.id).run()
        if stand.work_ids:
            await StandWorkRow.insert(
                *(
                    StandWorkRow(id=new_id(), stand_id=stand.id, work_id=work_id, position=i)
                    for i, work_id in enumerate(stand.work_ids)
                )
            ).run()

    async def exists_for(
        self, market_id: UUID, creator_id: UUID | None, organisation_id: UUID | None
    ) -> bool:
        query = StandRow.select(StandRow.id).where(StandRow.market_id == market_id)
        if creator_id is not None:
            query = query.where(StandRow.creator_id == creator_id)
        else:
            query = query.where(StandRow.organisation_id == organisation_id)
        return await query.first() is not None

    async def of_exhibitor(
        self, market_id: UUID, creator_id: UUID | None, organisation_id: UUID | None
    ) -> Stand | None:
        """The exhibitor's stand in the market, if it has one (one at most: unique indexes)."""
        query = StandRow.select().where(StandRow.market_id == market_id)
        if creator_id is not None:
            query = query.where(StandRow.creator_id == creator_id)
        else:
            query = query.where(StandRow.organisation_id == organisation_id)
        row = await query.first()
        return (await self._stands([row]))[0] if row else None

    async def get(self, stand_id: UUID) -> Stand | None:
        row = await StandRow.select().where(StandRow.id == stand_id).first()
        return (await self._stands([row]))[0] if row else None

    async def moderate(self, stand_id: UUID, state: str, reason: str) -> None:
        await (
            StandRow.update({StandRow.moderation: state, StandRow.moderation_reason: reason[:500]})
            .where(StandRow.id == stand_id)
            .run()
        )

    async def of_market(self, market_id: UUID, where: StandFilter) -> list[Stand]:
        """The market's stands as its visitors find them (none that staff hid or took down)."""
        query = StandRow.select().where(
            (StandRow.market_id == market_id) & (StandRow.moderation == "")
        )
        if where.discipline:
            query = query.where(StandRow.disciplines.like(f"% {where.discipline} %"))
        if where.name:
            pattern = folded(where.name).replace("%", "").replace("_", "")
            query = query.where(StandRow.name_folded.like(f"%{pattern}%"))
        if where.commune_code:
            query = query.where(StandRow.commune_code == where.commune_code)
        rows = await query.order_by(StandRow.name_folded).limit(MAX_LISTED)
        return await self._stands(rows)

    async def exhibits(self, market_id: UUID, work_id: UUID) -> bool:
        """Whether one of the market's stands that visitors find shows the work."""
        rows = await StandRow.select(StandRow.id).where(
            (StandRow.market_id == market_id) & (StandRow.moderation == "")
        )
        if not rows:
            return False
        return await StandWorkRow.exists().where(
            (StandWorkRow.work_id == work_id)
            & StandWorkRow.stand_id.is_in([as_uuid(row["id"]) for row in rows])
        )

    async def of_owner(self, user_id: UUID) -> list[Stand]:
        rows = await StandRow.select().where(StandRow.owner_id == user_id)
        return await self._stands(rows)

    async def of_organisations(self, organisation_ids: list[UUID]) -> list[Stand]:
        if not organisation_ids:
            return []
        rows = await StandRow.select().where(StandRow.organisation_id.is_in(organisation_ids))
        return await self._stands(rows)

    async def add_document(
        self, document: StandDocument, content: bytes, by: UUID
    ) -> StandDocument:
        await StandDocumentRow.insert(
            StandDocumentRow(
                id=document.id,
                stand_id=document.stand_id,
                kind=document.kind.value,
                audience=document.audience.value,
                filename=document.filename,
                content_type=document.content_type,
                size=document.size,
                content=content,
                uploaded_by=by,
                uploaded_at=document.uploaded_at,
            )
        ).run()
        return document

    async def documents(self, stand_id: UUID) -> list[StandDocument]:
        rows = (
            await StandDocumentRow.select(*_DOCUMENT_COLUMNS)
            .where(StandDocumentRow.stand_id == stand_id)
            .order_by(StandDocumentRow.uploaded_at)
        )
        return [_document(row) for row in rows]

    async def document(self, document_id: UUID) -> tuple[StandDocument, bytes] | None:
        row = await StandDocumentRow.select().where(StandDocumentRow.id == document_id).first()
        return (_document(row), bytes(row["content"])) if row else None

    async def record_visit(self, stand_id: UUID, visitor: str, day: str) -> bool:
        """True the first time this visitor is seen at the stand that day (a race: once)."""
        rows = await StandVisitRow.raw(
            "INSERT INTO lakou_market_stand_visits (id, stand_id, visitor, day) "
            "VALUES ({}, {}, {}, {}) ON CONFLICT DO NOTHING RETURNING id",
            new_id(),
            stand_id,
            visitor,
            day,
        )
        return bool(rows)

    async def _stands(self, rows: list[dict[str, Any]]) -> list[Stand]:
        ids = [as_uuid(row["id"]) for row in rows]
        works: dict[UUID, list[UUID]] = {stand_id: [] for stand_id in ids}
        if ids:
            links = (
                await StandWorkRow.select()
                .where(StandWorkRow.stand_id.is_in(ids))
                .order_by(StandWorkRow.position)
            )
            for link in links:
                works[as_uuid(link["stand_id"])].append(as_uuid(link["work_id"]))
        return [_stand(row, works[as_uuid(row["id"])]) for row in rows]


_DOCUMENT_COLUMNS = (
    StandDocumentRow.id,
    StandDocumentRow.stand_id,
    StandDocumentRow.kind,
    StandDocumentRow.audience,
    StandDocumentRow.filename,
    StandDocumentRow.content_type,
    StandDocumentRow.size,
    StandDocumentRow.uploaded_at,
)


def _document(row: dict[str, Any]) -> StandDocument:
    return StandDocument(
        id=as_uuid(row["id"]),
        stand_id=as_uuid(row["stand_id"]),
        kind=DocumentKind(row["kind"]),
        audience=Audience(row["audience"]),
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size"],
        uploaded_at=as_utc(row["uploaded_at"]),
    )


def _values(stand: Stand) -> dict[Any, Any]:
    details = stand.details
    return {
        "id": stand.id,
        "market_id": stand.market_id,
        "exhibitor_kind": stand.exhibitor_kind.value,
        "creator_id": stand.creator_id,
        "organisation_id": stand.organisation_id,
        "owner_id": stand.owner_id,
        "name": stand.name,
        "name_folded": folded(stand.name),
        "commune_code": stand.commune_code,
        "disciplines": " " + " ".join(stand.disciplines) + " ",
        "presentations": dict(details.presentations),
        "contacts": [vars(contact) for contact in details.contacts],
        "tables": details.tables,
        "live_slots": [
            {
                "title": slot.title,
                "starts_at": slot.starts_at.isoformat(),
                "ends_at": slot.ends_at.isoformat(),
                "url": slot.url,
                **(
                    {"recording_work_id": str(slot.recording_work_id)}
                    if slot.recording_work_id
                    else {}
                ),
            }
            for slot in details.live_slots
        ],
        "created_at": stand.created_at,
        "updated_at": stand.updated_at,
    }


def _stand(row: dict[str, Any], work_ids: list[UUID]) -> Stand:
    return Stand(
        id=as_uuid(row["id"]),
        market_id=as_uuid(row["market_id"]),
        exhibitor_kind=ExhibitorKind(row["exhibitor_kind"]),
        creator_id=as_uuid(row["creator_id"]) if row["creator_id"] else None,
        organisation_id=as_uuid(row["organisation_id"]) if row["organisation_id"] else None,
        owner_id=as_uuid(row["owner_id"]) if row["owner_id"] else None,
        name=row["name"],
        commune_code=row["commune_code"],
        disciplines=row["disciplines"].split(),
        details=StandDetails(
            presentations=as_json(row["presentations"]),
            contacts=[Contact(**c) for c in as_json(row["contacts"])],
            tables=row["tables"],
            live_slots=[
                LiveSlot(
                    s["title"],
                    datetime.fromisoformat(s["starts_at"]),
                    datetime.fromisoformat(s["ends_at"]),
                    s["url"],
                    as_uuid(s["recording_work_id"]) if s.get("recording_work_id") else None,
                )
                for s in as_json(row["live_slots"])
            ],
        ),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        work_ids=work_ids,
        moderation=row.get("moderation") or "",
    )
