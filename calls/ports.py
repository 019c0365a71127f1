"""What calls ask of the rest of Lakou, owned here and adapted in the composition root.

- `ApplicantWorks`: "is this work in this person's catalogue?" — calls may not import the
  catalogue (it sits above, in `marketplace`), so `lakou/` adapts it.
- `CallManagers`: "may this person manage the calls of this scope?" — answered by the module
  that opens calls of a scope kind (markets for "market"); staff only until one registers.
- `EntryFees`: "may calls of this scope carry a fee, and who receives it?" — the composition
  root sells fees through the orders module's `Sellable` (lakou/call_fees.py) and a module
  opening calls names the payee of its scope kind (`FeePayees`); until both are there, a call
  with a fee is refused (422 `fees_unavailable`). Whether a fee is paid is the calls' own
  record (calls/fees.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from accounts.domain import Principal
from calls.domain import OwnerScope


@dataclass(frozen=True)
class ApplicantWork:
    id: UUID
    title: str
    discipline: str  # the catalogue's discipline value (music, film, books…)


class ApplicantWorks(Protocol):
    async def work_of(self, person_id: UUID, work_id: UUID) -> ApplicantWork | None:
        """The work when it is in the person's catalogue; None otherwise (not theirs, none)."""
        ...

    async def works_of(self, person_id: UUID) -> list[ApplicantWork]:
        """The person's works, for the form's choice (newest first)."""
        ...

    def disciplines(self) -> frozenset[str]:
        """The discipline values a call's eligibility may name."""
        ...


class CallManagers(Protocol):
    async def may_manage(self, who: Principal, scope: OwnerScope) -> bool: ...


class StaffManagers:
    """The default answer for a scope kind no module claimed: Lakou's staff only."""

    async def may_manage(self, who: Principal, scope: OwnerScope) -> bool:
        return who.is_staff


class CallScopes:
    """Who manages calls, by scope kind. A module opening calls registers its own answer:

    services.get(CallScopes).register("market", MarketCallManagers(...))
    """

    def __init__(self, default: CallManagers | None = None) -> None:
        self._default = default or StaffManagers()
        self._by_kind: dict[str, CallManagers] = {}

    def register(self, scope_kind: str, managers: CallManagers) -> None:
        self._by_kind[scope_kind] = managers

    async def may_manage(self, who: Principal, scope: OwnerScope) -> bool:
        """Staff manage every call, as they see every organisation."""
        if who.is_staff:
            return True
        managers = self._by_kind.get(scope.kind, self._default)
        return await managers.may_manage(who, scope)


class FeePayees(Protocol):
    async def payee(self, scope: OwnerScope) -> UUID | None:
        """The account that receives the fees of this scope's calls; None: nobody can."""
        ...


class EntryFees:
    """Who receives entry fees, by scope kind, once something sells them:

    services.get(EntryFees).sold_as("calls.entry_fee")          # the composition root
    services.get(EntryFees).register("market", MarketFeePayees(...))  # the markets
    """

    def __init__(self) -> None:
        self._by_kind: dict[str, FeePayees] = {}
        self.item_kind: str | None = None  # the cart's item kind for a fee, once sold

    def sold_as(self, item_kind: str) -> None:
        self.item_kind = item_kind

    def register(self, scope_kind: str, payees: FeePayees) -> None:
        self._by_kind[scope_kind] = payees

    def accepts(self, scope_kind: str) -> bool:
        return self.item_kind is not None and scope_kind in self._by_kind

    async def payee(self, scope: OwnerScope) -> UUID | None:
        payees = self._by_kind.get(scope.kind)
        return await payees.payee(scope) if payees is not None and self.item_kind else None
