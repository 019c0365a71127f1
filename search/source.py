"""Where search documents come from: the catalogue, plus facts held by media (previews,
renditions) and entitlements (free works).

`WorkSource` is the port the indexing service uses; `CatalogueSource` reads the catalogue
through its repository and the media tables directly (read only: search is a read model).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, Protocol
from uuid import UUID

from infra.db.values import as_uuid
from marketplace.catalogue.creators import CreatorProfile
from marketplace.catalogue.repository import CatalogueRepository, CreatorQuery, WorkQuery
from marketplace.catalogue.tables import WorkRow
from marketplace.catalogue.values import Visibility, WorkStatus
from marketplace.licensing.domain import Status
from marketplace.licensing.stored import spans_from
from marketplace.licensing.tables import AvailabilityRow
from marketplace.offers.tables import OfferRow
from media.access.playback import PREVIEW_ROLES
from media.assets.domain import PLAYABLE, TRACK_ROLES
from media.assets.tables import EntitlementRow, MediaAssetRow
from search.documents import SearchDocument, WorkExtras, build_document, is_listed

PLAYABLE_KINDS = frozenset({"audio", "video"})


class WorkSource(Protocol):
    async def document(self, work_id: UUID, duration_s: int | None = None) -> SearchDocument | None:
        """The document of a listed work; None when the work is missing or not listed."""
        ...

    def listed(self, batch_size: int) -> AsyncIterator[list[SearchDocument]]:
        """Every listed work's document, in batches."""
        ...

    async def count_listed(self) -> int: ...

    async def works_of_creator(self, creator_id: UUID) -> list[UUID]: ...

    async def changed_since(self, moment: datetime) -> list[UUID]: ...


class CatalogueSource:
    def __init__(self, repository: CatalogueRepository) -> None:
        self._repo = repository

    async def document(self, work_id: UUID, duration_s: int | None = None) -> SearchDocument | None:
        work = await self._repo.get_work(work_id)
        if work is None:
            return None
        creator = await self._repo.get_creator(work.creator_id)
        if creator is None:
            return None
        extras = (await self._extras([work_id])).get(work_id, WorkExtras())
        if duration_s:
            extras = replace(extras, duration_s=duration_s)
        return build_document(work, creator, extras)

    async def listed(self, batch_size: int) -> AsyncIterator[list[SearchDocument]]:
        creators = {creator.id: creator for creator in await self._all_creators(batch_size)}
        cursor: UUID | None = None
        while True:
            # The staff view reads every work by id order (the primary key, a cheap cursor);
            # `build_document` keeps the listed ones.
            works = await self._repo.list_works(
                WorkQuery(viewer_id=None, viewer_is_staff=True, before_id=cursor, limit=batch_size)
            )
            if not works:
                return
            cursor = works[-1].id
            listed = [work for work in works if is_listed(work)]
            for creator_id in {work.creator_id for work in listed} - creators.keys():
                creator = await self._repo.get_creator(creator_id)  # created meanwhile
                if creator is not None:
                    creators[creator_id] = creator
            extras = await self._extras([work.id for work in listed])
            batch = []
            for work in listed:
                creator = creators.get(work.creator_id)
                document = build_document(work, creator, extras.get(work.id)) if creator else None
                if document is not None:
                    batch.append(document)
            yield batch
            if len(works) < batch_size:
                return

    async def _all_creators(self, page: int) -> list[CreatorProfile]:
        found: list[CreatorProfile] = []
        cursor: UUID | None = None
        while True:
            creators = await self._repo.list_creators(CreatorQuery(before_id=cursor, limit=page))
            found += creators
            if len(creators) < page:
                return found
            cursor = creators[-1].id

    async def count_listed(self) -> int:
        return int(
            await WorkRow.count().where(
                (WorkRow.status == WorkStatus.PUBLISHED.value)
                & (WorkRow.visibility == Visibility.PUBLIC.value)
            )
        )

    async def works_of_creator(self, creator_id: UUID) -> list[UUID]:
        rows = await WorkRow.select(WorkRow.id).where(WorkRow.creator == creator_id)
        return [as_uuid(row["id"]) for row in rows]

    async def changed_since(self, moment: datetime) -> list[UUID]:
        rows = await WorkRow.select(WorkRow.id).where(WorkRow.updated_at >= moment)
        return [as_uuid(row["id"]) for row in rows]

    async def _extras(self, work_ids: Sequence[UUID]) -> dict[UUID, WorkExtras]:
        if not work_ids:
            return {}
        assets = (
            await MediaAssetRow.select(
                MediaAssetRow.work_id, MediaAssetRow.kind, MediaAssetRow.manifest
            )
            .where(
                MediaAssetRow.work_id.is_in(list(work_ids))
                & (MediaAssetRow.role == "main")
                & (MediaAssetRow.status == "ready")
            )
            .order_by(MediaAssetRow.id, ascending=False)
        )
        latest: dict[UUID, dict[str, Any]] = {}
        for row in assets:
            latest.setdefault(as_uuid(row["work_id"]), row)
        free_rows = await EntitlementRow.select(EntitlementRow.work_id).where(
            EntitlementRow.work_id.is_in(list(work_ids))
            & EntitlementRow.user_id.is_null()
            & EntitlementRow.revoked_at.is_null()
        )
        free = {as_uuid(row["work_id"]) for row in free_rows}
        offer_rows = await OfferRow.select(
            OfferRow.work_id, OfferRow.pricing, OfferRow.price_cents
        ).where(
            OfferRow.work_id.is_in(list(work_ids))
            & (OfferRow.active == True)  # noqa: E712
            # The everyday price: a market's own price shows on the market's pages.
            & (OfferRow.scope_key == "everywhere")
        )
        offers = {as_uuid(row["work_id"]): row for row in offer_rows}
        rights = await _rights(work_ids, datetime.now(UTC).date())
        versions = await _version_languages(work_ids)
        found: dict[UUID, WorkExtras] = {}
        for work_id in work_ids:
            asset = latest.get(work_id)
            found[work_id] = WorkExtras(
                has_preview=asset is not None and _has_preview(asset["manifest"]),
                streamable=asset is not None and asset["kind"] in PLAYABLE_KINDS,
                free=work_id in free,
                price_cents=_price(offers.get(work_id)),
                buyable=work_id in offers and offers[work_id]["pricing"] != "free",
                **rights.get(work_id, {}),
                version_languages=versions.get(work_id, ()),
            )
        return found


