"""Contracts: drawn by a worker once the partner accepts the quote (`licensing.deal_signed`),
read and accepted by both sides; the second acceptance opens payment and has the invoice issued
(`licensing.contract_accepted`, in the same transaction).

The PDF is stored by its content (`licensing/contracts/<deal>/<sha256>.pdf`), rendered before
the write transaction (SQLite holds its one write lock meanwhile), so a redelivered event
renders the same bytes again and writes no second row.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, Conflict, InvalidInput, NotFound
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.events.model import EventRecorder
from infra.i18n.languages import SOURCE
from infra.ids import new_id
from marketplace.licensing.contracts.domain import (
    Acceptance,
    Contract,
    ContractFault,
    ContractRefused,
    kind_of,
)
from marketplace.licensing.contracts.errors import PaperworkError
from marketplace.licensing.contracts.parties import ContractParties
from marketplace.licensing.contracts.rendering import ContractFacts, ContractRenderer
from marketplace.licensing.contracts.repository import ContractRepository
from marketplace.licensing.deals.domain import Deal, DealState, Side
from marketplace.licensing.deals.errors import DealError
from marketplace.licensing.deals.ports import OrganisationIdentity
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.deals.service import DealService
from marketplace.licensing.deliverables.repository import DeliverableRepository
from marketplace.licensing.events import CONTRACT_ACCEPTED, DEAL_SIGNED, ContractAccepted
from marketplace.licensing.ports import RightsWorks
from marketplace.licensing.service import LicensingService
from marketplace.licensing.settings import LicensingSettings
from media.storage.port import ObjectStorage

CONSUMER = "licensing.contract"
FAULTS: dict[ContractFault, tuple[type[AppError], PaperworkError]] = {
    ContractFault.ALREADY_ACCEPTED: (Conflict, PaperworkError.CONTRACT_ALREADY_ACCEPTED),
    ContractFault.STALE_DOCUMENT: (Conflict, PaperworkError.CONTRACT_CHANGED),
}


@dataclass(frozen=True)
class Signing:
    """One side's acceptance as the caller gave it (`details`: checked billing or invoicer)."""

    name: str
    sha256: str
    ip: str
    details: dict[str, Any]


class _Events(EventRecorder):
    pass


