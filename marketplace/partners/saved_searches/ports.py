"""What saved searches need from the search context, adapted there (search sits above the
marketplace, so it implements this port and registers it; see `search/saved_matching.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from marketplace.partners.saved_searches.domain import Criteria


class SearchMatcher(Protocol):
    def checked(self, criteria: Criteria) -> Criteria:
        """The criteria as the search API would take them (InvalidInput with the search's own
        error codes otherwise), their values trimmed and deduplicated."""
        ...

    async def matching(self, work_id: UUID, criteria: Sequence[Criteria]) -> list[bool]:
        """For each criteria, whether the work — listed now, as search indexes it — meets it
        (all False for a work that is not listed)."""
        ...
