"""What markets need from other modules, as small ports (adapters in `adapters.py`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class OrganisationFacts:
    id: UUID
    name: str
    commune_code: str | None
    verified: bool


class Organisations(Protocol):
    async def facts(self, organisation_id: UUID) -> OrganisationFacts | None: ...

    async def is_member(self, organisation_id: UUID, user_id: UUID) -> bool: ...

    async def of_member(self, user_id: UUID) -> list[UUID]: ...


@dataclass(frozen=True)
class CreatorFacts:
    id: UUID
    owner_id: UUID
    name: str
    commune_code: str | None
    disciplines: Sequence[str]


@dataclass(frozen=True)
class WorkFacts:
    id: UUID
    creator_id: UUID
    owner_id: UUID
    titles: Mapping[str, str]
    discipline: str
    listed: bool  # published and public or unlisted: a visitor may see it on a stand
    cover: bool = False


class Catalogue(Protocol):
    async def creator(self, creator_id: UUID) -> CreatorFacts | None: ...

    async def works(self, work_ids: Sequence[UUID]) -> dict[UUID, WorkFacts]: ...

    async def own_works(self, owner_id: UUID, creator_id: UUID | None) -> list[WorkFacts]:
        """The person's works (under one profile of theirs when named), newest first."""
        ...


@dataclass(frozen=True)
class Price:
    offer_id: UUID
    pricing: str
    price_cents: int
    minimum_cents: int


@dataclass(frozen=True)
class WorkPrices:
    everyday: Price | None
    market: Price | None = None
    # The market price's window (it is sold only inside it).
    market_window: tuple[datetime, datetime] | None = field(default=None)


class Prices(Protocol):
    async def of_works(
        self, work_ids: Sequence[UUID], market_id: UUID
    ) -> dict[UUID, WorkPrices]: ...
