"""What saved searches publish: a work newly matching an organisation's saved search (once)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class SavedSearchMatched(EventPayload, frozen=True, kw_only=True):
    saved_search_id: UUID
    organisation_id: UUID  # only this organisation's webhook endpoints hear of it
    work_id: UUID


SAVED_SEARCH_MATCHED = EventType(
    "saved_search.matched",
    SavedSearchMatched,
    "a newly published or newly offered work matches an organisation's saved search (once)",
)

PUBLISHED = (SAVED_SEARCH_MATCHED,)
