"""The catalogue and the revenue split sheets behind licensing's `RightsWorks` port, and the
organisations' memberships and identities behind the deals' `Memberships`."""

from __future__ import annotations

from uuid import UUID

from accounts.domain import Principal
from accounts.organisations.repository import OrganisationRepository
from infra.errors import Forbidden
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import CatalogueRepository
from marketplace.catalogue.service import CatalogueService
from marketplace.licensing.deals.ports import OrganisationIdentity
from marketplace.licensing.errors import LicensingError
from marketplace.licensing.ports import WorkFacts
from marketplace.revenue.split_service import SplitService


def _facts(work: Work) -> WorkFacts:
    released = work.published_at.date() if work.published_at else None
    return WorkFacts(work.id, work.owner_id, released, work.title, str(work.details.discipline))


class CatalogueRightsWorks:
    def __init__(
        self, catalogue: CatalogueService, repository: CatalogueRepository, splits: SplitService
    ) -> None:
        self._catalogue = catalogue
        self._repo = repository
        self._splits = splits

    async def editable(self, who: Principal, work_id: UUID) -> WorkFacts:
        work = await self._catalogue.get_work(who, work_id)  # NotFound when not visible
        if not (who.is_staff or work.owner_id == who.user_id):
            raise Forbidden(LicensingError.NOT_OWNER)
        return _facts(work)

    async def facts(self, work_id: UUID) -> WorkFacts | None:
        work = await self._repo.get_work(work_id)
        return _facts(work) if work else None

    async def visible(self, who: Principal, work_ids: list[UUID]) -> list[UUID]:
        works = {w.id: w for w in await self._repo.works_by_ids(set(work_ids))}
        return [
            work_id
            for work_id in work_ids
            if work_id in works and works[work_id].visible_to(who.user_id, who.is_staff)
        ]

    async def rights_holders(self, who: Principal, work_id: UUID) -> dict[UUID, str]:
        sheet = await self._splits.current(who, work_id)
        return {holder.holder_id: holder.name for holder in sheet.holders}


class OrganisationMembers:
    """The organisations' memberships behind deals' `Memberships` port."""

    def __init__(self, repository: OrganisationRepository) -> None:
        self._repo = repository

    async def acts_in(self, organisation_id: UUID, user_id: UUID) -> bool | None:
        role = await self._repo.role_of(organisation_id, user_id)
        return None if role is None else role.acts

    async def organisations_of(self, user_id: UUID) -> list[UUID]:
        return [organisation.id for organisation, _ in await self._repo.of_member(user_id)]

    async def acting_members(self, organisation_id: UUID) -> list[UUID]:
        return [m.user_id for m in await self._repo.members(organisation_id) if m.role.acts]

    async def identity(self, organisation_id: UUID) -> OrganisationIdentity | None:
        organisation = await self._repo.get(organisation_id)
        if organisation is None:
            return None
        details = organisation.details
        address = details.address
        legal = details.legal_identity
        scheme = legal.scheme.value if legal else ""
        return OrganisationIdentity(
            name=details.name,
            address=tuple(
                line
                for line in (address.street, f"{address.postcode} {address.city}".strip())
                if line
            ),
            country=address.country,
            vat_number=legal.value if legal and scheme == "eu_vat" else "",
            siret=legal.value if legal and scheme == "siret" else "",
        )
