"""Rights held and availability: owners declare mandates, windows are licensed against them
(staff today, licence deals next), and each change recomputes the work's availability in the
same transaction, under the work's rights lock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.licensing import rules
from marketplace.licensing.deals.ports import Memberships
from marketplace.licensing.domain import (
    Grant,
    MandateRecord,
    Period,
    Refusal,
    Span,
    Status,
    availability,
    available_for,
    refusal,
    relative_period,
)
from marketplace.licensing.errors import LicensingError
from marketplace.licensing.events import AVAILABILITY_CHANGED, AvailabilityChanged
from marketplace.licensing.ports import RightsWorks, WindowRequest, WorkFacts
from marketplace.licensing.repository import LicensingRepository, WindowRecord

Clock = Callable[[], datetime]
REFUSALS = {
    Refusal.OUTSIDE_MANDATE: LicensingError.OUTSIDE_MANDATE,
    Refusal.EXCLUSIVE_CONFLICT: LicensingError.EXCLUSIVE_CONFLICT,
}


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _Change(EventRecorder):
    pass


class LicensingService:
    def __init__(
        self,
        repository: LicensingRepository,
        works: RightsWorks,
        unit_of_work: Callable[[], UnitOfWork],
        members: Memberships,
        clock: Clock = _utc_now,
    ) -> None:
        self._repo = repository
        self._works = works
        self._uow = unit_of_work
        self._members = members
        self._now = clock

    # Rights held ---------------------------------------------------------------------------

    async def mandates(self, who: Principal, work_id: UUID) -> list[MandateRecord]:
        work = await self._works.editable(who, work_id)
        return await self._repo.mandates(work_id, work.release_on)

    async def declare(
        self, who: Principal, work_id: UUID, data: rules.MandateInput
    ) -> MandateRecord:
        medium = rules.medium(data.medium)
        language = rules.language(data.language)
        countries = rules.countries(data.territory)
        relative = rules.relative(data)
        work = await self._works.editable(who, work_id)
        if relative is None:
            assert data.starts_on is not None  # rules.relative checked it
            period = rules.period(data.starts_on, data.ends_on)
        else:
            period = relative_period(work.release_on, *relative)
        holders = await self._works.rights_holders(who, work_id)
        if data.signatory_id not in holders:
            raise InvalidInput(LicensingError.UNKNOWN_SIGNATORY, signatory=str(data.signatory_id))
        if data.holder_org_id is not None:
            await self._check_holder(who, data.holder_org_id)
        grant = Grant(medium, language, countries, period, data.exclusive)
        mandate = MandateRecord(
            new_id(),
            work_id,
            grant,
            data.territory.strip(),
            data.signatory_id,
            relative,
            data.holder_org_id,
        )
        async with self._uow() as uow:
            await self._repo.lock(work_id, work.release_on)
            await self._repo.add_mandate(mandate, who.user_id, self._now())
            await self._recompute(uow, work_id, work.release_on)
        return mandate

    async def _check_holder(self, who: Principal, organisation_id: UUID) -> None:
        """Only a member who acts for the organisation (owner, admin, member) may have it hold
        a mandate: the work's owner brings the work, the membership brings the organisation
        (staff too, so no one names an organisation they do not belong to)."""
        acts = await self._members.acts_in(organisation_id, who.user_id)
        if acts is None:
            raise InvalidInput(LicensingError.HOLDER_ORGANISATION)
        if not acts:
            raise Forbidden(LicensingError.READ_ONLY)

    async def holder_organisations(self, who: Principal) -> dict[UUID, str]:
        """The organisations `who` acts for, which a mandate may name as its holder."""
        found = {}
        for organisation_id in await self._members.organisations_of(who.user_id):
            if await self._members.acts_in(organisation_id, who.user_id):
                identity = await self._members.identity(organisation_id)
                found[organisation_id] = identity.name if identity else ""
        return found

    async def organisation_names(self, mandates: list[MandateRecord]) -> dict[UUID, str]:
        names = {}
        for organisation_id in {m.holder_org_id for m in mandates if m.holder_org_id}:
            identity = await self._members.identity(organisation_id)
            names[organisation_id] = identity.name if identity else ""
        return names

    async def holders(self, who: Principal, work_id: UUID) -> dict[UUID, str]:
        """Who may sign and invoice for the work: its rights holders (owner or staff only)."""
        await self._works.editable(who, work_id)
        return await self._works.rights_holders(who, work_id)

    async def withdraw(self, who: Principal, work_id: UUID, mandate_id: UUID) -> None:
        """Withdraw a mandate; windows already licensed under it stay (they are contracts)."""
        work = await self._works.editable(who, work_id)
        async with self._uow() as uow:
            await self._repo.lock(work_id, work.release_on)
            if not await self._repo.remove_mandate(work_id, mandate_id):
                raise NotFound(LicensingError.MANDATE_NOT_FOUND)
            await self._recompute(uow, work_id, work.release_on)

    # Rights licensed (the `LicensedWindows` port) ------------------------------------------

    async def license(self, request: WindowRequest, by: UUID) -> UUID:
        work = await self._works.facts(request.work_id)
        if work is None:
            raise NotFound(LicensingError.WORK_NOT_FOUND)
        licensee = request.licensee.strip()
        if not 1 <= len(licensee) <= 200:
            raise InvalidInput(LicensingError.LICENSEE_REQUIRED)
        window = WindowRecord(
            new_id(), work.id, request.grant, request.territory, licensee, request.deal_id
        )
        async with self._uow() as uow:
            # Under the lock, two overlapping exclusive windows cannot both pass the check.
            await self._repo.lock(work.id, work.release_on)
            mandates = [m.grant for m in await self._repo.mandates(work.id, work.release_on)]
            windows = [w.grant for w in await self._repo.windows(work.id)]
            refused = refusal(request.grant, mandates, windows)
            if refused is not None:
                raise Conflict(REFUSALS[refused])
            await self._repo.add_window(window, by, self._now())
            await self._recompute(uow, work.id, work.release_on)
        return window.id

    # For licence deals: the caller's unit of work holds the work's rights lock ---------------

    async def lock_rights(self, work: WorkFacts) -> None:
        """Take the work's rights lock for the rest of the caller's transaction: read what
        holds a window only after this, so two deals cannot both pass the same check."""
        await self._repo.lock(work.id, work.release_on)

    async def refusal_for(self, work: WorkFacts, grant: Grant, held: list[Grant]) -> Refusal | None:
        """Why `grant` cannot be licensed next to the work's windows and the deals holding
        one (`held`, read under `lock_rights`)."""
        await self._repo.lock(work.id, work.release_on)
        mandates = [m.grant for m in await self._repo.mandates(work.id, work.release_on)]
        windows = [w.grant for w in await self._repo.windows(work.id)]
        return refusal(grant, mandates, windows + held)

    async def mandate_for(self, work: WorkFacts, grant: Grant) -> MandateRecord | None:
        """The first mandate that covers part of `grant`: its signatory signs, and the
        organisation holding it (if any) answers the deal."""
        for mandate in await self._repo.mandates(work.id, work.release_on):
            if mandate.grant.meets(grant) and (mandate.grant.exclusive or not grant.exclusive):
                return mandate
        return None

    async def record_deal_window(
        self, uow: UnitOfWork, work: WorkFacts, window: WindowRecord, by: UUID
    ) -> None:
        """A paid deal's window, recorded without a second check: its acceptance held it
        against every other deal under the same lock (and a withdrawn mandate does not undo
        a signed contract)."""
        await self._repo.lock(work.id, work.release_on)
        await self._repo.add_window(window, by, self._now())
        await self._recompute(uow, work.id, work.release_on)

    async def remove_deal_window(self, uow: UnitOfWork, work: WorkFacts, deal_id: UUID) -> None:
        await self._repo.lock(work.id, work.release_on)
        await self._repo.remove_deal_windows(work.id, deal_id)
        await self._recompute(uow, work.id, work.release_on)

    async def work_facts(self, work_id: UUID) -> WorkFacts | None:
        return await self._works.facts(work_id)

    async def windows(self, work_id: UUID) -> list[WindowRecord]:
        return await self._repo.windows(work_id)

    async def refresh(self, work_id: UUID) -> None:
        """Recompute from the stored rows (a work released: mandates counted from it start)."""
        work = await self._works.facts(work_id)
        if work is None:
            return
        async with self._uow() as uow:
            await self._repo.lock(work_id, work.release_on)
            await self._recompute(uow, work_id, work.release_on)

    async def _recompute(self, uow: UnitOfWork, work_id: UUID, release_on: date | None) -> None:
        version = await self._repo.lock(work_id, release_on) + 1
        mandates = [m.grant for m in await self._repo.mandates(work_id, release_on)]
        windows = [w.grant for w in await self._repo.windows(work_id)]
        await self._repo.store_availability(work_id, availability(mandates, windows), version)
        change = _Change()
        change.record(
            AVAILABILITY_CHANGED.event(
                work_id, AvailabilityChanged(work_id=work_id, version=version)
            )
        )
        uow.track(change)

    # Availability ---------------------------------------------------------------------------

    async def availability(self, work_id: UUID) -> list[Span]:
        return (await self._repo.availability([work_id])).get(work_id, [])

    async def visible_title(self, who: Principal, work_id: UUID) -> str | None:
        """The work's title if `who` may see it (a request form names what it asks for)."""
        if not await self._works.visible(who, [work_id]):
            return None
        work = await self._works.facts(work_id)
        return work.title if work else None

    async def availability_for(self, who: Principal, work_id: UUID) -> list[Span]:
        """A work's availability for a partner: not found unless they may see the work."""
        if not await self._works.visible(who, [work_id]):
            raise NotFound(LicensingError.WORK_NOT_FOUND)
        return await self.availability(work_id)

    async def check(
        self,
        who: Principal,
        work_ids: list[UUID],
        countries: frozenset[str],
        medium: str,
        period: Period,
        offered_only: bool = False,
    ) -> dict[UUID, dict[str, Status | None]]:
        """The period check after retrieval: for each candidate work, each country's best
        status over the whole period (None: not offered there all that time). With
        `offered_only`, only the works that can still be licensed in one of the countries."""
        work_ids = await self._works.visible(who, work_ids)
        spans = await self._repo.spans_meeting(work_ids, medium, countries, period, offered_only)
        found = {
            work_id: {
                country: available_for(spans.get(work_id, []), country, medium, period)
                for country in sorted(countries)
            }
            for work_id in work_ids
        }
        if offered_only:
            usable = {Status.EXCLUSIVE, Status.NON_EXCLUSIVE}
            found = {w: s for w, s in found.items() if usable & set(s.values())}
        return found
