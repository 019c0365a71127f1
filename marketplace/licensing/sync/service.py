"""Ready-made sync licences: a music work's rights holder sets its tiers (or leaves the
defaults); a verified partner buys one in one step (a pending licence the cart sells through
the `Sellable` port); paid, the licence gets its certificate number and the ledger is told how
the fee is shared between the master and publishing sides; fully refunded, it is taken back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID
from zoneinfo import ZoneInfo

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, InvalidInput, NotFound
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.licensing.deals.service import Partner
from marketplace.licensing.events import SYNC_LICENCE_PAID, SyncLicencePaid
from marketplace.licensing.ports import RightsWorks, WorkFacts
from marketplace.licensing.sync import domain
from marketplace.licensing.sync.domain import (
    Billing,
    LicenceState,
    SyncLicence,
    TierError,
    TierRefusal,
    TierTerms,
)
from marketplace.licensing.sync.errors import SyncError
from marketplace.licensing.sync.repository import SyncRepository

MUSIC = "music"
# A licence starts on the day it is paid, in Martinique, where Lakou is established.
LAKOU_ZONE = ZoneInfo("America/Martinique")
REFUSALS = {
    TierRefusal.UNKNOWN_TIER: SyncError.UNKNOWN_TIER,
    TierRefusal.INVALID_PRICE: SyncError.INVALID_PRICE,
    TierRefusal.INVALID_SIDES: SyncError.INVALID_SIDES,
    TierRefusal.INVALID_USE: SyncError.INVALID_USE,
}


class BillingDetails(Protocol):
    """The buyer's organisation as an invoice names it, and the VAT rule that follows."""

    async def billing(self, organisation_id: UUID) -> Billing: ...


class SideTerms(Protocol):
    """Revenue's ledger: how a paid line is shared between a music work's two sides."""

    async def record_line_sides(self, order_id: UUID, line_id: UUID, master_bp: int) -> None: ...


def refused(error: TierError) -> InvalidInput | Conflict:
    if error.refusal is TierRefusal.NOT_OFFERED:
        return Conflict(SyncError.TIER_NOT_OFFERED, tier=error.value)
    allowed = ", ".join(tier.value for tier in domain.SyncTier)
    return InvalidInput(
        REFUSALS[error.refusal], tier=error.value, allowed=allowed, max=domain.MAX_USE
    )


