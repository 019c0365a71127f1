"""The JSON shapes of the partner API's saved-search routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from marketplace.partners.saved_searches.domain import SavedSearch
from marketplace.partners.saved_searches.service import SavedSearchChange, SavedSearchRequest

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
    notify_members: bool = True  # a new match notifies the organisation's members
    send_webhooks: bool = True  # and goes to its endpoints subscribed to saved_search.matched

    def request(self) -> SavedSearchRequest:
        return SavedSearchRequest(
            self.name,
            self.query,
            dict(self.filters),
            self.starts_on,
            self.ends_on,
            self.notify_members,
            self.send_webhooks,
        )


class SavedSearchPatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Rename a saved search or turn its switches on or off; what is left out is unchanged.
    Its query and filters do not change: save another search instead."""

    name: Annotated[str, msgspec.Meta(max_length=300, examples=["Films SVOD Canada"])] | None = None
    notify_members: Annotated[bool | None, msgspec.Meta(examples=[False])] = None
    send_webhooks: bool | None = None

    def change(self) -> SavedSearchChange:
        return SavedSearchChange(self.name, self.notify_members, self.send_webhooks)


class SavedSearchOut(msgspec.Struct):
    id: UUID
    name: str
    query: str
    filters: dict[str, list[str]]
    starts_on: date | None
    ends_on: date | None
    created_at: datetime
    matches: int  # works matched so far
    last_matched_at: datetime | None
    notify_members: bool
    send_webhooks: bool


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
        last_matched_at=saved.last_matched_at,
        notify_members=saved.notify_members,
        send_webhooks=saved.send_webhooks,
    )
