"""The screeners' ports, adapted to the catalogue, media, markets, organisations and accounts."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from accounts.domain import Principal, Role
from accounts.organisations.repository import OrganisationRepository
from accounts.tables import User
from infra.db.values import as_uuid
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import CatalogueRepository, CreatorQuery, WorkQuery
from marketplace.catalogue.values import WorkStatus
from marketplace.markets.accreditation import Category
from marketplace.markets.repository import AccreditationRepository, MarketRepository
from marketplace.markets.stands import StandService
from marketplace.screeners.ports import ExhibitedStand, MainMedia, Person, WorkFacts
from media.assets.domain import AssetRole
from media.assets.repository import AssetRepository


class CatalogueWorks:
    def __init__(self, repository: CatalogueRepository) -> None:
        self._repo = repository

    async def work(self, work_id: UUID) -> WorkFacts | None:
        found = await self._repo.works_by_ids([work_id])
        if not found:
            return None
        return _facts(found[0])

    async def owned(self, owner_id: UUID) -> list[WorkFacts]:
        profiles = await self._repo.list_creators(CreatorQuery(owner_id=owner_id, limit=50))
        found: list[WorkFacts] = []
        for profile in profiles:
            query = WorkQuery(
                viewer_id=owner_id, viewer_is_staff=False, creator_id=profile.id, limit=100
            )
            found += [
                _facts(w) for w in await self._repo.list_works(query) if w.owner_id == owner_id
            ]
        return found

    async def of_ids(self, work_ids: Sequence[UUID]) -> list[WorkFacts]:
        return (
            [_facts(w) for w in await self._repo.works_by_ids(list(work_ids))] if work_ids else []
        )


def _facts(work: Work) -> WorkFacts:
    titles = dict(work.details.titles)
    title = titles.get("fr") or next(iter(titles.values()), "")
    return WorkFacts(
        id=work.id,
        owner_id=work.owner_id,
        title=title,
        withdrawn=work.status is WorkStatus.WITHDRAWN,
    )


class AssetWorkMedia:
    def __init__(self, assets: AssetRepository) -> None:
        self._assets = assets

    async def main_media(self, work_id: UUID) -> MainMedia | None:
        asset = await self._assets.newest_submitted(work_id, AssetRole.MAIN)
        if asset is None:
            return None
        rungs = tuple(
            str(entry["label"])
            for entry in asset.manifest
            if entry.get("role") == "hls_playlist" and entry.get("label")
        )
        return MainMedia(
            asset_id=asset.id,
            kind=asset.kind.value,
            status=asset.status.value,
            duration_s=float(asset.facts.get("duration_s") or 0),
            renditions=rungs,
            content_type=asset.content_type,
        )


class MarketStands:
    def __init__(self, stands: StandService) -> None:
        self._stands = stands

    async def exhibited(self, who_id: UUID, is_staff: bool, stand_id: UUID) -> ExhibitedStand:
        # The stand service decides who exhibits (its owner, its organisation's members).
        who = Principal(who_id, "", "", Role.STAFF if is_staff else Role.AUDIENCE)
        stand, market = await self._stands.editable(who, stand_id)
        return ExhibitedStand(stand.id, market.id, tuple(stand.work_ids))


class AccountPeople:
    def __init__(
        self,
        organisations: OrganisationRepository,
        markets: MarketRepository,
        accreditations: AccreditationRepository,
    ) -> None:
        self._organisations = organisations
        self._markets = markets
        self._accreditations = accreditations

    async def by_emails(self, emails: Sequence[str]) -> list[Person]:
        wanted = list(dict.fromkeys(emails))
        rows = (
            await User.select(User.id, User.email, User.display_name).where(
                User.email.is_in(wanted) & (User.is_active == True)  # noqa: E712
            )
            if wanted
            else []
        )
        found = {row["email"]: row for row in rows}
        people = []
        for email in wanted:
            row = found.get(email)
            people.append(
                Person(as_uuid(row["id"]), email, row["display_name"])
                if row
                else Person(None, email, email)
            )
        return people

    async def of_organisation(self, organisation_id: UUID) -> tuple[str, list[Person]] | None:
        organisation = await self._organisations.get(organisation_id)
        if organisation is None:
            return None
        name = organisation.details.name
        members = await self._organisations.members(organisation_id)
        return name, [Person(m.user_id, m.email, m.display_name, name) for m in members]

    async def accredited(self, market_id: UUID, category: str | None) -> list[Person] | None:
        if await self._markets.get(market_id) is None:
            return None
        granted = [
            a
            for a in await self._accreditations.of_market(market_id)
            if a.granted and (category is None or a.category is Category(category))
        ]
        if not granted:
            return []
        rows = await User.select(User.id, User.email, User.display_name).where(
            User.id.is_in([a.user_id for a in granted])
        )
        users = {as_uuid(row["id"]): row for row in rows}
        names: dict[UUID, str] = {}
        people = []
        for accreditation in granted:
            user = users.get(accreditation.user_id)
            if user is None:
                continue
            org = accreditation.organisation_id
            if org not in names:
                found = await self._organisations.get(org)
                names[org] = found.details.name if found else ""
            people.append(
                Person(accreditation.user_id, user["email"], user["display_name"], names[org])
            )
        return people

    async def organisation_of(self, user_id: UUID) -> str:
        held = await self._organisations.of_member(user_id)
        return held[0][0].details.name if held else ""

    async def name_of(self, user_id: UUID) -> str:
        row = await User.select(User.display_name).where(User.id == user_id).first()
        return str(row["display_name"]) if row else ""
