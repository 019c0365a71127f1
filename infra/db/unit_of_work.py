"""One database transaction per use case, with the aggregates' events written to the outbox.

The events are appended just before the commit, inside the same transaction: either the rows
and their events are stored together, or neither is.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol, Self

from piccolo.engine.base import Engine

from infra.db.engine import write_transaction
from infra.events.model import EventRecorder
from infra.events.outbox import OUTBOX_BELL, append_to_outbox


class UnitOfWork(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def track(self, aggregate: EventRecorder) -> None: ...


class PiccoloUnitOfWork:
    def __init__(self, engine: Engine[Any]) -> None:
        self._engine = engine
        self._tracked: list[EventRecorder] = []

    async def __aenter__(self) -> Self:
        self._tracked = []
        self._transaction = write_transaction(self._engine)
        await self._transaction.__aenter__()
        return self

    def track(self, aggregate: EventRecorder) -> None:
        self._tracked.append(aggregate)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        events = []
        if exc is None:
            try:
                events = [
                    event for aggregate in self._tracked for event in aggregate.collect_events()
                ]
                await append_to_outbox(events)
            except BaseException as error:
                await self._transaction.__aexit__(type(error), error, error.__traceback__)
                raise
        await self._transaction.__aexit__(exc_type, exc, tb)
        if events:
            OUTBOX_BELL.ring()  # committed: a relay of this process may send them now
