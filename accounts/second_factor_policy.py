"""Who must have a second factor before doing anything else: a list of rules other modules
extend (the organisations module adds "owns an organisation" when its setting says so).

    services.get(TotpRequirements).add(owns_an_organisation)   # in a module's `wire`

A rule gets the signed-in person and says whether they must enrol; it runs only for people
without TOTP, on routes that are not part of enrolling (see `accounts.auth`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from accounts.domain import Principal

TotpRule = Callable[[Principal], Awaitable[bool]]


class TotpRequirements:
    def __init__(self, *, staff: bool) -> None:
        self._rules: list[TotpRule] = []
        if staff:
            self._rules.append(_is_staff)

    def add(self, rule: TotpRule) -> None:
        self._rules.append(rule)

    async def must_enrol(self, principal: Principal) -> bool:
        if principal.totp_enabled:
            return False
        for rule in self._rules:
            if await rule(principal):
                return True
        return False


async def _is_staff(principal: Principal) -> bool:
    return principal.is_staff
