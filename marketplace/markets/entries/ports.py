"""What accepted entries need to place an applicant on a stand (adapters in `adapters.py`)."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from marketplace.markets.stand import ExhibitorKind


class Applicants(Protocol):
    async def acted_as(self, submission_id: UUID) -> UUID | None:
        """The organisation the applicant applied as, or None for a person."""
        ...

    async def exhibitor_kind(self, organisation_id: UUID) -> ExhibitorKind:
        """How an organisation exhibits: a label, a production company, an institution."""
        ...
