"""CatalogueService use cases over in-memory fakes: who may do what, and what gets committed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
import pytest

from accounts.domain import Principal, Role
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from marketplace.catalogue.creators import CreatorDetails, CreatorProfile
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import Work, WorkDetails
from marketplace.catalogue.media_port import SettledMedia
from marketplace.catalogue.repository import CreatorQuery, WorkQuery
from marketplace.catalogue.schemas import CreatorPatch, WorkPatch
from marketplace.catalogue.service import CatalogueService
from marketplace.catalogue.values import CreatorKind, Visibility, WorkStatus
from marketplace.catalogue.work_directory import CatalogueSellableWorks
from tests.unit.fakes import FakeCatalogueRepository, FakeMainMedia, FakeUnitOfWork

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def person(role: Role, n: int) -> Principal:
    return Principal(
        user_id=UUID(int=n), email=f"p{n}@example.test", display_name=f"P{n}", role=role
    )


LENA = person(Role.CREATOR, 1)
MARC = person(Role.CREATOR, 2)
AUDIENCE = person(Role.AUDIENCE, 3)
STAFF = person(Role.STAFF, 4)

PROFILE = CreatorDetails(kind=CreatorKind.PERSON, name="Léna Tanbouyé", commune="Le Marigot")
WORK = WorkDetails(
    titles={"fr": "Bèlè de la Lune", "gcf-MQ": "Bèlè lalin"},
    discipline=Discipline.MUSIC,
    descriptions={"fr": "Un bèlè"},
    languages=["gcf-MQ", "fr"],
    year=2021,
    duration_s=215,
    identifiers={"isrc": "FR-Z03-14-00001"},
)


@dataclass
class World:
    repo: FakeCatalogueRepository
    uow: FakeUnitOfWork
    service: CatalogueService
    media: FakeMainMedia

    def types(self) -> list[str]:
        return self.uow.committed_types

    async def creator(self, who: Principal = LENA) -> CreatorProfile:
        return await self.service.create_creator(who, PROFILE)

    async def work(self, who: Principal = LENA, **changes: Any) -> Work:
        profile = await self.creator(who)
        return await self.service.create_work(who, profile.id, replace(WORK, **changes))

    async def published(self, who: Principal = LENA, **changes: Any) -> Work:
        work = await self.work(who, **changes)
        return await self.service.publish_work(who, work.id)

    async def stored(self, work_id: UUID) -> Work:
        work = await self.repo.get_work(work_id)
        assert work is not None
        return work


@pytest.fixture
def world() -> World:
    repo = FakeCatalogueRepository()
    uow = FakeUnitOfWork(repo)
    media = FakeMainMedia()
    return World(repo, uow, CatalogueService(repo, uow, media, clock=lambda: NOW), media)


def patch(**fields: Any) -> WorkPatch:
    """A WorkPatch as the API decodes it from JSON: only the given fields are set."""
    return msgspec.json.decode(msgspec.json.encode(fields), type=WorkPatch)


def creator_patch(**fields: Any) -> CreatorPatch:
    return msgspec.json.decode(msgspec.json.encode(fields), type=CreatorPatch)


# ---------------------------------------------------------------------------------------------
# Creator profiles


@pytest.mark.parametrize("role", [Role.AUDIENCE, Role.ORGANISER, Role.PARTNER])
async def test_only_creators_and_staff_create_creator_profiles(world: World, role: Role) -> None:
    with pytest.raises(Forbidden) as error:
        await world.service.create_creator(person(role, 9), PROFILE)

    assert error.value.code == "not_a_creator"
    assert world.repo.creators == {}
    assert world.types() == []


async def test_a_creator_creates_a_profile_they_own(world: World) -> None:
    profile = await world.creator(LENA)

    assert profile.owner_id == LENA.user_id
    assert await world.service.get_creator(profile.id) == profile
    assert world.types() == ["creator.created"]


async def test_staff_may_create_a_profile(world: World) -> None:
    profile = await world.creator(STAFF)
    assert profile.owner_id == STAFF.user_id


async def test_only_the_owner_or_staff_update_a_profile(world: World) -> None:
    profile = await world.creator(LENA)
    rename = creator_patch(name="Léna T.", bios={"acf": "Chantè"}).apply_to

    with pytest.raises(Forbidden) as error:
        await world.service.update_creator(MARC, profile.id, rename)
    assert error.value.code == "not_owner"
    assert (await world.service.get_creator(profile.id)).name == "Léna Tanbouyé"

    updated = await world.service.update_creator(LENA, profile.id, rename)
    assert updated.bios == {"gcf-MQ": "Chantè"}
    await world.service.update_creator(STAFF, profile.id, creator_patch(bios={}).apply_to)
    assert world.types() == ["creator.created", "creator.updated", "creator.updated"]


async def test_profile_patch_keeps_what_it_leaves_out(world: World) -> None:
    profile = await world.service.create_creator(
        LENA, replace(PROFILE, links=["https://lena.example/"], disciplines=[Discipline.MUSIC])
    )

    updated = await world.service.update_creator(
        LENA, profile.id, creator_patch(name="Léna T.", commune=None).apply_to
    )

    assert updated.name == "Léna T."
    assert updated.commune is None
    assert (updated.kind, updated.links) == (profile.kind, profile.links)
    assert updated.disciplines == [Discipline.MUSIC]
    stored = await world.repo.get_creator(profile.id)
    assert stored == updated


async def test_an_empty_or_invalid_profile_patch_changes_nothing(world: World) -> None:
    profile = await world.creator(LENA)
    with pytest.raises(InvalidInput) as empty:
        await world.service.update_creator(LENA, profile.id, creator_patch().apply_to)
    assert empty.value.code == "empty_update"
    with pytest.raises(InvalidInput) as bad_link:
        await world.service.update_creator(
            LENA, profile.id, creator_patch(links=["javascript:alert(1)"]).apply_to
        )
    assert bad_link.value.code == "invalid_link"
    assert world.types() == ["creator.created"]
    assert await world.repo.get_creator(profile.id) == profile


async def test_unknown_profile_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await world.service.get_creator(UUID(int=404))
    with pytest.raises(NotFound):
        await world.service.update_creator(LENA, UUID(int=404), creator_patch(name="X").apply_to)


async def test_list_creators_filters_by_owner(world: World) -> None:
    lena = await world.creator(LENA)
    await world.creator(MARC)
    found = await world.service.list_creators(CreatorQuery(owner_id=LENA.user_id))
    assert [c.id for c in found] == [lena.id]


# ---------------------------------------------------------------------------------------------
# Creating and reading works


async def test_a_creator_creates_a_draft_under_their_profile(world: World) -> None:
    work = await world.work(LENA)

    assert work.status is WorkStatus.DRAFT
    assert work.owner_id == LENA.user_id
    assert work.details.identifiers == {"isrc": "FRZ031400001"}
    assert (await world.stored(work.id)).details == work.details
    assert world.types() == ["creator.created", "work.created"]


async def test_a_creator_cannot_create_a_work_under_someone_elses_profile(world: World) -> None:
    lenas = await world.creator(LENA)

    with pytest.raises(NotFound):
        await world.service.create_work(MARC, lenas.id, WORK)
    with pytest.raises(NotFound):
        await world.service.create_work(MARC, UUID(int=404), WORK)

    assert world.repo.works == {}
    assert world.types() == ["creator.created"]


async def test_staff_create_works_under_anyones_profile(world: World) -> None:
    lenas = await world.creator(LENA)
    work = await world.service.create_work(STAFF, lenas.id, WORK)
    assert work.owner_id == LENA.user_id


async def test_someone_elses_draft_is_not_found(world: World) -> None:
    work = await world.work(LENA)

    for stranger in (MARC, AUDIENCE, None):
        with pytest.raises(NotFound):
            await world.service.get_work(stranger, work.id)
    assert (await world.service.get_work(LENA, work.id)).id == work.id
    assert (await world.service.get_work(STAFF, work.id)).id == work.id


async def test_private_published_work_is_not_found_for_others(world: World) -> None:
    work = await world.published(LENA, visibility=Visibility.PRIVATE)
    with pytest.raises(NotFound):
        await world.service.get_work(MARC, work.id)
    assert (await world.service.get_work(STAFF, work.id)).id == work.id


async def test_published_work_is_readable_by_anyone(world: World) -> None:
    work = await world.published(LENA, visibility=Visibility.UNLISTED)
    assert (await world.service.get_work(None, work.id)).status is WorkStatus.PUBLISHED


# ---------------------------------------------------------------------------------------------
# Changing works


async def test_update_of_someone_elses_published_work_is_forbidden(world: World) -> None:
    work = await world.published(LENA)
    before = world.types()

    with pytest.raises(Forbidden) as error:
        await world.service.update_work(MARC, work.id, patch(year=1999).apply_to)

    assert error.value.code == "not_owner"
    assert (await world.stored(work.id)).details.year == 2021
    assert world.types() == before


async def test_update_of_someone_elses_draft_is_not_found(world: World) -> None:
    work = await world.work(LENA)
    with pytest.raises(NotFound):
        await world.service.update_work(MARC, work.id, patch(year=1999).apply_to)
    with pytest.raises(NotFound):
        await world.service.publish_work(MARC, work.id)


async def test_publish_and_withdraw_of_someone_elses_work_are_forbidden(world: World) -> None:
    work = await world.published(LENA)
    with pytest.raises(Forbidden):
        await world.service.withdraw_work(MARC, work.id, None)
    with pytest.raises(Forbidden):
        await world.service.publish_work(MARC, work.id)
    assert (await world.stored(work.id)).status is WorkStatus.PUBLISHED


async def test_staff_update_and_withdraw_anyones_work(world: World) -> None:
    work = await world.published(LENA)

    updated = await world.service.update_work(
        STAFF, work.id, patch(titles={"fr": "Lalin"}).apply_to
    )
    assert updated.title == "Lalin"
    withdrawn = await world.service.withdraw_work(STAFF, work.id, "signalement")

    stored = await world.stored(work.id)
    assert withdrawn.status is stored.status is WorkStatus.WITHDRAWN
    assert stored.moderation_hold is True
    assert stored.details.titles == {"fr": "Lalin"}
    assert world.types()[-2:] == ["work.updated", "work.withdrawn"]
    assert world.uow.committed_events[-1].payload["by"] == str(STAFF.user_id)

    with pytest.raises(Forbidden) as error:
        await world.service.publish_work(LENA, work.id)
    assert error.value.code == "moderation_hold"
    with pytest.raises(Forbidden) as held:
        await world.service.update_work(LENA, work.id, patch(year=1999).apply_to)
    assert held.value.code == "moderation_hold"
    # Staff fix what got it withdrawn, then publish it again.
    fixed = await world.service.update_work(STAFF, work.id, patch(descriptions={}).apply_to)
    assert fixed.details.descriptions == {}
    assert fixed.status is WorkStatus.WITHDRAWN
    assert (await world.service.publish_work(STAFF, work.id)).status is WorkStatus.PUBLISHED
    assert (await world.stored(work.id)).moderation_hold is False


async def test_life_cycle_commits_one_event_per_change(world: World) -> None:
    work = await world.work(LENA)
    await world.service.update_work(LENA, work.id, patch(year=2022).apply_to)
    await world.service.publish_work(LENA, work.id)
    await world.service.publish_work(LENA, work.id)  # double click: no second event
    await world.service.withdraw_work(LENA, work.id, None)

    ours = [e.type for e in world.uow.committed_events if e.aggregate_id == work.id]
    assert ours == ["work.created", "work.updated", "work.published", "work.withdrawn"]
    assert (await world.stored(work.id)).moderation_hold is False


async def test_failure_inside_the_unit_of_work_commits_no_events(world: World) -> None:
    work = await world.work(LENA)
    before = world.types()

    def broken(details: WorkDetails) -> WorkDetails:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await world.service.update_work(LENA, work.id, broken)
    with pytest.raises(InvalidInput):  # the domain refuses the change inside the block
        await world.service.update_work(LENA, work.id, patch(identifiers={"isrc": "x"}).apply_to)

    assert world.types() == before
    assert world.uow.rollbacks == 2
    assert (await world.stored(work.id)).details.identifiers == {"isrc": "FRZ031400001"}


class FailingSave(FakeCatalogueRepository):
    """Stores the row, then fails: only the unit of work's rollback can undo the row."""

    async def save_work(self, work: Work) -> None:
        await super().save_work(work)
        raise ConnectionError("database went away")


