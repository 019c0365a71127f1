"""Rules of the catalogue's model: works' life cycle, who sees them, and what is valid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from infra.errors import Conflict, Forbidden, InvalidInput
from marketplace.catalogue.creators import CreatorDetails, CreatorProfile
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import Work, WorkDetails
from marketplace.catalogue.values import (
    MAX_DURATION_S,
    MAX_TITLE,
    CreatorKind,
    Credit,
    CreditRole,
    Visibility,
    WorkStatus,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
OWNER = UUID("00000000-0000-7000-8000-000000000001")
STRANGER = UUID("00000000-0000-7000-8000-000000000002")
STAFF = UUID("00000000-0000-7000-8000-000000000003")


def creator(owner: UUID = OWNER) -> CreatorProfile:
    profile = CreatorProfile.create(
        owner, CreatorDetails(kind=CreatorKind.PERSON, name="Léna Tanbouyé"), NOW
    )
    profile.collect_events()
    return profile


def details(**changes: Any) -> WorkDetails:
    fields: dict[str, Any] = {"titles": {"fr": "Bèlè de la Lune"}, "discipline": Discipline.MUSIC}
    fields.update(changes)
    return WorkDetails(**fields)


def new_work(**changes: Any) -> Work:
    return Work.create(creator(), details(**changes), OWNER, NOW)


def draft(**changes: Any) -> Work:
    work = new_work(**changes)
    work.collect_events()
    return work


def published(**changes: Any) -> Work:
    work = draft(**changes)
    work.publish(OWNER, False, NOW)
    work.collect_events()
    return work


def event_types(work: Work) -> list[str]:
    return [event.type for event in work.collect_events()]


# ---------------------------------------------------------------------------------------------
# Creating


def test_create_records_work_created_with_title_and_owner() -> None:
    profile = creator()
    work = Work.create(profile, details(titles={"gcf-MQ": "Bèlè lalin"}), OWNER, NOW)

    assert work.status is WorkStatus.DRAFT
    assert work.creator_id == profile.id
    assert work.owner_id == OWNER
    assert work.published_at is None
    assert work.created_at == work.updated_at == NOW
    [event] = work.collect_events()
    assert event.type == "work.created"
    assert event.aggregate_id == work.id
    # Ids only: the title is read by id by whoever needs it.
    assert "title" not in event.payload
    assert event.payload["owner_id"] == str(OWNER)
    assert event.payload["creator_id"] == str(profile.id)
    assert event.payload["work_id"] == str(work.id)
    assert event.payload["status"] == "draft"


def test_title_prefers_french() -> None:
    work = new_work(titles={"gcf-MQ": "Bèlè lalin", "fr": "Bèlè de la Lune", "en": "Moon Bèlè"})
    assert work.title == "Bèlè de la Lune"


def test_staff_creating_under_a_profile_gives_the_work_to_the_profile_owner() -> None:
    work = Work.create(creator(OWNER), details(), STAFF, NOW)
    assert work.owner_id == OWNER
    assert work.collect_events()[0].payload["by"] == str(STAFF)


def test_events_are_handed_over_once() -> None:
    work = new_work()
    assert event_types(work) == ["work.created"]
    assert work.collect_events() == []


def test_creator_profile_records_created_and_updated() -> None:
    profile = CreatorProfile.create(
        OWNER, CreatorDetails(kind=CreatorKind.STRUCTURE, name="  Lakou Bèlè  "), NOW
    )
    assert profile.name == "Lakou Bèlè"
    [created] = profile.collect_events()
    assert created.type == "creator.created"
    assert created.payload["owner_id"] == str(OWNER)

    profile.update(
        CreatorDetails(kind=CreatorKind.STRUCTURE, name="Lakou", bios={"cpf": "Sé nou"}), LATER
    )
    assert profile.bios == {"gcf-MQ": "Sé nou"}
    assert profile.updated_at == LATER
    assert profile.created_at == NOW
    assert [e.type for e in profile.collect_events()] == ["creator.updated"]


# ---------------------------------------------------------------------------------------------
# Publishing and withdrawing


def test_publish_from_draft_records_work_published_and_sets_published_at() -> None:
    work = draft()
    work.publish(OWNER, False, LATER)

    assert work.status is WorkStatus.PUBLISHED
    assert work.published_at == LATER
    assert work.updated_at == LATER
    [event] = work.collect_events()
    assert event.type == "work.published"
    assert event.payload["status"] == "published"


def test_publishing_twice_is_a_no_op() -> None:
    work = draft()
    work.publish(OWNER, False, NOW)
    work.collect_events()

    work.publish(OWNER, False, LATER)

    assert work.collect_events() == []
    assert work.published_at == NOW
    assert work.updated_at == NOW


def test_publishing_while_processing_is_a_conflict() -> None:
    work = draft()
    work.start_processing(LATER)
    assert work.status is WorkStatus.PROCESSING

    with pytest.raises(Conflict) as error:
        work.publish(OWNER, False, LATER)

    assert error.value.code == "media_processing"
    assert work.status is WorkStatus.PROCESSING
    assert work.collect_events() == []


def test_start_processing_only_moves_a_draft() -> None:
    work = published()
    work.start_processing(LATER)
    assert work.status is WorkStatus.PUBLISHED


def test_owner_withdraws_a_published_work() -> None:
    work = published()
    work.withdraw(OWNER, False, "version corrigée à venir", LATER)

    assert work.status is WorkStatus.WITHDRAWN
    assert work.moderation_hold is False
    [event] = work.collect_events()
    assert event.type == "work.withdrawn"
    assert event.payload["reason"] == "version corrigée à venir"
    assert event.payload["by"] == str(OWNER)


@pytest.mark.parametrize("status", ["draft", "processing"])
def test_only_a_published_work_can_be_withdrawn(status: str) -> None:
    work = draft()
    if status == "processing":
        work.start_processing(NOW)

    with pytest.raises(Conflict) as error:
        work.withdraw(OWNER, False, None, LATER)

    assert error.value.code == "not_published"
    assert work.status is WorkStatus(status)
    assert work.collect_events() == []


def test_withdrawing_twice_records_one_event() -> None:
    work = published()
    work.withdraw(OWNER, False, None, NOW)
    work.withdraw(OWNER, False, None, LATER)
    assert event_types(work) == ["work.withdrawn"]


def test_withdraw_reason_is_bounded_and_blank_is_none() -> None:
    work = published()
    work.withdraw(OWNER, False, "x" * 900, LATER)
    assert work.collect_events()[0].payload["reason"] == "x" * 500

    other = published()
    other.withdraw(OWNER, False, "", LATER)
    assert other.collect_events()[0].payload["reason"] is None


def test_owner_can_republish_after_their_own_withdrawal() -> None:
    work = published()
    work.withdraw(OWNER, False, None, NOW)
    work.collect_events()

    work.publish(OWNER, False, LATER)

    assert work.status is WorkStatus.PUBLISHED
    assert work.published_at == NOW  # the first publication date is kept
    assert event_types(work) == ["work.published"]


def test_staff_withdrawal_holds_the_work_against_its_owner() -> None:
    work = published()
    work.withdraw(STAFF, True, "signalement", NOW)
    work.collect_events()
    assert work.moderation_hold is True

    with pytest.raises(Forbidden) as republish:
        work.publish(OWNER, False, LATER)
    assert republish.value.code == "moderation_hold"

    with pytest.raises(Forbidden) as update:
        work.update(details(titles={"fr": "Autre titre"}), OWNER, LATER)
    assert update.value.code == "moderation_hold"

    assert work.status is WorkStatus.WITHDRAWN
    assert work.details.titles == {"fr": "Bèlè de la Lune"}
    assert work.collect_events() == []


def test_staff_can_republish_a_held_work_and_the_hold_is_lifted() -> None:
    work = published()
    work.withdraw(STAFF, True, None, NOW)
    work.collect_events()

    work.publish(STAFF, True, LATER)

    assert work.status is WorkStatus.PUBLISHED
    assert work.moderation_hold is False
    assert event_types(work) == ["work.published"]
    work.update(details(titles={"fr": "Autre titre"}), OWNER, LATER)  # owner may edit again
    assert work.title == "Autre titre"


def test_staff_can_edit_a_held_work_before_republishing_it() -> None:
    work = published()
    work.withdraw(STAFF, True, "titre injurieux", NOW)
    work.collect_events()

    work.update(details(titles={"fr": "Titre corrigé"}), STAFF, LATER, by_staff=True)

    assert work.title == "Titre corrigé"
    assert work.moderation_hold is True  # editing does not lift the hold
    assert work.status is WorkStatus.WITHDRAWN
    assert event_types(work) == ["work.updated"]


def test_staff_withdrawal_holds_a_work_its_owner_had_withdrawn() -> None:
    # Otherwise an owner could dodge moderation: withdraw first, republish after.
    work = published()
    work.withdraw(OWNER, False, None, NOW)
    work.collect_events()

    work.withdraw(STAFF, True, "signalement", LATER)

    assert work.moderation_hold is True
    assert work.updated_at == LATER
    [event] = work.collect_events()
    assert event.type == "work.withdrawn"
    assert event.payload["by"] == str(STAFF)
    work.withdraw(STAFF, True, "signalement", LATER)  # a second click changes nothing
    assert work.collect_events() == []
    with pytest.raises(Forbidden):
        work.publish(OWNER, False, LATER)


def test_staff_withdrawing_their_own_work_sets_no_hold() -> None:
    profile = creator(STAFF)
    work = Work.create(profile, details(), STAFF, NOW)
    work.publish(STAFF, True, NOW)
    work.withdraw(STAFF, True, None, LATER)
    assert work.moderation_hold is False


# ---------------------------------------------------------------------------------------------
# Updating


def test_update_replaces_details_and_records_work_updated() -> None:
    work = draft()
    work.update(details(titles={"fr": "Lalin"}, year=2020), OWNER, LATER)

    assert work.title == "Lalin"
    assert work.details.year == 2020
    assert work.updated_at == LATER
    assert work.created_at == NOW
    assert event_types(work) == ["work.updated"]


def test_invalid_update_changes_nothing() -> None:
    work = draft()
    before = work.details

    with pytest.raises(InvalidInput):
        work.update(details(identifiers={"isrc": "nope"}), OWNER, LATER)

    assert work.details is before
    assert work.updated_at == NOW
    assert work.collect_events() == []


def test_set_cover_records_work_updated() -> None:
    work = draft()
    work.set_cover("covers/abc", OWNER, LATER)
    assert work.cover_key == "covers/abc"
    assert event_types(work) == ["work.updated"]


# ---------------------------------------------------------------------------------------------
# Who sees a work


@pytest.mark.parametrize(
    ("status", "visibility", "stranger_sees"),
    [
        ("draft", "public", False),
        ("draft", "unlisted", False),
        ("draft", "private", False),
        ("processing", "public", False),
        ("published", "public", True),
        ("published", "unlisted", True),
        ("published", "private", False),
        ("withdrawn", "public", False),
    ],
)
def test_visible_to(status: str, visibility: str, stranger_sees: bool) -> None:
    work = draft(visibility=Visibility(visibility))
    if status == "processing":
        work.start_processing(NOW)
    elif status in ("published", "withdrawn"):
        work.publish(OWNER, False, NOW)
    if status == "withdrawn":
        work.withdraw(OWNER, False, None, NOW)
    assert work.status is WorkStatus(status)

    assert work.visible_to(OWNER, False) is True
    assert work.visible_to(STAFF, True) is True
    assert work.visible_to(STRANGER, False) is stranger_sees
    assert work.visible_to(None, False) is stranger_sees


# ---------------------------------------------------------------------------------------------
# Validation


def invalid(**changes: Any) -> str:
    with pytest.raises(InvalidInput) as error:
        details(**changes).validated(NOW)
    return error.value.code


@pytest.mark.parametrize("titles", [{}, {"fr": ""}, {"fr": "   ", "en": ""}])
def test_a_title_is_required(titles: dict[str, str]) -> None:
    assert invalid(titles=titles) == "missing_title"
    with pytest.raises(InvalidInput):
        Work.create(creator(), details(titles=titles), OWNER, NOW)


def test_title_length_is_bounded() -> None:
    assert details(titles={"fr": "é" * MAX_TITLE}).validated(NOW).titles["fr"] == "é" * MAX_TITLE
    assert invalid(titles={"fr": "é" * (MAX_TITLE + 1)}) == "invalid_localised_text"


def test_titles_are_stripped_and_keyed_by_canonical_tags() -> None:
    checked = details(titles={" en ": " Moon ", "acf": "Lalin", "FR": "Lune"}).validated(NOW)
    assert checked.titles == {"fr": "Lune", "gcf-MQ": "Lalin", "en": "Moon"}


@pytest.mark.parametrize("alias", ["acf", "cpf", "gcf", "GCF-mq", "gcf_MQ"])
def test_creole_aliases_are_normalised(alias: str) -> None:
    checked = details(
        titles={alias: "Bèlè lalin"}, descriptions={alias: "An bèlè"}, languages=[alias]
    ).validated(NOW)
    assert checked.titles == {"gcf-MQ": "Bèlè lalin"}
    assert checked.descriptions == {"gcf-MQ": "An bèlè"}
    assert checked.languages == ["gcf-MQ"]


def test_the_same_language_twice_in_titles_is_refused() -> None:
    assert invalid(titles={"acf": "Lalin", "cpf": "Lalen"}) == "invalid_localised_text"


def test_duplicate_languages_are_de_duplicated_in_order() -> None:
    checked = details(languages=["fr", "acf", "FR", "gcf-MQ", "cpf", "en", "fr"]).validated(NOW)
    assert checked.languages == ["fr", "gcf-MQ", "en"]


@pytest.mark.parametrize("tag", ["ht", "fr-FR", "kreyol", "gcf-GP"])
def test_unsupported_languages_are_refused(tag: str) -> None:
    assert invalid(languages=[tag]) == "unsupported_language"
    assert invalid(titles={tag: "Titre"}) == "invalid_localised_text"


def test_work_identifiers_are_checked_and_normalised() -> None:
    checked = details(identifiers={"ISRC": "fr-z03-14-00001"}).validated(NOW)
    assert checked.identifiers == {"isrc": "FRZ031400001"}


@pytest.mark.parametrize(
    "identifiers",
    [
        {"isrc": "FR-Z03-14-0001"},  # one digit short
        {"isrc": "F1-Z03-14-00001"},  # country code must be letters
        {"isrc": "javascript:alert(1)"},
        {"isni": "0000 0001 2281 955X"},  # a person's identifier, not a work's
        {"doi": "10.1000/182"},  # unknown kind
    ],
)
def test_invalid_identifiers_are_refused(identifiers: dict[str, str]) -> None:
    assert invalid(identifiers=identifiers) == "invalid_identifier"


def test_person_identifiers_on_credits_are_normalised() -> None:
    checked = details(
        credits=[
            Credit(
                name="  Léna Tanbouyé ",
                role=CreditRole.PERFORMER,
                isni="ISNI 0000 0001 2281 955x",
                ipi="123456789",
            ),
            Credit(name="Eugène Mona", role=CreditRole.COMPOSER),
        ]
    ).validated(NOW)
    assert list(checked.credits) == [
        Credit(
            name="Léna Tanbouyé",
            role=CreditRole.PERFORMER,
            isni="000000012281955X",
            ipi="00123456789",
        ),
        Credit(name="Eugène Mona", role=CreditRole.COMPOSER, isni=None, ipi=None),
    ]


@pytest.mark.parametrize(
    "credit",
    [
        Credit(name="Léna", role=CreditRole.AUTHOR, isni="0000 0001 2281 9550"),  # check char
        Credit(name="Léna", role=CreditRole.AUTHOR, ipi="12345678"),
    ],
)
def test_invalid_person_identifiers_on_credits_are_refused(credit: Credit) -> None:
    assert invalid(credits=[credit]) == "invalid_identifier"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_credit_names_are_bounded(name: str) -> None:
    assert invalid(credits=[Credit(name=name, role=CreditRole.AUTHOR)]) == "invalid_credit"


def test_too_many_credits_are_refused() -> None:
    many = [Credit(name=f"P{i}", role=CreditRole.PERFORMER) for i in range(101)]
    assert invalid(credits=many) == "too_many_credits"


@pytest.mark.parametrize("year", [1000, 1987, NOW.year, NOW.year + 1, None])
def test_years_in_bounds_are_kept(year: int | None) -> None:
    assert details(year=year).validated(NOW).year == year


@pytest.mark.parametrize("year", [999, 0, -5, NOW.year + 2, 10_000])
def test_years_out_of_bounds_are_refused(year: int) -> None:
    assert invalid(year=year) == "invalid_year"


@pytest.mark.parametrize("duration", [1, 215, MAX_DURATION_S, None])
def test_durations_in_bounds_are_kept(duration: int | None) -> None:
    assert details(duration_s=duration).validated(NOW).duration_s == duration


@pytest.mark.parametrize("duration", [0, -1, MAX_DURATION_S + 1, 2**31])
def test_durations_out_of_bounds_are_refused(duration: int) -> None:
    assert invalid(duration_s=duration) == "invalid_duration"


# ---------------------------------------------------------------------------------------------
# Creator profiles


def creator_invalid(**changes: Any) -> str:
    fields: dict[str, Any] = {"kind": CreatorKind.PERSON, "name": "Léna"}
    fields.update(changes)
    with pytest.raises(InvalidInput) as error:
        CreatorDetails(**fields).validated()
    return error.value.code


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "https://",
        "//example.org/path",
        "https://example.org/" + "a" * 500,
    ],
)
def test_only_web_links_are_accepted(link: str) -> None:
    assert creator_invalid(links=[link]) == "invalid_link"


def test_web_links_are_kept() -> None:
    links = ["https://lakou.example/lena", "http://bandcamp.example/lena"]
    checked = CreatorDetails(kind=CreatorKind.PERSON, name="Léna", links=links).validated()
    assert list(checked.links) == links


def test_too_many_links_are_refused() -> None:
    assert creator_invalid(links=[f"https://e.example/{i}" for i in range(11)]) == "too_many_links"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_creator_names_are_bounded(name: str) -> None:
    assert creator_invalid(name=name) == "invalid_name"


def test_creator_details_are_cleaned() -> None:
    checked = CreatorDetails(
        kind=CreatorKind.PERSON,
        name=" Léna ",
        bios={"fr": " Chanteuse ", "acf": "Chantè", "en": " "},
        commune="  ",
        disciplines=[Discipline.MUSIC, Discipline.HERITAGE, Discipline.MUSIC],
    ).validated()
    assert checked.name == "Léna"
    assert checked.bios == {"fr": "Chanteuse", "gcf-MQ": "Chantè"}
    assert checked.commune is None
    assert list(checked.disciplines) == [Discipline.MUSIC, Discipline.HERITAGE]


def test_over_long_commune_is_refused() -> None:
    assert creator_invalid(commune="x" * 101) == "invalid_commune"
