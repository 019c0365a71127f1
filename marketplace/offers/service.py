"""Use cases for offers and discount codes: who may sell what, at which terms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from accounts.audit.port import AuditTrail
from accounts.audit.staff_actions import record_staff_action
from accounts.domain import Principal, Role
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from infra.ids import new_id
from marketplace.offers.catalogue_port import SellableWork, WorkFacts
from marketplace.offers.domain import EVERYWHERE, Offer, Pricing, Scope, Terms
from marketplace.offers.errors import OfferError
from marketplace.offers.repository import OfferRepository
from marketplace.pricing.discounts import DiscountCode, DiscountKind, normalise_code

SELLER_ROLES = frozenset({Role.CREATOR, Role.ORGANISER, Role.STAFF})


def _now() -> datetime:
    return datetime.now(UTC)


class FreeWorks(Protocol):
    async def set_free(self, work_id: UUID, free: bool) -> None: ...


class OfferService:
    def __init__(
        self,
        works: WorkFacts,
        unit_of_work: Callable[[], UnitOfWork],
        free_works: FreeWorks,
        repository: OfferRepository,
        now: Callable[[], datetime] = _now,
        audit: AuditTrail | None = None,
    ) -> None:
        self._free = free_works
        self._works = works
        self._uow = unit_of_work
        self._repo = repository
        self._now = now
        # Staff pricing others' works, withdrawing their offers, curating bundles of several
        # sellers or issuing site-wide codes is recorded (accounts.audit.staff_actions).
        self._audit = audit

    async def set_work_offer(
        self, who: Principal, work_id: UUID, terms: Terms, scope: Scope | None = None
    ) -> Offer:
        """The work's price in a scope (everywhere by default), replacing the one it had there.

        A market's module passes the market and its window: the work then carries that price
        beside its everyday one, sold only inside the window.
        """
        work = await self._owned_work(who, work_id)
        scope = (scope or Scope()).validated()
        if scope.market_id is not None and terms.pricing is Pricing.FREE:
            raise InvalidInput(OfferError.FREE_MARKET_OFFER)
        async with self._uow() as uow:
            current = await self._repo.active_work_offer(work_id, scope.key, for_update=True)
            now = self._now()
            if current is not None:
                current.deactivate(now)
                await self._repo.save(current)
                uow.track(current)
            offer = Offer.for_work(work.owner_id, work_id, terms, work.title, now, scope)
            await self._repo.add(offer)
            await record_staff_action(
                self._audit,
                who,
                work.owner_id,
                action="offer.set",
                object_type="work",
                object_id=work_id,
                before=_terms(current) if current is not None else None,
                after=_terms(offer),
            )
            if scope.market_id is None:
                # A free offer opens full streaming to everyone; replacing it closes it again.
                await self._free.set_free(work_id, offer.terms.pricing is Pricing.FREE)
            uow.track(offer)
        return offer

    async def remove_work_offer(self, who: Principal, work_id: UUID) -> None:
        await self._owned_work(who, work_id)
        async with self._uow() as uow:
            current = await self._repo.active_work_offer(work_id, EVERYWHERE, for_update=True)
            if current is None:
                raise NotFound(OfferError.NO_WORK_OFFER)
            current.deactivate(self._now())
            await self._repo.save(current)
            await record_staff_action(
                self._audit,
                who,
                current.seller_id,
                action="offer.removed",
                object_type="work",
                object_id=work_id,
                before=_terms(current),
            )
            await self._free.set_free(work_id, False)
            uow.track(current)

    async def create_bundle(
        self, who: Principal, title: str, work_ids: list[UUID], terms: Terms
    ) -> Offer:
        """A creator's discography (their own works) or, for staff, a curated selection."""
        works = [await self._owned_work(who, work_id) for work_id in dict.fromkeys(work_ids)]
        if len(works) != len(work_ids):
            raise InvalidInput(OfferError.DUPLICATE_WORK)
        sellers = {work.owner_id for work in works}
        if len(sellers) > 1 and not who.is_staff:
            raise Forbidden(OfferError.NOT_OWNER)
        weights = []
        for work in works:
            own = await self._repo.active_work_offer(work.work_id, EVERYWHERE)
            weights.append(own.terms.price_cents if own and own.terms.price_cents else 100)
        seller = who.user_id if len(sellers) > 1 else works[0].owner_id
        async with self._uow() as uow:
            offer = Offer.bundle(seller, tuple(work_ids), tuple(weights), terms, title, self._now())
            await self._repo.add(offer)
            # A bundle of several sellers' works is staff's to make: always recorded.
            await record_staff_action(
                self._audit,
                who,
                None if len(sellers) > 1 else works[0].owner_id,
                action="bundle.created",
                object_type="offer",
                object_id=offer.id,
                after={**_terms(offer), "works": [str(work_id) for work_id in work_ids]},
            )
            uow.track(offer)
        return offer

    async def withdraw_offer(self, who: Principal, offer_id: UUID) -> None:
        async with self._uow() as uow:
            offer = await self._repo.get(offer_id)
            if offer is None or not (who.is_staff or offer.seller_id == who.user_id):
                raise NotFound(OfferError.OFFER_NOT_FOUND)
            offer.deactivate(self._now())
            await self._repo.save(offer)
            await record_staff_action(
                self._audit,
                who,
                offer.seller_id,
                action="offer.withdrawn",
                object_type="offer",
                object_id=offer.id,
                before=_terms(offer),
            )
            if offer.opens_its_work_to_everyone:
                # As when the work's price is removed: its free access ends with its offer.
                await self._free.set_free(offer.work_ids[0], False)
            uow.track(offer)

    async def offers_for_work(self, viewer: Principal | None, work_id: UUID) -> list[Offer]:
        work = await self._works.work_for(work_id, viewer)
        if work is None:
            raise NotFound(OfferError.WORK_NOT_FOUND)
        now = self._now()
        offers = await self._repo.active_offers_with([work_id])
        return [offer for offer in offers if offer.scope.open_at(now)]

    async def offers_of_seller(self, who: Principal) -> list[Offer]:
        return await self._repo.of_seller(who.user_id)

    async def create_code(
        self,
        who: Principal,
        *,
        code: str,
        kind: DiscountKind,
        value: int,
        max_uses: int | None,
        expires_at: datetime | None,
        stackable: bool,
    ) -> DiscountCode:
        if who.role not in SELLER_ROLES:
            raise Forbidden(OfferError.SELLERS_ONLY)
        normalised = normalise_code(code)
        limit = 10_000 if kind is DiscountKind.PERCENT else 1_000_000
        if isinstance(value, bool) or not 1 <= value <= limit:
            raise InvalidInput(OfferError.INVALID_DISCOUNT_VALUE, limit=limit)
        if max_uses is not None and not 1 <= max_uses <= 1_000_000:
            raise InvalidInput(OfferError.INVALID_MAX_USES)
        if expires_at is not None and expires_at.tzinfo is None:
            raise InvalidInput(OfferError.INVALID_EXPIRY)
        discount = DiscountCode(
            id=new_id(),
            code=normalised,
            kind=kind,
            value=value,
            issuer_id=who.user_id,
            seller_id=None if who.is_staff else who.user_id,
            max_uses=max_uses,
            used=0,
            expires_at=expires_at,
            stackable=stackable,
        )
        async with self._uow():
            if await self._repo.code_exists(normalised):
                raise Conflict(OfferError.CODE_TAKEN)
            await self._repo.add_code(discount, self._now())
            await record_staff_action(
                self._audit,
                who,
                discount.seller_id,
                action="discount_code.created",
                object_type="discount_code",
                object_id=discount.id,
                after={"code": normalised, "kind": kind.value, "value": value},
            )
        return discount

    async def codes_of(self, who: Principal) -> list[DiscountCode]:
        return await self._repo.codes_of_issuer(who.user_id)

    async def _owned_work(self, who: Principal, work_id: UUID) -> SellableWork:
        work = await self._works.work_for(work_id, who)
        if work is None:
            raise NotFound(OfferError.WORK_NOT_FOUND)
        if not (who.is_staff or work.owner_id == who.user_id):
            raise Forbidden(OfferError.NOT_OWNER)
        return work


def _terms(offer: Offer) -> dict[str, object]:
    """An offer's price as the audit trail keeps it."""
    return {
        "pricing": offer.terms.pricing.value,
        "price_cents": offer.terms.price_cents,
        "minimum_cents": offer.terms.minimum_cents,
    }


def terms_from(pricing: str, price_cents: int, minimum_cents: int) -> Terms:
    try:
        mode = Pricing(pricing)
    except ValueError:
        raise InvalidInput(OfferError.INVALID_PRICING) from None
    return Terms(mode, price_cents, minimum_cents).validated()
