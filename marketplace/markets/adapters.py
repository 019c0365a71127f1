"""The markets' ports, adapted to the organisations, catalogue and offers modules."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from accounts.organisations.domain import VerificationState
from accounts.organisations.repository import OrganisationRepository
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import CatalogueRepository, CreatorQuery, WorkQuery
from marketplace.catalogue.values import Visibility, WorkStatus
from marketplace.markets.ports import CreatorFacts, OrganisationFacts, Price, WorkFacts, WorkPrices
from marketplace.offers.domain import EVERYWHERE, Offer, Scope
from marketplace.offers.repository import OfferRepository


class OrganisationDirectory:
    def __init__(self, repository: OrganisationRepository) -> None:
        self._repo = repository

    async def facts(self, organisation_id: UUID) -> OrganisationFacts | None:
        found = await self._repo.get(organisation_id)
        if found is None:
            return None
        return OrganisationFacts(
            id=found.id,
            name=found.details.name,
            commune_code=found.details.address.commune_code,
            verified=found.state is VerificationState.VERIFIED,
        )

    async def is_member(self, organisation_id: UUID, user_id: UUID) -> bool:
        return await self._repo.role_of(organisation_id, user_id) is not None

    async def of_member(self, user_id: UUID) -> list[UUID]:
        return [organisation.id for organisation, _ in await self._repo.of_member(user_id)]


class CatalogueFacts:
    def __init__(self, repository: CatalogueRepository) -> None:
        self._repo = repository

    async def creator(self, creator_id: UUID) -> CreatorFacts | None:
        found = await self._repo.get_creator(creator_id)
        if found is None:
            return None
        return CreatorFacts(
            id=found.id,
            owner_id=found.owner_id,
            name=found.name,
            commune_code=found.commune_code,
            disciplines=[str(d) for d in found.disciplines],
        )

    async def works(self, work_ids: Sequence[UUID]) -> dict[UUID, WorkFacts]:
        if not work_ids:
            return {}
        return {work.id: _facts(work) for work in await self._repo.works_by_ids(list(work_ids))}

    async def own_works(self, owner_id: UUID, creator_id: UUID | None) -> list[WorkFacts]:
        if creator_id is not None:
            creators = [creator_id]
        else:
            profiles = await self._repo.list_creators(CreatorQuery(owner_id=owner_id, limit=50))
            creators = [profile.id for profile in profiles]
        found: list[WorkFacts] = []
        for creator in creators:
            query = WorkQuery(
                viewer_id=owner_id, viewer_is_staff=False, creator_id=creator, limit=100
            )
            found += [
                _facts(w) for w in await self._repo.list_works(query) if w.owner_id == owner_id
            ]
        return found


def _facts(work: Work) -> WorkFacts:
    return WorkFacts(
        id=work.id,
        creator_id=work.creator_id,
        owner_id=work.owner_id,
        titles=dict(work.details.titles),
        discipline=str(work.details.discipline),
        listed=work.status is WorkStatus.PUBLISHED
        and work.details.visibility is not Visibility.PRIVATE,
        cover=work.cover_key is not None,
    )


def _price(offer: Offer | None) -> Price | None:
    if offer is None:
        return None
    return Price(
        offer_id=offer.id,
        pricing=offer.terms.pricing.value,
        price_cents=offer.terms.price_cents,
        minimum_cents=offer.terms.minimum_cents,
    )


class OfferPrices:
    """A work's everyday price beside its price in one market (the offers' scopes)."""

    def __init__(self, repository: OfferRepository) -> None:
        self._repo = repository

    async def of_works(self, work_ids: Sequence[UUID], market_id: UUID) -> dict[UUID, WorkPrices]:
        market_key = Scope(market_id=market_id).key
        prices = {}
        for work_id in work_ids:
            market = await self._repo.active_work_offer(work_id, market_key)
            window = (
                (market.scope.starts_at, market.scope.ends_at)
                if market and market.scope.starts_at and market.scope.ends_at
                else None
            )
            prices[work_id] = WorkPrices(
                everyday=_price(await self._repo.active_work_offer(work_id, EVERYWHERE)),
                market=_price(market),
                market_window=window,
            )
        return prices
