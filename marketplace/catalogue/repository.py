"""Catalogue persistence: the port the service uses, and its piccolo adapter."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from infra.db.values import as_json, as_utc, as_uuid
from marketplace.catalogue.creators import CreatorProfile
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import Work, WorkDetails
from marketplace.catalogue.tables import CreatorRow, WorkRow
from marketplace.catalogue.values import CreatorKind, Credit, CreditRole, Visibility, WorkStatus


@dataclass(frozen=True)
class WorkQuery:
    viewer_id: UUID | None
    viewer_is_staff: bool
    creator_id: UUID | None = None
    discipline: Discipline | None = None
    status: WorkStatus | None = None
    before_id: UUID | None = None  # keyset cursor: ids are time-ordered, newest first
    limit: int = 20


@dataclass(frozen=True)
class CreatorQuery:
    owner_id: UUID | None = None
    before_id: UUID | None = None
    limit: int = 20


class CatalogueRepository(Protocol):
    async def get_creator(self, creator_id: UUID) -> CreatorProfile | None: ...
    async def add_creator(self, creator: CreatorProfile) -> None: ...
    async def save_creator(self, creator: CreatorProfile) -> None: ...
    async def list_creators(self, query: CreatorQuery) -> list[CreatorProfile]: ...
    async def creators_by_ids(self, creator_ids: Collection[UUID]) -> list[CreatorProfile]: ...
    async def get_work(self, work_id: UUID, *, for_update: bool = False) -> Work | None: ...
    async def works_by_ids(self, work_ids: Collection[UUID]) -> list[Work]: ...
    async def add_work(self, work: Work) -> None: ...
    async def save_work(self, work: Work) -> None: ...
    async def list_works(self, query: WorkQuery) -> list[Work]: ...


class PiccoloCatalogueRepository:
    async def get_creator(self, creator_id: UUID) -> CreatorProfile | None:
        row = await CreatorRow.select().where(CreatorRow.id == creator_id).first()
        return _creator(row) if row else None

    async def add_creator(self, creator: CreatorProfile) -> None:
        await CreatorRow.insert(CreatorRow(**_creator_fields(creator)))

    async def save_creator(self, creator: CreatorProfile) -> None:
        fields: dict[Any, Any] = _creator_fields(creator)
        fields.pop("id")
        await CreatorRow.update(fields, use_auto_update=False).where(CreatorRow.id == creator.id)

    async def list_creators(self, query: CreatorQuery) -> list[CreatorProfile]:
        select = CreatorRow.select().order_by(CreatorRow.id, ascending=False).limit(query.limit)
        if query.owner_id is not None:
            select = select.where(CreatorRow.owner_id == query.owner_id)
        if query.before_id is not None:
            select = select.where(CreatorRow.id < query.before_id)
        return [_creator(row) for row in await select]

    async def creators_by_ids(self, creator_ids: Collection[UUID]) -> list[CreatorProfile]:
        """The creators with these ids, in one query (unknown ids are left out)."""
        ids = list(dict.fromkeys(creator_ids))
        if not ids:
            return []
        rows = await CreatorRow.select().where(CreatorRow.id.is_in(ids))
        return [_creator(row) for row in rows]

    async def get_work(self, work_id: UUID, *, for_update: bool = False) -> Work | None:
        select = WorkRow.select().where(WorkRow.id == work_id)
        # Inside a write transaction, lock the row so two writers cannot both read the old
        # state and the later save erase the earlier one. SQLite needs no row lock: its write
        # transactions are IMMEDIATE, one at a time.
        if for_update and WorkRow._meta.db.engine_type == "postgres":
            select = select.lock_rows("UPDATE")
        row = await select.first()
        return _work(row) if row else None

    async def works_by_ids(self, work_ids: Collection[UUID]) -> list[Work]:
        """The works with these ids, in one query (unknown ids are left out)."""
        ids = list(dict.fromkeys(work_ids))
        if not ids:
            return []
        rows = await WorkRow.select().where(WorkRow.id.is_in(ids))
        return [_work(row) for row in rows]

    async def add_work(self, work: Work) -> None:
        await WorkRow.insert(WorkRow(**_work_fields(work)))

    async def save_work(self, work: Work) -> None:
        fields: dict[Any, Any] = _work_fields(work)
        fields.pop("id")
        await WorkRow.update(fields, use_auto_update=False).where(WorkRow.id == work.id)

    async def list_works(self, query: WorkQuery) -> list[Work]:
        select = WorkRow.select().order_by(WorkRow.id, ascending=False).limit(query.limit)
        if not query.viewer_is_staff:
            listed: Any = (WorkRow.status == WorkStatus.PUBLISHED.value) & (
                WorkRow.visibility == Visibility.PUBLIC.value
            )
            if query.viewer_id is not None:
                listed = listed | (WorkRow.owner_id == query.viewer_id)
            select = select.where(listed)
        if query.creator_id is not None:
            select = select.where(WorkRow.creator == query.creator_id)
        if query.discipline is not None:
            select = select.where(WorkRow.discipline == query.discipline.value)
        if query.status is not None:
            select = select.where(WorkRow.status == query.status.value)
        if query.before_id is not None:
            select = select.where(WorkRow.id < query.before_id)
        return [_work(row) for row in await select]


def _creator_fields(creator: CreatorProfile) -> dict[str, Any]:
    return {
        "id": creator.id,
        "owner_id": creator.owner_id,
        "kind": creator.kind.value,
        "name": creator.name,
        "bios": creator.bios,
        "commune": creator.commune,
        "commune_code": creator.commune_code,
        "disciplines": [d.value for d in creator.disciplines],
        "links": creator.links,
        "created_at": creator.created_at,
        "updated_at": creator.updated_at,
    }


def _creator(row: dict[str, Any]) -> CreatorProfile:
    return CreatorProfile(
        id=as_uuid(row["id"]),
        owner_id=as_uuid(row["owner_id"]),
        kind=CreatorKind(row["kind"]),
        name=row["name"],
        bios=as_json(row["bios"]),
        commune=row["commune"],
        commune_code=row["commune_code"],
        disciplines=[Discipline(d) for d in as_json(row["disciplines"])],
        links=as_json(row["links"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
    )


def _work_fields(work: Work) -> dict[str, Any]:
    details = work.details
    return {
        "id": work.id,
        "creator": work.creator_id,
        "owner_id": work.owner_id,
        "titles": dict(details.titles),
        "descriptions": dict(details.descriptions),
        "discipline": details.discipline.value,
        "languages": list(details.languages),
        "year": details.year,
        "duration_s": details.duration_s,
        "credits": [
            {"name": c.name, "role": c.role.value, "isni": c.isni, "ipi": c.ipi}
            for c in details.credits
        ],
        "identifiers": dict(details.identifiers),
        "visibility": details.visibility.value,
        "status": work.status.value,
        "cover_key": work.cover_key,
        "moderation_hold": work.moderation_hold,
        "created_at": work.created_at,
        "updated_at": work.updated_at,
        "published_at": work.published_at,
        "media_event_at": work.media_event_at,
    }


def _work(row: dict[str, Any]) -> Work:
    details = WorkDetails(
        titles=as_json(row["titles"]),
        descriptions=as_json(row["descriptions"]),
        discipline=Discipline(row["discipline"]),
        languages=as_json(row["languages"]),
        year=row["year"],
        duration_s=row["duration_s"],
        credits=[
            Credit(name=c["name"], role=CreditRole(c["role"]), isni=c.get("isni"), ipi=c.get("ipi"))
            for c in as_json(row["credits"])
        ],
        identifiers=as_json(row["identifiers"]),
        visibility=Visibility(row["visibility"]),
    )
    return Work(
        id=as_uuid(row["id"]),
        creator_id=as_uuid(row["creator"]),
        owner_id=as_uuid(row["owner_id"]),
        details=details,
        status=WorkStatus(row["status"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        published_at=as_utc(row["published_at"]) if row["published_at"] else None,
        cover_key=row["cover_key"],
        moderation_hold=bool(row["moderation_hold"]),
        media_event_at=as_utc(row["media_event_at"]) if row["media_event_at"] else None,
    )
