"""The search services with in-memory fakes: events keep the index equal to the catalogue,
reindexing swaps then catches up, and the audience never sees rights fields."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from accounts.domain import Principal, Role
from accounts.organisations.acting import ActingOrganisation
from accounts.organisations.domain import MemberRole, OrganisationKind, VerificationState
from infra.events.envelope import EventEnvelope
from infra.events.model import DomainEvent
from infra.events.types import EventType
from marketplace.catalogue.events import (
    CREATOR_UPDATED,
    WORK_CREATED,
    WORK_PUBLISHED,
    WORK_UPDATED,
    WORK_WITHDRAWN,
    CreatorEvent,
    WorkEvent,
)
from media.events import MEDIA_READY, AssetEvent
from search.documents import SearchDocument
from search.port import SearchQuery, SearchResults, Suggestion, View
from search.service import IndexingService, SearchService, view_for

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def doc(work_id: UUID, title: str = "Bèlè", **changes: Any) -> SearchDocument:
    base = SearchDocument(
        id=str(work_id),
        titles={"fr": title},
        descriptions={},
        creator_id="c",
        creator_name="Léna",
        credit_names=(),
        discipline="music",
        tags=(),
        languages=("fr",),
        commune=None,
        year=None,
        duration_s=None,
        price_cents=None,
        availability=(),
        has_preview=False,
        published_at=NOW,
        territories=("CA",),
        licence_types=("broadcast",),
    )
    return replace(base, **changes)


class FakeIndex:
    def __init__(self) -> None:
        self.documents: dict[str, SearchDocument] = {}
        self.writes: list[tuple[str, str]] = []
        self.built: list[SearchDocument] | None = None

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        for document in documents:
            self.documents[document.id] = document
            self.writes.append(("upsert", document.id))

    async def delete(self, ids: Sequence[str]) -> None:
        for document_id in ids:
            self.documents.pop(document_id, None)
            self.writes.append(("delete", document_id))

    async def search(self, query: SearchQuery) -> SearchResults:
        hits = tuple(self.documents.values())
        return SearchResults(hits=hits, total=len(hits), facets={"discipline": {}}, stats={})

    async def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        return [
            Suggestion(id=d.id, title=d.title, creator_name="") for d in self.documents.values()
        ][:limit]

    async def rebuild(self) -> FakeIndex.Build:
        return FakeIndex.Build(self)

    class Build:
        def __init__(self, owner: FakeIndex) -> None:
            self.owner = owner
            self.added: list[SearchDocument] = []

        async def add(self, documents: Sequence[SearchDocument]) -> None:
            self.added += documents

        async def publish(self) -> None:
            self.owner.documents = {d.id: d for d in self.added}
            self.owner.built = self.added

        async def discard(self) -> None:
            self.added = []


class FakeSource:
    """Works by id; `changes` are applied one per read, to play concurrent edits."""

    def __init__(self) -> None:
        self.works: dict[UUID, SearchDocument | None] = {}
        self.creators: dict[UUID, list[UUID]] = {}
        self.changed: list[UUID] = []
        self.changes: list[tuple[UUID, SearchDocument | None]] = []
        self.durations: list[int | None] = []

    async def document(self, work_id: UUID, duration_s: int | None = None) -> SearchDocument | None:
        self.durations.append(duration_s)
        found = self.works.get(work_id)
        if self.changes:
            changed_id, changed = self.changes.pop(0)
            self.works[changed_id] = changed
        return found

    async def listed(self, batch_size: int) -> AsyncIterator[list[SearchDocument]]:
        listed = [d for d in self.works.values() if d is not None]
        for start in range(0, len(listed), batch_size):
            yield listed[start : start + batch_size]

    async def count_listed(self) -> int:
        return sum(1 for d in self.works.values() if d is not None)

    async def works_of_creator(self, creator_id: UUID) -> list[UUID]:
        return self.creators.get(creator_id, [])

    async def changed_since(self, moment: datetime) -> list[UUID]:
        return self.changed


def envelope(event: DomainEvent) -> EventEnvelope:
    """A recorded event as a consumer receives it."""
    return EventEnvelope(
        id=event.id,
        type=event.type,
        aggregate_id=event.aggregate_id,
        payload=event.payload,
        occurred_at=NOW,
    )


def work_event(kind: EventType[WorkEvent], work_id: UUID) -> EventEnvelope:
    ids = {"creator_id": uuid.uuid4(), "owner_id": uuid.uuid4(), "by": uuid.uuid4()}
    return envelope(kind.event(work_id, WorkEvent(work_id=work_id, status="draft", **ids)))


def media_ready(work_id: UUID, role: str, duration_s: int | None) -> EventEnvelope:
    payload = AssetEvent(
        asset_id=uuid.uuid4(),
        work_id=work_id,
        owner_id=uuid.uuid4(),
        kind="audio" if role == "main" else "image",
        role=role,
        duration_s=duration_s,
    )
    return envelope(MEDIA_READY.event(payload.asset_id, payload))


async def test_events_upsert_listed_works_and_delete_the_others() -> None:
    index, source = FakeIndex(), FakeSource()
    service = IndexingService(index, source)
    work_id = uuid.uuid4()
    source.works[work_id] = doc(work_id)
    await service.handle(work_event(WORK_PUBLISHED, work_id))
    assert index.documents == {str(work_id): doc(work_id)}
    # The same event again changes nothing.
    await service.handle(work_event(WORK_PUBLISHED, work_id))
    assert index.documents == {str(work_id): doc(work_id)}
    source.works[work_id] = None  # withdrawn, made private, or deleted
    await service.handle(work_event(WORK_WITHDRAWN, work_id))
    assert index.documents == {}
    await service.handle(work_event(WORK_WITHDRAWN, work_id))
    assert index.documents == {}


async def test_media_ready_passes_the_duration_of_main_media_only() -> None:
    index, source = FakeIndex(), FakeSource()
    service = IndexingService(index, source)
    work_id = uuid.uuid4()
    source.works[work_id] = doc(work_id)
    await service.handle(media_ready(work_id, "main", 212))
    await service.handle(media_ready(work_id, "cover", None))
    assert source.durations == [212, 212, None, None]


async def test_a_change_during_indexing_is_written_too() -> None:
    index, source = FakeIndex(), FakeSource()
    service = IndexingService(index, source)
    work_id = uuid.uuid4()
    source.works[work_id] = doc(work_id, "Avant")
    # Withdrawn between the first read and the write of the stale document.
    source.changes = [(work_id, None)]
    await service.handle(work_event(WORK_UPDATED, work_id))
    assert index.documents == {}
    assert index.writes == [("upsert", str(work_id)), ("delete", str(work_id))]


async def test_creator_update_refreshes_every_work_of_the_creator() -> None:
    index, source = FakeIndex(), FakeSource()
    service = IndexingService(index, source)
    creator_id, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    source.works = {first: doc(first), second: None}
    source.creators[creator_id] = [first, second]
    await service.handle(
        envelope(
            CREATOR_UPDATED.event(
                creator_id, CreatorEvent(creator_id=creator_id, owner_id=uuid.uuid4())
            )
        )
    )
    assert index.documents == {str(first): doc(first)}
    assert ("delete", str(second)) in index.writes


async def test_other_events_are_ignored() -> None:
    index = FakeIndex()
    await IndexingService(index, FakeSource()).handle(work_event(WORK_CREATED, uuid.uuid4()))
    assert index.writes == []


async def test_reindex_builds_swaps_and_catches_up() -> None:
    index, source = FakeIndex(), FakeSource()
    service = IndexingService(index, source, batch_size=2)
    ids = [uuid.uuid4() for _ in range(5)]
    source.works = {work_id: doc(work_id) for work_id in ids}
    index.documents = {"stale": doc(uuid.uuid4())}
    late = uuid.uuid4()
    source.changed = [late]
    source.works[late] = None
    seen: list[tuple[int, int]] = []
    assert await service.reindex(lambda done, total: seen.append((done, total))) == 5
    assert set(index.documents) == {str(work_id) for work_id in ids}
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert ("delete", str(late)) in index.writes


async def test_audience_view_hides_rights_fields() -> None:
    index = FakeIndex()
    work_id = uuid.uuid4()
    await index.upsert([doc(work_id)])
    service = SearchService(index)
    audience = (await service.search(SearchQuery())).to_dict()
    assert "territories" not in audience["items"][0]
    assert audience["view"] == "audience"
    partner = (await service.search(SearchQuery(view=View.PARTNER))).to_dict()
    assert partner["items"][0]["territories"] == ["CA"]
    assert partner["total"] == 1
    assert [s.id for s in await service.suggest("b", 50)] == [str(work_id)]


def test_partner_view_is_for_verified_partner_organisations_and_staff() -> None:
    def principal(role: Role) -> Principal:
        return Principal(user_id=uuid.uuid4(), email="a@b.test", display_name="A", role=role)

    def acting(kind: OrganisationKind, state: VerificationState) -> ActingOrganisation:
        return ActingOrganisation(
            id=uuid.uuid4(),
            name="O",
            kind=kind,
            partner_kind=None,
            state=state,
            role=MemberRole.MEMBER,
        )

    partner = OrganisationKind.EXPORT_PARTNER
    assert view_for(None) is View.AUDIENCE
    assert view_for(principal(Role.AUDIENCE)) is View.AUDIENCE
    assert view_for(principal(Role.CREATOR)) is View.AUDIENCE
    # The old self-service role grants nothing any more.
    assert view_for(principal(Role.PARTNER)) is View.AUDIENCE
    assert view_for(principal(Role.STAFF)) is View.PARTNER
    member = principal(Role.AUDIENCE)
    assert view_for(member, acting(partner, VerificationState.VERIFIED)) is View.PARTNER
    for state in (VerificationState.REQUESTED, VerificationState.SUSPENDED):
        assert view_for(member, acting(partner, state)) is View.AUDIENCE
    organiser = acting(OrganisationKind.ORGANISER, VerificationState.VERIFIED)
    assert view_for(member, organiser) is View.AUDIENCE
