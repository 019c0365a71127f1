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
        self._booked_by_owner: set[str] = set()

    def add(
        self, scope_kind: str, managers: ScheduleManagers, *, booked_by_owner: bool = False
    ) -> None:
        """`booked_by_owner`: the owning module books its calendars' resources itself (a
        market's meetings and programme); nobody books them through the generic routes."""
        if scope_kind in self._by_kind:
            raise ValueError(f"the {scope_kind!r} scope already has its managers")
        self._by_kind[scope_kind] = managers
        if booked_by_owner:
            self._booked_by_owner.add(scope_kind)

    def booked_by_owner(self, scope_kind: str) -> bool:
        return scope_kind in self._booked_by_owner

    async def may_manage(self, who: Principal, scope: Scope) -> bool:
        managers = self._by_kind.get(scope.kind, self._default)
        return await managers.may_manage(who, scope)