async def test_failure_after_the_change_is_stored_commits_nothing() -> None:
    repo = FailingSave()
    uow = FakeUnitOfWork(repo)
    service = CatalogueService(repo, uow, FakeMainMedia(), clock=lambda: NOW)
    profile = await service.create_creator(LENA, PROFILE)
    work = await service.create_work(LENA, profile.id, WORK)

    with pytest.raises(ConnectionError):
        await service.publish_work(LENA, work.id)

    assert uow.committed_types == ["creator.created", "work.created"]
    stored = await repo.get_work(work.id)
    assert stored is not None
    assert stored.status is WorkStatus.DRAFT


# ---------------------------------------------------------------------------------------------
# PATCH semantics


async def test_patch_changes_only_the_fields_it_carries(world: World) -> None:
    work = await world.work(LENA)

    updated = await world.service.update_work(
        LENA, work.id, patch(descriptions={"cpf": "An bèlè"}, year=None).apply_to
    )

    assert updated.details.descriptions == {"gcf-MQ": "An bèlè"}
    assert updated.details.year is None  # an explicit null clears
    unchanged = ("titles", "discipline", "languages", "duration_s", "identifiers", "visibility")
    for name in unchanged:
        assert getattr(updated.details, name) == getattr(work.details, name), name
    assert (await world.stored(work.id)).details == updated.details