class ContractService:
    def __init__(
        self,
        deals: DealService,
        licensing: LicensingService,
        works: RightsWorks,
        storage: ObjectStorage,
        settings: LicensingSettings,
        unit_of_work: Callable[[], UnitOfWork],
        to_pdf: Callable[[str], bytes],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._deals = deals
        self._licensing = licensing
        self._works = works
        self._storage = storage
        self._settings = settings
        self._uow = unit_of_work
        self._to_pdf = to_pdf
        self._now = clock
        self._repo = ContractRepository()
        self._deal_rows = DealRepository()
        self._parties = ContractParties()
        self._deliverables = DeliverableRepository()
        self._renderer = ContractRenderer()

    # The worker's side --------------------------------------------------------------------

    async def on_deal_signed(self, event: EventEnvelope) -> bool:
        """Draw the accepted deal's contract once; True when it was drawn now."""
        deal = await self._deal_rows.get(DEAL_SIGNED.decode(event).deal_id)
        if deal is None or deal.state is not DealState.ACCEPTED:
            return False
        if await self._repo.of_deal(deal.id) is not None:
            return False
        contract = await self.draw(deal)

        async def record(_: EventEnvelope) -> None:
            await self._repo.add(contract)

        return await handle_once(CONSUMER, event, record)

    async def draw(self, deal: Deal) -> Contract:
        """Render and store the contract's PDF (no row yet)."""
        assert deal.offer is not None
        work = await self._works.facts(deal.work_id)
        partner = await self._parties.person(deal.partner_user_id)
        rights = await self._parties.person(deal.rights_user_id)
        drawn_at = self._now()
        items = await self._deliverables.of_deal(deal.id)
        facts = ContractFacts(
            reference=str(deal.id)[-8:].upper(),
            kind=kind_of(deal.grant.medium).value,
            drawn_at=drawn_at,
            work_title=work.title if work else "",
            holder_name=await self._parties.holder_name(deal.signatory_id),
            rights_person=rights.name,
            licensee=deal.licensee,
            partner_person=partner.name,
            medium=deal.grant.medium,
            territory=deal.territory,
            countries=deal.grant.countries,
            starts_on=deal.grant.period.start,
            ends_on=deal.grant.period.ends_on,
            exclusive=deal.grant.exclusive,
            language=deal.grant.language,
            intended_use=deal.intended_use,
            price_cents=deal.offer.price_cents,
            terms=deal.offer.terms,
            deliverables=tuple(item.label or item.kind.value for item in items),
            payment_days=self._settings.payment_days,
        )
        # French binds; the partner reads their own language beside it.
        languages = tuple(dict.fromkeys((SOURCE, partner.language)))
        html = self._renderer.html(facts, languages)
        pdf = await asyncio.to_thread(self._to_pdf, html)
        sha256 = hashlib.sha256(pdf).hexdigest()
        key = f"licensing/contracts/{deal.id}/{sha256}.pdf"
        stored = await asyncio.to_thread(self._storage.put, key, [pdf], "application/pdf")
        return Contract(
            id=new_id(),
            deal_id=deal.id,
            kind=kind_of(deal.grant.medium),
            languages=languages,
            storage_key=stored.key,
            sha256=sha256,
            size=len(pdf),
            drawn_at=drawn_at,
        )

    # Both sides ---------------------------------------------------------------------------

    async def of_deal(
        self, who: Principal, deal_id: UUID, *, to_act: bool = False
    ) -> tuple[Deal, Side, Contract]:
        """The deal's contract for either side (404 for anyone else, and until drawn;
        `to_act`: 403 `read_only` for a partner member who only reads)."""
        deal, side = await self._deals.get(who, deal_id, to_act=to_act)
        contract = await self._repo.of_deal(deal.id)
        if contract is None:
            raise NotFound(PaperworkError.CONTRACT_NOT_READY)
        return deal, side, contract

    async def pdf(self, who: Principal, deal_id: UUID) -> tuple[Contract, bytes]:
        _, _, contract = await self.of_deal(who, deal_id)
        key = contract.storage_key
        data = await asyncio.to_thread(lambda: b"".join(self._storage.read_range(key)))
        return contract, data

    async def accept(self, who: Principal, deal_id: UUID, signing: Signing) -> Contract:
        """The caller's side accepts the contract whose SHA-256 it read. Under the work's rights
        lock, so two sides accepting at once both count and exactly one opens payment."""
        name = signing.name.strip()
        if not 2 <= len(name) <= 200:
            raise InvalidInput(PaperworkError.INVALID_NAME)
        deal, side, _ = await self.of_deal(who, deal_id, to_act=True)
        work = await self._works.facts(deal.work_id)
        if work is None:
            raise NotFound(DealError.DEAL_NOT_FOUND)
        async with self._uow() as uow:
            await self._licensing.lock_rights(work)
            deal, side, contract = await self.of_deal(who, deal_id, to_act=True)
            if deal.state is not DealState.ACCEPTED:
                raise Conflict(DealError.WRONG_STATE)
            acceptance = Acceptance(who.user_id, name, self._now(), signing.ip, signing.sha256)
            try:
                changed = contract.accepted(side.value, acceptance)
            except ContractRefused as refused:
                error, code = FAULTS[refused.fault]
                raise error(code) from None
            await self._repo.record_acceptance(changed, side.value, signing.details)
            if changed.accepted_by_both:
                events = _Events()
                payload = ContractAccepted(
                    deal_id=deal.id, contract_id=changed.id, sha256=changed.sha256
                )
                events.record(CONTRACT_ACCEPTED.event(deal.id, payload))
                uow.track(events)
        return changed

    async def holding_organisation(self, deal: Deal) -> OrganisationIdentity | None:
        """The organisation holding the deal's mandate, which invoices in its own name."""
        return await self._deals.holding_identity(deal)

    async def signed_by_both(self, deal_id: UUID) -> bool:
        contract = await self._repo.of_deal(deal_id)
        return contract is not None and contract.accepted_by_both
