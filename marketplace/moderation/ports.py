"""What moderation asks of the modules whose things can be reported.

A target is a (kind, id) pair. Each kind has one small port, `ReportTarget`, registered in
`ReportTargets` by the composition root: "work" and "creator" go through the catalogue
(`lakou/moderation_adapters.py`); markets add "stand" by registering theirs, and this module
does not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from accounts.domain import Principal
from infra.errors import InvalidInput
from marketplace.moderation.errors import ModerationError


@dataclass(frozen=True)
class TargetSummary:
    kind: str
    id: UUID
    title: str
    owner_id: UUID
    status: str  # as its module says it ("published", "withdrawn", "private"…)
    public: bool  # anyone may see it now
    link: str  # its public page, a path on this site


class ReportTarget(Protocol):
    @property
    def kind(self) -> str: ...

    async def summary(self, target_id: UUID) -> TargetSummary | None:
        """The item as staff see it, whatever its state; None if there is no such item."""
        ...

    async def hide(self, staff: Principal, target_id: UUID, reason: str) -> Mapping[str, Any]:
        """Make it unseen by the public until staff restore it; what `restore` needs back."""
        ...

    async def take_down(self, staff: Principal, target_id: UUID, reason: str) -> Mapping[str, Any]:
        """Withdraw it as staff, with the reason; what `restore` needs back."""
        ...

    async def restore(self, staff: Principal, target_id: UUID, undo: Mapping[str, Any]) -> None:
        """Undo `hide` or `take_down`, given what it returned."""
        ...


class ReportTargets:
    """The reportable kinds; each module adds its own."""

    def __init__(self) -> None:
        self._by_kind: dict[str, ReportTarget] = {}

    def add(self, target: ReportTarget) -> None:
        self._by_kind[target.kind] = target

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self._by_kind)

    def get(self, kind: str) -> ReportTarget:
        target = self._by_kind.get(kind)
        if target is None:
            raise InvalidInput(
                ModerationError.UNKNOWN_TARGET_KIND,
                kind=kind[:30],
                allowed=", ".join(self._by_kind),
            )
        return target
