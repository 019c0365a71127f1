"""What screeners ask of other modules, as small ports (adapters in `adapters.py`).

`MarkedStreams` is the contract with media's forensic watermark (`media/watermark/`, its
`MarkedCopies` service): each invitation is an opaque holder (`holder_ref`, the invitation id
as a string) that receives its own marked copy. Until that service is registered, the
composition root registers `UnmarkedStreams` (`unmarked.py`), which serves the work's normal
renditions signed for the viewer: the module works end to end, without a forensic mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


class MarkedStreams(Protocol):
    async def issue(self, asset_id: UUID, holder_ref: str) -> None:
        """Give an opaque holder a codeword of its own (idempotent)."""
        ...

    async def prepare(self, asset_id: UUID) -> None:
        """Start making the marked renditions of the asset (idempotent)."""
        ...

    async def state(self, asset_id: UUID) -> str:
        """ "absent", "preparing", "ready" or "failed"."""
        ...

    async def master_playlist(self, asset_id: UUID, holder_ref: str, expires_at: datetime) -> str:
        """An HLS master playlist whose segment URLs are signed for that holder."""
        ...

    async def stamped_document(self, asset_id: UUID, holder_ref: str, visible_line: str) -> bytes:
        """The book, stamped for that holder with `visible_line` on every page."""
        ...


# What `MarkedStreams.state` answers.
ABSENT, PREPARING, READY, FAILED = "absent", "preparing", "ready", "failed"


@dataclass(frozen=True)
class MainMedia:
    """A work's newest main media, whatever its state."""

    asset_id: UUID
    kind: str  # video, audio, book, image, game
    status: str  # media's asset status: uploaded, processing, ready, failed…
    duration_s: float
    renditions: tuple[str, ...]  # the HLS rungs' labels ("540p", "audio")
    content_type: str | None = None


class WorkMedia(Protocol):
    async def main_media(self, work_id: UUID) -> MainMedia | None: ...


@dataclass(frozen=True)
class WorkFacts:
    id: UUID
    owner_id: UUID
    title: str
    withdrawn: bool = False  # by its owner or by moderation: its screeners stop playing


class Works(Protocol):
    async def work(self, work_id: UUID) -> WorkFacts | None: ...

    async def owned(self, owner_id: UUID) -> list[WorkFacts]:
        """The person's own works (those of their creator profiles), newest first."""
        ...

    async def of_ids(self, work_ids: Sequence[UUID]) -> list[WorkFacts]: ...


@dataclass(frozen=True)
class ExhibitedStand:
    id: UUID
    market_id: UUID
    work_ids: tuple[UUID, ...]


class Stands(Protocol):
    async def exhibited(self, who_id: UUID, is_staff: bool, stand_id: UUID) -> ExhibitedStand:
        """The stand, when the person exhibits on it; NotFound or Forbidden otherwise."""
        ...


@dataclass(frozen=True)
class Person:
    user_id: UUID | None  # None: an address with no account yet
    email: str
    name: str
    organisation: str = ""


class People(Protocol):
    async def by_emails(self, emails: Sequence[str]) -> list[Person]:
        """One person per address: the account holding it, or the bare address."""
        ...

    async def of_organisation(self, organisation_id: UUID) -> tuple[str, list[Person]] | None:
        """The organisation's name and members; None if there is no such organisation."""
        ...

    async def accredited(self, market_id: UUID, category: str | None) -> list[Person] | None:
        """The market's granted professionals (of one category); None if no such market."""
        ...

    async def organisation_of(self, user_id: UUID) -> str:
        """The name of an organisation the person belongs to ("" when none)."""
        ...

    async def name_of(self, user_id: UUID) -> str:
        """The person's display name ("" when the account is gone)."""
        ...
