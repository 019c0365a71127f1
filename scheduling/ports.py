"""The ports scheduling owns: who manages a scope's calendars.

A scope's owning module answers for it (markets says who runs a market); a scope kind nobody
answers for is managed by staff only.
"""

from __future__ import annotations

from typing import Protocol

from accounts.domain import Principal
from scheduling.domain import Scope


class ScheduleManagers(Protocol):
    """May `who` create calendars, resources and windows in `scope`?"""

    async def may_manage(self, who: Principal, scope: Scope) -> bool: ...


class StaffManagers:
    async def may_manage(self, who: Principal, scope: Scope) -> bool:
        return who.is_staff


class ManagersByScope:
    """The managers of each scope kind, as the owning modules registered them (their `wire`:
    `services.get(ManagersByScope).add("market", MarketManagers(...))`)."""

    def __init__(self, default: ScheduleManagers | None = None) -> None:
        self._default = default or StaffManagers()
        self._by_kind: dict[str, ScheduleManagers] = {}

    def add(self, scope_kind: str, managers: ScheduleManagers) -> None:
        if scope_kind in self._by_kind:
            raise ValueError(f"the {scope_kind!r} scope already has its managers")
        self._by_kind[scope_kind] = managers

    async def may_manage(self, who: Principal, scope: Scope) -> bool:
        managers = self._by_kind.get(scope.kind, self._default)
        return await managers.may_manage(who, scope)