async def _version_languages(work_ids: Sequence[UUID]) -> dict[UUID, tuple[str, ...]]:
    """The languages of each work's playable versions (audio tracks, subtitles), sorted."""
    rows = await MediaAssetRow.select(MediaAssetRow.work_id, MediaAssetRow.language).where(
        MediaAssetRow.work_id.is_in(list(work_ids))
        & MediaAssetRow.role.is_in([role.value for role in TRACK_ROLES])
        & MediaAssetRow.status.is_in([status.value for status in PLAYABLE])
        & MediaAssetRow.language.is_not_null()
    )
    found: dict[UUID, set[str]] = {}
    for row in rows:
        found.setdefault(as_uuid(row["work_id"]), set()).add(str(row["language"]))
    return {work_id: tuple(sorted(languages)) for work_id, languages in found.items()}


def _price(offer: dict[str, Any] | None) -> int | None:
    if offer is None:
        return None
    return 0 if offer["pricing"] == "free" else int(offer["price_cents"])


def _has_preview(manifest: Any) -> bool:
    entries: Iterable[dict[str, Any]] = (
        json.loads(manifest) if isinstance(manifest, str) else manifest or []
    )
    return any(entry.get("role") in PREVIEW_ROLES and entry.get("path") for entry in entries)


async def _rights(work_ids: Sequence[UUID], today: date) -> dict[UUID, dict[str, Any]]:
    """The rights fields from licensing's precomputed availability: the countries and media
    still offered today or later, and their `CA:svod` tokens (periods are checked after
    retrieval, against the same rows)."""
    rows = await AvailabilityRow.select(
        AvailabilityRow.work_id, AvailabilityRow.medium, AvailabilityRow.spans
    ).where(AvailabilityRow.work_id.is_in(list(work_ids)))
    tokens: dict[UUID, set[str]] = {}
    for row in rows:
        for span in spans_from(row["medium"], row["spans"]):
            if span.status is not Status.LICENSED and span.period.stop > today:
                found = tokens.setdefault(as_uuid(row["work_id"]), set())
                found.update(f"{country}:{span.medium}" for country in span.countries)
    return {
        work_id: {
            "licensable": True,
            "territories": tuple(sorted({token[:2] for token in found})),
            "licence_types": tuple(sorted({token[3:] for token in found})),
            "rights": tuple(sorted(found)),
        }
        for work_id, found in tokens.items()
    }