async def test_patch_credits_are_validated_like_a_create(world: World) -> None:
    work = await world.work(LENA)
    credits = [{"name": " Léna ", "role": "performer", "isni": "0000 0001 2281 955X"}]

    updated = await world.service.update_work(LENA, work.id, patch(credits=credits).apply_to)

    [credit] = updated.details.credits
    assert (credit.name, credit.role.value, credit.isni) == (
        "Léna",
        "performer",
        "000000012281955X",
    )


async def test_an_empty_patch_is_refused(world: World) -> None:
    work = await world.work(LENA)
    before = world.types()

    with pytest.raises(InvalidInput) as error:
        await world.service.update_work(LENA, work.id, patch().apply_to)

    assert error.value.code == "empty_update"
    assert world.types() == before
    assert (await world.stored(work.id)).updated_at == work.updated_at


def test_patch_refuses_unknown_fields() -> None:
    with pytest.raises(msgspec.ValidationError):
        patch(title="typo")


# ---------------------------------------------------------------------------------------------
# Listing (the fake follows the piccolo adapter's rules)


async def test_listing_shows_published_public_works_and_the_callers_own(world: World) -> None:
    public = await world.published(LENA)
    unlisted = await world.published(LENA, visibility=Visibility.UNLISTED)
    private = await world.published(LENA, visibility=Visibility.PRIVATE)
    lenas_draft = await world.work(LENA)
    marcs_draft = await world.work(MARC)
    everything = [public, unlisted, private, lenas_draft, marcs_draft]

    async def listed(who: Principal | None, **filters: Any) -> set[UUID]:
        query = WorkQuery(
            viewer_id=who.user_id if who else None,
            viewer_is_staff=who is not None and who.is_staff,
            **filters,
        )
        return {w.id for w in await world.service.list_works(query)}

    assert await listed(None) == {public.id}
    assert await listed(MARC) == {public.id, marcs_draft.id}
    assert await listed(LENA) == {public.id, unlisted.id, private.id, lenas_draft.id}
    assert await listed(STAFF) == {w.id for w in everything}
    assert await listed(MARC, status=WorkStatus.DRAFT) == {marcs_draft.id}
    assert await listed(None, status=WorkStatus.DRAFT) == set()
    assert await listed(STAFF, creator_id=marcs_draft.creator_id) == {marcs_draft.id}
    assert await listed(None, discipline=Discipline.FILM) == set()


