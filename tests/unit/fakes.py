"""In-memory fakes of the catalogue's ports, for unit tests of services.

`FakeCatalogueRepository` keeps copies, never the caller's objects: like the database, what a
service changed is stored only when it calls `add_*`/`save_*`, and every load returns a fresh
object without pending events. `FakeUnitOfWork` plays the transaction: events of tracked
aggregates reach `committed_events` only when the block exits without an exception, and when
it is given the repository, the repository's rows are restored on an exception (rollback).
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable
from types import TracebackType
from typing import Self, TypeVar
from uuid import UUID

from infra.events.model import DomainEvent, EventRecorder
from marketplace.catalogue.creators import CreatorProfile
from marketplace.catalogue.domain import Work
from marketplace.catalogue.media_port import SettledMedia
from marketplace.catalogue.repository import CreatorQuery, WorkQuery
from marketplace.catalogue.values import Visibility, WorkStatus

_Aggregate = TypeVar("_Aggregate", CreatorProfile, Work)


def _detached(aggregate: _Aggregate) -> _Aggregate:
    """A deep copy without pending events, as if stored and loaded again."""
    clone = copy.deepcopy(aggregate)
    clone.collect_events()
    return clone


def _newest_first(
    items: Iterable[_Aggregate], before_id: UUID | None, limit: int
) -> list[_Aggregate]:
    # The piccolo adapter orders by id descending; ids are time-ordered (UUIDv7-like), and
    # Python compares UUIDs by their integer value, the same order as PostgreSQL and SQLite.
    kept = [item for item in items if before_id is None or item.id < before_id]
    kept.sort(key=lambda item: item.id, reverse=True)
    return [_detached(item) for item in kept[:limit]]


class FakeCatalogueRepository:
    """Implements `CatalogueRepository` with the same visibility rules as the piccolo adapter."""

    def __init__(self) -> None:
        self.creators: dict[UUID, CreatorProfile] = {}
        self.works: dict[UUID, Work] = {}

    # Creators ---------------------------------------------------------------------------

    async def get_creator(self, creator_id: UUID) -> CreatorProfile | None:
        creator = self.creators.get(creator_id)
        return _detached(creator) if creator is not None else None

    async def add_creator(self, creator: CreatorProfile) -> None:
        if creator.id in self.creators:
            raise KeyError(f"duplicate creator id {creator.id}")
        self.creators[creator.id] = _detached(creator)

    async def save_creator(self, creator: CreatorProfile) -> None:
        if creator.id in self.creators:  # an UPDATE of a missing row changes nothing
            self.creators[creator.id] = _detached(creator)

    async def list_creators(self, query: CreatorQuery) -> list[CreatorProfile]:
        found = (
            c
            for c in self.creators.values()
            if query.owner_id is None or c.owner_id == query.owner_id
        )
        return _newest_first(found, query.before_id, query.limit)

    async def creators_by_ids(self, creator_ids: Collection[UUID]) -> list[CreatorProfile]:
        return [_detached(self.creators[i]) for i in set(creator_ids) if i in self.creators]

    # Works ------------------------------------------------------------------------------

    async def get_work(self, work_id: UUID, *, for_update: bool = False) -> Work | None:
        work = self.works.get(work_id)
        return _detached(work) if work is not None else None

    async def works_by_ids(self, work_ids: Collection[UUID]) -> list[Work]:
        return [_detached(self.works[i]) for i in set(work_ids) if i in self.works]

    async def add_work(self, work: Work) -> None:
        if work.id in self.works:
            raise KeyError(f"duplicate work id {work.id}")
        if work.creator_id not in self.creators:  # the table's foreign key
            raise KeyError(f"unknown creator {work.creator_id}")
        self.works[work.id] = _detached(work)

    async def save_work(self, work: Work) -> None:
        if work.id in self.works:
            self.works[work.id] = _detached(work)

    async def list_works(self, query: WorkQuery) -> list[Work]:
        return _newest_first(
            (w for w in self.works.values() if _matches(w, query)), query.before_id, query.limit
        )

    # Transactions -----------------------------------------------------------------------

    def snapshot(self) -> tuple[dict[UUID, CreatorProfile], dict[UUID, Work]]:
        return dict(self.creators), dict(self.works)

    def restore(self, state: tuple[dict[UUID, CreatorProfile], dict[UUID, Work]]) -> None:
        # Stored objects are never mutated in place (saves replace them), so shallow copies of
        # the dicts are enough to roll back.
        self.creators, self.works = dict(state[0]), dict(state[1])


def _listed_to(work: Work, query: WorkQuery) -> bool:
    if query.viewer_is_staff:
        return True
    if query.viewer_id is not None and work.owner_id == query.viewer_id:
        return True
    return work.status is WorkStatus.PUBLISHED and work.details.visibility is Visibility.PUBLIC


def _matches(work: Work, query: WorkQuery) -> bool:
    return (
        _listed_to(work, query)
        and (query.creator_id is None or work.creator_id == query.creator_id)
        and (query.discipline is None or work.details.discipline == query.discipline)
        and (query.status is None or work.status == query.status)
    )


class FakeUnitOfWork:
    """A `UnitOfWork` and its own factory: pass the instance where a factory is expected.

    Events of the aggregates tracked in a block are appended to `committed_events` when the
    block exits normally; on an exception nothing is committed (and the repository, if given,
    is rolled back). `commits` and `rollbacks` count the blocks.
    """

    def __init__(self, repository: FakeCatalogueRepository | None = None) -> None:
        self._repository = repository
        self._tracked: list[EventRecorder] = []
        self._snapshot: tuple[dict[UUID, CreatorProfile], dict[UUID, Work]] | None = None
        self._active = False
        self.committed_events: list[DomainEvent] = []
        self.commits = 0
        self.rollbacks = 0

    def __call__(self) -> Self:
        return self

    @property
    def committed_types(self) -> list[str]:
        return [event.type for event in self.committed_events]

    async def __aenter__(self) -> Self:
        if self._active:
            raise RuntimeError("FakeUnitOfWork blocks do not nest")
        self._active = True
        self._tracked = []
        if self._repository is not None:
            self._snapshot = self._repository.snapshot()
        return self

    def track(self, aggregate: EventRecorder) -> None:
        if not self._active:
            raise RuntimeError("track() outside a unit of work")
        self._tracked.append(aggregate)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._active = False
        tracked, self._tracked = self._tracked, []
        if exc is None:
            self.committed_events.extend(
                event for aggregate in tracked for event in aggregate.collect_events()
            )
            self.commits += 1
        else:
            if self._repository is not None and self._snapshot is not None:
                self._repository.restore(self._snapshot)
            self.rollbacks += 1
        self._snapshot = None


class FakeMainMedia:
    """The media context's answer about main media, set by the test per work."""

    def __init__(self) -> None:
        self.settled_works: dict[UUID, SettledMedia] = {}

    async def settled(self, work_id: UUID) -> SettledMedia | None:
        return self.settled_works.get(work_id)
