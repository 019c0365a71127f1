"""The JSON shapes of the partner API's saved-search routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from marketplace.partners.saved_searches.domain import SavedSearch
from marketplace.partners.saved_searches.service import SavedSearchRequest

Value = Annotated[str, msgspec.Meta(max_length=100)]


class SavedSearchIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The search API's words (`query`) and filters (`filters`: parameter -> values, as in
    `GET /api/search`), and optionally a period over which the rights asked by `territory` and
    `licence_type` must be offered every day (`starts_on`, `ends_on` inclusive, no end: open)."""

    name: Annotated[str, msgspec.Meta(max_length=300, examples=["Films en créole, SVOD Canada"])]
    query: Annotated[str, msgspec.Meta(max_length=300, examples=["kréyòl"])] = ""
    filters: Annotated[
        dict[Annotated[str, msgspec.Meta(max_length=40)], list[Value]],
        msgspec.Meta(
            examples=[{"discipline": ["film"], "territory": ["CA"], "licence_type": ["svod"]}]
        ),
    ] = msgspec.field(default_factory=dict)
    starts_on: Annotated[date | None, msgspec.Meta(examples=["2027-01-01"])] = None
    ends_on: Annotated[date | None, msgspec.Meta(examples=["2027-12-31"])] = None

    def request(self) -> SavedSearchRequest:
        return SavedSearchRequest(
            self.name, self.query, dict(self.filters), self.starts_on, self.ends_on
        )


class SavedSearchOut(msgspec.Struct):
    id: UUID
    name: str
    query: str
    filters: dict[str, list[str]]
    starts_on: date | None
    ends_on: date | None
    created_at: datetime
    matches: int  # works matched so far


class MatchOut(msgspec.Struct):
    work_id: UUID
    matched_at: datetime


def saved_search_out(saved: SavedSearch) -> SavedSearchOut:
    period = saved.period
    return SavedSearchOut(
        id=saved.id,
        name=saved.name,
        query=saved.criteria.text,
        filters={name: list(values) for name, values in saved.criteria.filters.items()},
        starts_on=period.starts_on if period else None,
        ends_on=period.ends_on if period else None,
        created_at=saved.created_at,
        matches=saved.matches,
    )