async def test_listing_is_newest_first_with_a_keyset_cursor(world: World) -> None:
    profile = await world.creator(LENA)
    for _ in range(7):
        await world.service.create_work(LENA, profile.id, WORK)
    expected = sorted(world.repo.works, reverse=True)

    seen: list[UUID] = []
    before: UUID | None = None
    while True:
        query = WorkQuery(viewer_id=LENA.user_id, viewer_is_staff=False, before_id=before, limit=3)
        page = [w.id for w in await world.service.list_works(query)]
        seen += page
        if len(page) < 3:
            break
        before = page[-1]

    assert seen == expected


async def test_fake_repository_hands_out_copies(world: World) -> None:
    work = await world.work(LENA)
    work.details = WorkDetails(titles={"fr": "Changé sans save"}, discipline=Discipline.FILM)
    assert (await world.stored(work.id)).title == "Bèlè de la Lune"


# ---------------------------------------------------------------------------------------------
# Publishing while the media's own event is still on its way


async def _processing_work(world: World) -> Work:
    work = await world.work()
    stored = await world.stored(work.id)
    stored.start_processing(NOW)
    await world.repo.save_work(stored)
    return stored


async def test_publishing_when_the_media_is_ready_but_its_event_not_yet_applied(
    world: World,
) -> None:
    work = await _processing_work(world)
    world.media.settled_works[work.id] = SettledMedia(duration_s=None)

    published = await world.service.publish_work(LENA, work.id)

    assert published.status is WorkStatus.PUBLISHED
    assert (await world.stored(work.id)).status is WorkStatus.PUBLISHED
    assert world.types()[-1] == "work.published"


async def test_publishing_while_the_media_is_still_processing_is_a_conflict(
    world: World,
) -> None:
    work = await _processing_work(world)

    with pytest.raises(Conflict) as raised:
        await world.service.publish_work(LENA, work.id)

    assert raised.value.code == "media_processing"
    assert (await world.stored(work.id)).status is WorkStatus.PROCESSING


async def test_a_cart_of_works_is_read_in_one_query(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = [await world.published() for _ in range(4)]
    draft = await world.work()
    batches: list[set[UUID]] = []
    read_all = world.repo.works_by_ids

    async def counted(work_ids: Any) -> list[Work]:
        batches.append(set(work_ids))
        return await read_all(work_ids)

    async def one_by_one(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a work was read on its own")

    monkeypatch.setattr(world.repo, "works_by_ids", counted)
    monkeypatch.setattr(world.repo, "get_work", one_by_one)
    wanted = [work.id for work in published] + [draft.id]

    sellable = await CatalogueSellableWorks(world.service).works(wanted)

    assert len(batches) == 1
    # The draft is not for the public to see, so not for sale either.
    assert set(sellable) == {work.id for work in published}
    assert all(work.published for work in sellable.values())