class SyncService:
    def __init__(
        self,
        works: RightsWorks,
        repository: SyncRepository,
        sides: Callable[[], SideTerms],
        unit_of_work: Callable[[], UnitOfWork],
        billing: BillingDetails,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._works = works
        self._repo = repository
        self._sides = sides
        self._uow = unit_of_work
        self._billing = billing
        self._now = clock

    async def _music(self, work: WorkFacts | None) -> WorkFacts:
        if work is None:
            raise NotFound(SyncError.LICENCE_NOT_FOUND)
        if work.discipline != MUSIC:
            raise Conflict(SyncError.NOT_MUSIC)
        return work

    async def _visible(self, who: Principal, work_id: UUID) -> WorkFacts:
        if not await self._works.visible(who, [work_id]):
            raise NotFound(SyncError.LICENCE_NOT_FOUND)
        return await self._music(await self._works.facts(work_id))

    # The rights holder's side ----------------------------------------------------------------

    async def tiers(self, who: Principal, work_id: UUID) -> list[TierTerms]:
        """Every tier of a music work the caller may see, offered or not."""
        work = await self._visible(who, work_id)
        return domain.menu(await self._repo.tiers(work.id))

    async def offered_tiers(self, who: Principal, work_id: UUID) -> list[TierTerms]:
        """What a partner may buy: [] for a work that is not music."""
        work = await self._works.facts(work_id)
        if work is None or work.discipline != MUSIC:
            return []
        return [terms for terms in await self.tiers(who, work_id) if terms.offered]

    async def editable(self, who: Principal, work_id: UUID) -> WorkFacts:
        """The music work if the caller owns it (or is staff): 404/403 as the catalogue."""
        return await self._music(await self._works.editable(who, work_id))

    async def set_tiers(
        self, who: Principal, work_id: UUID, wanted: Sequence[tuple[str, int, int, bool]]
    ) -> list[TierTerms]:
        """(tier, price in cents, master side's basis points, offered) for each tier set."""
        work = await self.editable(who, work_id)
        try:
            checked = [domain.terms(*line) for line in wanted]
        except TierError as error:
            raise refused(error) from None
        async with self._uow():
            now = self._now()
            for terms in checked:
                await self._repo.save_tier(work.id, terms, who.user_id, now)
        return domain.menu(await self._repo.tiers(work.id))

    # The partner's side ----------------------------------------------------------------------

    async def buy(
        self, who: Principal, partner: Partner, work_id: UUID, tier: str, use: str
    ) -> SyncLicence:
        """A pending licence at the tier's price and terms, for the cart to sell."""
        work = await self._visible(who, work_id)
        try:
            wanted = domain.tier(tier)
            terms = domain.offered(await self._repo.tiers(work.id), wanted)
            text = domain.use_text(use)
        except TierError as error:
            raise refused(error) from None
        # Billed to the verified organisation (VIES asked here, within its time-out: the cart
        # charges the invoice's VAT right after).
        billing = await self._billing.billing(partner.organisation_id)
        licence = SyncLicence(
            id=new_id(),
            work_id=work.id,
            work_title=work.title,
            terms=terms,
            scope=domain.SCOPES[wanted],
            use=text,
            licensee=partner.name,
            partner_org_id=partner.organisation_id,
            buyer_id=who.user_id,
            seller_id=work.owner_id,
            state=LicenceState.PENDING,
            created_at=self._now(),
            billing=billing,
        )
        await self._repo.add(licence)
        return licence

    async def get(self, who: Principal, licence_id: UUID) -> SyncLicence:
        """The buyer's, the work owner's and staff's; not found for anyone else."""
        licence = await self._repo.get(licence_id)
        if licence is None or not (
            who.is_staff or who.user_id in (licence.buyer_id, licence.seller_id)
        ):
            raise NotFound(SyncError.LICENCE_NOT_FOUND)
        return licence

    async def certified(self, who: Principal, licence_id: UUID) -> SyncLicence:
        licence = await self.get(who, licence_id)
        if licence.state is not LicenceState.PAID:
            raise NotFound(SyncError.NOT_PAID)
        return licence

    async def licences(self, who: Principal) -> tuple[list[SyncLicence], list[SyncLicence]]:
        return await self._repo.of_person(who.user_id)

    # The `Sellable` port's calls -------------------------------------------------------------

    async def payable(self, licence_ids: list[UUID]) -> list[SyncLicence]:
        return await self._repo.many(licence_ids)

    async def paid(self, licence_id: UUID, order_id: UUID, line_id: UUID) -> None:
        """Runs in the settlement's transaction, perhaps more than once."""
        licence = await self._repo.get(licence_id)
        if licence is None:
            return
        today = self._now().astimezone(LAKOU_ZONE).date()
        changed = licence.paid(order_id, today)
        async with self._uow() as uow:
            moved = changed is not licence and await self._repo.move(changed, LicenceState.PENDING)
            if moved and changed.billing is not None:  # its invoice, issued by a worker
                uow.track(_paid_event(changed, line_id))
            # Told every time: the ledger keeps the first terms it was given for the line.
            await self._sides().record_line_sides(order_id, line_id, licence.terms.master_bp)

    async def refunded(self, licence_id: UUID) -> None:
        licence = await self._repo.get(licence_id)
        if licence is None or licence.state is not LicenceState.PAID:
            return
        await self._repo.move(replace(licence, state=LicenceState.REFUNDED), LicenceState.PAID)


class _Paid(EventRecorder):
    pass


def _paid_event(licence: SyncLicence, line_id: UUID) -> _Paid:
    assert licence.order_id is not None
    events = _Paid()
    paid = SyncLicencePaid(licence_id=licence.id, order_id=licence.order_id, line_id=line_id)
    events.record(SYNC_LICENCE_PAID.event(licence.id, paid))
    return events
