"""Licence deals: a verified partner asks, the rights side offers or declines, the partner
accepts (the deal then holds its window under the work's rights lock), the order pays it and
the window is recorded as licensed. Notifications go out in the deciding transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, Conflict, Forbidden, InvalidInput, NotFound
from infra.events.model import EventRecorder
from infra.events.types import EventType
from infra.ids import new_id
from infra.notifications import NotificationKind, Notifier
from marketplace.licensing.deals import notifications as told
from marketplace.licensing.deals.domain import (
    MAX_TEXT,
    Deal,
    DealFault,
    DealRefused,
    DealState,
    Offer,
    Side,
)
from marketplace.licensing.deals.errors import DealError
from marketplace.licensing.deals.ports import Memberships, OrganisationIdentity
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.domain import Grant
from marketplace.licensing.errors import LicensingError
from marketplace.licensing.events import (
    DEAL_REQUESTED,
    DEAL_SIGNED,
    LICENCE_GRANTED,
    LICENCE_REVOKED,
    DealEvent,
)
from marketplace.licensing.ports import RightsWorks, WorkFacts
from marketplace.licensing.repository import WindowRecord
from marketplace.licensing.service import REFUSALS, LicensingService

log = logging.getLogger("lakou.licensing")
FAULTS: dict[DealFault, tuple[type[AppError], DealError]] = {
    DealFault.WRONG_STATE: (Conflict, DealError.WRONG_STATE),
    DealFault.NOT_YOUR_TURN: (Conflict, DealError.NOT_YOUR_TURN),
    DealFault.OFFER_EXPIRED: (Conflict, DealError.OFFER_EXPIRED),
    DealFault.INVALID_PRICE: (InvalidInput, DealError.INVALID_PRICE),
    DealFault.INVALID_EXPIRY: (InvalidInput, DealError.INVALID_EXPIRY),
}


@dataclass(frozen=True)
class Partner:
    """The verified organisation a partner acts as."""

    organisation_id: UUID
    name: str


@dataclass(frozen=True)
class DealAsk:
    work_id: UUID
    grant: Grant
    territory: str
    intended_use: str
    budget_cents: int | None


class _Events(EventRecorder):
    pass


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DealService:
    def __init__(
        self,
        licensing: LicensingService,
        works: RightsWorks,
        repository: DealRepository,
        members: Memberships,
        notifier: Callable[[], Notifier],
        unit_of_work: Callable[[], UnitOfWork],
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._licensing = licensing
        self._works = works
        self._repo = repository
        self._members = members
        self._notifier = notifier
        self._uow = unit_of_work
        self._now = clock

    async def request(self, who: Principal, partner: Partner, ask: DealAsk) -> Deal:
        """Checked against availability now (409 `outside_mandate` or `exclusive_conflict`)."""
        if len(ask.intended_use) > MAX_TEXT:
            raise InvalidInput(DealError.TEXT_TOO_LONG, max=MAX_TEXT)
        if not await self._works.visible(who, [ask.work_id]):
            raise NotFound(LicensingError.WORK_NOT_FOUND)
        work = await self._work(ask.work_id)
        now = self._now()
        async with self._uow() as uow:
            await self._licensing.lock_rights(work)
            held = [d.grant for d in await self._repo.holding(work.id, other_than=new_id())]
            refused = await self._licensing.refusal_for(work, ask.grant, held)
            if refused is not None:
                raise Conflict(REFUSALS[refused])
            mandate = await self._licensing.mandate_for(work, ask.grant)
            assert mandate is not None  # the grant lies inside a mandate
            deal = Deal(
                id=new_id(),
                work_id=work.id,
                grant=ask.grant,
                territory=ask.territory.strip(),
                partner_org_id=partner.organisation_id,
                partner_user_id=who.user_id,
                licensee=partner.name,
                # The work's owner answers for its holders (works belong to people), unless an
                # organisation holds the mandate: then its members answer.
                rights_user_id=work.owner_id,
                rights_org_id=mandate.holder_org_id,
                signatory_id=mandate.signatory_id,
                intended_use=ask.intended_use.strip(),
                budget_cents=ask.budget_cents,
                state=DealState.REQUESTED,
                offer=None,
                note="",
                order_id=None,
                created_at=now,
                updated_at=now,
            )
            await self._repo.add(deal)
            self._emit(uow, DEAL_REQUESTED, deal)
            for user_id in await self._rights_people(deal):
                await self._tell(told.REQUESTED, user_id, deal, work, "rights")
        return deal

    async def deals(self, who: Principal) -> tuple[list[Deal], list[Deal]]:
        """The deals of every organisation `who` belongs to, and those they answer for: under
        their own mandates, or the mandates of an organisation they belong to."""
        organisations = await self._members.organisations_of(who.user_id)
        return (
            await self._repo.of_partners(organisations),
            await self._repo.of_rights(who.user_id, organisations),
        )

    async def get(
        self, who: Principal, deal_id: UUID, *, to_act: bool = False
    ) -> tuple[Deal, Side]:
        """A deal and the caller's side; not found for anyone on neither side (a member
        removed from the partner organisation is no one's side any more). `to_act`: the
        caller is about to change it, which a read-only role may not (403 `read_only`)."""
        deal, side, acts = await self.view(who, deal_id)
        if to_act and not acts:
            raise Forbidden(DealError.READ_ONLY)
        return deal, side

    async def view(self, who: Principal, deal_id: UUID) -> tuple[Deal, Side, bool]:
        """A deal, the caller's side, and whether their role may act on it (the rights side
        always; on the partner side every role but read-only)."""
        deal = await self._repo.get(deal_id)
        if deal is None:
            raise NotFound(DealError.DEAL_NOT_FOUND)
        acts = await self._members.acts_in(deal.partner_org_id, who.user_id)
        rights_acts = None
        if acts is None and deal.rights_org_id is not None:
            rights_acts = await self._members.acts_in(deal.rights_org_id, who.user_id)
        side = deal.side_of(
            who.user_id,
            staff=who.is_staff,
            partner_member=acts is not None,
            rights_member=rights_acts is not None,
        )
        if side is None:
            raise NotFound(DealError.DEAL_NOT_FOUND)
        if side is Side.RIGHTS:
            # A read-only member of the holding organisation reads; staff and owners act.
            return deal, side, rights_acts is None or rights_acts or who.is_staff
        return deal, side, bool(acts)

    async def pay_as(self, who: Principal, deal_id: UUID) -> Deal:
        """A member of the partner organisation (not a read-only one) is about to pay: the
        deal becomes theirs to put in their cart, and no longer anyone else's."""
        async with self._uow():
            deal, _ = await self._locked(who, deal_id, Side.PARTNER)
            changed = _apply(lambda: deal.paid_by(who.user_id, self._now()))
            await self._repo.save(changed)
        return changed

    async def offer(self, who: Principal, deal_id: UUID, offer: Offer) -> Deal:
        if len(offer.terms) > MAX_TEXT:
            raise InvalidInput(DealError.TEXT_TOO_LONG, max=MAX_TEXT)
        async with self._uow():
            deal, work = await self._locked(who, deal_id, Side.RIGHTS)
            changed = _apply(lambda: deal.offered(offer, self._now()))
            await self._repo.save(changed)
            await self._tell(told.ANSWERED, deal.partner_user_id, changed, work, "partner")
        return changed

    async def decline(self, who: Principal, deal_id: UUID, note: str) -> Deal:
        if len(note) > MAX_TEXT:
            raise InvalidInput(DealError.TEXT_TOO_LONG, max=MAX_TEXT)
        async with self._uow():
            deal, work = await self._locked(who, deal_id, Side.RIGHTS)
            changed = _apply(lambda: deal.declined(note.strip(), self._now()))
            await self._repo.save(changed)
            await self._tell(told.ANSWERED, deal.partner_user_id, changed, work, "partner")
        return changed

    async def accept(self, who: Principal, deal_id: UUID) -> Deal:
        """The partner signs: under the work's rights lock, the deal must still fit next to
        the windows and every other deal holding one, then holds its own."""
        async with self._uow() as uow:
            deal, work = await self._locked(who, deal_id, Side.PARTNER)
            changed = _apply(lambda: deal.accepted(self._now()))
            held = [d.grant for d in await self._repo.holding(work.id, other_than=deal.id)]
            refused = await self._licensing.refusal_for(work, deal.grant, held)
            if refused is not None:
                raise Conflict(REFUSALS[refused])
            await self._repo.save(changed)
            self._emit(uow, DEAL_SIGNED, changed)
            for user_id in await self._rights_people(deal):
                await self._tell(told.SIGNED, user_id, changed, work, "rights")
        return changed

    async def cancel(self, who: Principal, deal_id: UUID) -> Deal:
        """Either side walks away before payment."""
        async with self._uow():
            deal, _ = await self._locked(who, deal_id, None)
            changed = _apply(lambda: deal.cancelled(self._now()))
            await self._repo.save(changed)
        return changed

    # The order's side (the `Sellable` adapter) ------------------------------------------------

    async def payable(self, deal_ids: list[UUID]) -> list[tuple[Deal, WorkFacts]]:
        """The deals a cart may hold: priced, and whose buyer still acts for the partner
        organisation (a member removed, or made read-only, since putting it in their cart
        finds it gone from there)."""
        found = []
        for deal in await self._repo.many(deal_ids):
            work = await self._works.facts(deal.work_id)
            if work is None or deal.offer is None:
                continue
            if deal.state is DealState.ACCEPTED and not await self._members.acts_in(
                deal.partner_org_id, deal.buyer_id
            ):
                continue
            found.append((deal, work))
        return found

    async def paid(self, deal_id: UUID, order_id: UUID | None, buyer_id: UUID) -> bool:
        """The deal's order is paid (or, `order_id` None, a bank transfer was recorded): its
        window is licensed. Runs in the payment's transaction, perhaps more than once (a
        licensed deal is left as it is)."""
        async with self._uow() as uow:
            deal = await self._locked_by_id(deal_id)
            if deal is None or deal.state is DealState.LICENSED:
                return False
            if deal.state is not DealState.ACCEPTED:
                # Paid after a cancellation: the money waits for staff's refund.
                log.warning("order %s paid deal %s in state %s", order_id, deal_id, deal.state)
                return False
            work = await self._work(deal.work_id)
            window = WindowRecord(
                new_id(), work.id, deal.grant, deal.territory, deal.licensee, deal.id
            )
            await self._licensing.record_deal_window(uow, work, window, buyer_id)
            changed = deal.licensed(order_id, self._now())
            await self._repo.save(changed)
            self._emit(uow, LICENCE_GRANTED, changed)
            await self._tell(told.GRANTED, deal.partner_user_id, changed, work, "partner")
            for user_id in await self._rights_people(deal):
                await self._tell(told.GRANTED, user_id, changed, work, "rights")
        return True

    async def expire(self, deal_id: UUID) -> bool:
        """Accepted but unpaid past the invoice's due day: the deal ends, its window is free."""
        async with self._uow():
            deal = await self._locked_by_id(deal_id)
            if deal is None or deal.state is not DealState.ACCEPTED:
                return False
            await self._repo.save(deal.cancelled(self._now()))
        return True

    async def refunded(self, deal_id: UUID) -> None:
        """The order was fully refunded: the licence is taken back, its window freed."""
        async with self._uow() as uow:
            deal = await self._locked_by_id(deal_id)
            if deal is None or deal.state is not DealState.LICENSED:
                return
            work = await self._work(deal.work_id)
            await self._licensing.remove_deal_window(uow, work, deal.id)
            changed = deal.refunded(self._now())
            await self._repo.save(changed)
            self._emit(uow, LICENCE_REVOKED, changed)

    # ----------------------------------------------------------------------------------------

    async def _locked(
        self, who: Principal, deal_id: UUID, wanted: Side | None
    ) -> tuple[Deal, WorkFacts]:
        """The deal, read again once its work's rights are locked (every change of a deal
        goes through here, so no two changes of one work's deals interleave), checked to be
        the caller's (`wanted`: their side must be that one)."""
        deal, _ = await self.get(who, deal_id, to_act=True)
        work = await self._work(deal.work_id)
        await self._licensing.lock_rights(work)
        deal, side = await self.get(who, deal_id, to_act=True)
        if wanted is not None and side is not wanted:
            raise Forbidden(DealError.OTHER_SIDE)
        return deal, work

    async def _locked_by_id(self, deal_id: UUID) -> Deal | None:
        deal = await self._repo.get(deal_id)
        work = await self._works.facts(deal.work_id) if deal else None
        if deal is None or work is None:
            return None
        await self._licensing.lock_rights(work)
        return await self._repo.get(deal_id)

    async def holding_identity(self, deal: Deal) -> OrganisationIdentity | None:
        """The identity of the organisation holding the deal's mandate (None: a person)."""
        if deal.rights_org_id is None:
            return None
        return await self._members.identity(deal.rights_org_id)

    async def _rights_people(self, deal: Deal) -> list[UUID]:
        """Who is told of the rights side's turn: the holding organisation's acting members,
        or the work's owner."""
        if deal.rights_org_id is None:
            return [deal.rights_user_id]
        return await self._members.acting_members(deal.rights_org_id)

    async def _work(self, work_id: UUID) -> WorkFacts:
        work = await self._works.facts(work_id)
        if work is None:
            raise NotFound(LicensingError.WORK_NOT_FOUND)
        return work

    def _emit(self, uow: UnitOfWork, kind: EventType[DealEvent], deal: Deal) -> None:
        events = _Events()
        payload = DealEvent(
            deal_id=deal.id,
            work_id=deal.work_id,
            partner_org_id=deal.partner_org_id,
            medium=deal.grant.medium,
            countries=sorted(deal.grant.countries),
            exclusive=deal.grant.exclusive,
            price_cents=deal.offer.price_cents if deal.offer else None,
        )
        events.record(kind.event(deal.id, payload))
        uow.track(events)

    async def _tell(
        self, kind: NotificationKind, user_id: UUID, deal: Deal, work: WorkFacts, side: str
    ) -> None:
        await self._notifier().notify(
            kind,
            user_id,
            key=f"{deal.id}:{deal.state.value}",
            params={
                "work": work.title,
                "licensee": deal.licensee,
                "medium": deal.grant.medium,
                "territory": deal.territory,
                "state": deal.state.value,
            },
            link=f"/licences/{deal.id}",
        )


def _apply(change: Callable[[], Deal]) -> Deal:
    try:
        return change()
    except DealRefused as refused:
        error, code = FAULTS[refused.fault]
        raise error(code) from None
