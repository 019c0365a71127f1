"""Organisations' pure rules: legal identities (python-stdnum), addresses, verification states,
and the last owner."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from accounts.organisations.documents import check_document, safe_filename
from accounts.organisations.domain import (
    Address,
    Details,
    MemberRole,
    Organisation,
    OrganisationKind,
    PartnerKind,
    VerificationState,
    check_owner_kept,
)
from accounts.organisations.legal_identity import LegalScheme, parse_legal_identity
from infra.errors import AppError, Conflict, Forbidden, InvalidInput

NOW = datetime(2026, 12, 6, tzinfo=UTC)


def _code(error: pytest.ExceptionInfo[AppError]) -> str:
    return error.value.code


@given(st.integers(min_value=10_000_000, max_value=99_999_999))
def test_every_siren_with_its_check_digit_is_valid_and_no_other_digit_is(body: int) -> None:
    digits = str(body)
    good = digits + luhn.calc_check_digit(digits)
    identity = parse_legal_identity("siren", f" {good[:3]} {good[3:6]} {good[6:]} ")
    assert identity.value == good
    assert identity.claim_key == f"siren:{good}"
    assert identity.country == "FR"
    bad = digits + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidInput) as error:
        parse_legal_identity("siren", bad)
    assert _code(error) == "invalid_siren"


def test_siret_is_its_siren_and_an_establishment() -> None:
    identity = parse_legal_identity("siret", "732 829 320 00074")
    assert identity.value == "73282932000074"
    assert identity.siren == "732829320"
    assert identity.display() == "732 829 320 00074"
    for wrong in ("73282932000075", "7328293200007", "7328293200007A", ""):
        with pytest.raises(InvalidInput) as error:
            parse_legal_identity("siret", wrong)
        assert _code(error) == "invalid_siret"


def test_eu_vat_numbers_are_checked_by_country() -> None:
    french = parse_legal_identity("eu_vat", "fr 40 303 265 045")
    assert (french.value, french.country) == ("FR40303265045", "FR")
    assert parse_legal_identity("eu_vat", "BE0403.170.701").value == "BE0403170701"
    assert parse_legal_identity("eu_vat", "EL094259216").country == "GR"
    for wrong in ("FR00303265045", "DE123", "40303265045", "XX40303265045"):
        with pytest.raises(InvalidInput) as error:
            parse_legal_identity("eu_vat", wrong)
        assert _code(error) == "invalid_vat"


def test_foreign_registrations_are_kept_as_given_and_claim_nothing() -> None:
    identity = parse_legal_identity("foreign", "  Company   No. 0123 ", "gb")
    assert identity.scheme is LegalScheme.FOREIGN
    assert (identity.value, identity.country, identity.claim_key) == (
        "Company No. 0123",
        "GB",
        None,
    )
    for number, country, code in (
        ("1", "FR", "invalid_registration"),  # French structures have a SIREN
        ("1", "MQ", "invalid_registration"),
        ("1", "QQ", "invalid_country"),
        ("", "CA", "invalid_registration"),
        ("x" * 61, "CA", "invalid_registration"),
    ):
        with pytest.raises(InvalidInput) as error:
            parse_legal_identity("foreign", number, country)
        assert _code(error) == code


@given(st.text(max_size=80))
def test_any_text_is_a_valid_identity_or_a_422(number: str) -> None:
    for scheme in ("siren", "siret", "eu_vat", "foreign"):
        with contextlib.suppress(InvalidInput):
            parse_legal_identity(scheme, number, "CA")


def test_addresses_in_martinique_name_their_commune() -> None:
    address = Address.parse(" 1  rue Lamartine ", "97200", "", "mq", "97209")
    assert (address.street, address.city, address.country) == (
        "1 rue Lamartine",
        "Fort-de-France",
        "MQ",
    )
    assert Address.parse("", "", "Montréal", "CA", None).commune_code is None
    for country, commune in (("MQ", None), ("MQ", "97101"), ("CA", "97209")):
        with pytest.raises(InvalidInput) as error:
            Address.parse("", "", "", country, commune)
        assert _code(error) == "invalid_commune"


def _organisation() -> Organisation:
    details = Details(
        name="Lanmè Distribution",
        kind=OrganisationKind.EXPORT_PARTNER,
        partner_kind=PartnerKind.DISTRIBUTOR,
        legal_identity=parse_legal_identity("siren", "732829320"),
        address=Address(country="MQ", commune_code="97209"),
    )
    organisation = Organisation.create(details, uuid4(), NOW)
    assert [e.type for e in organisation.collect_events()] == ["organisation.created"]
    return organisation


def test_the_verification_states_and_their_events() -> None:
    organisation = _organisation()
    staff = uuid4()
    with pytest.raises(Conflict) as error:
        organisation.request_verification(uuid4(), 0, NOW)
    assert _code(error) == "documents_missing"
    with pytest.raises(Conflict):
        organisation.verify(staff, NOW)  # not requested yet
    organisation.request_verification(uuid4(), 1, NOW)
    with pytest.raises(InvalidInput):
        organisation.refuse(staff, "  ", NOW)  # a reason is required
    review = organisation.refuse(staff, "Kbis illisible", NOW)
    assert (review.from_state, review.to_state) == (
        VerificationState.REQUESTED,
        VerificationState.REFUSED,
    )
    assert organisation.state_reason == "Kbis illisible"
    with pytest.raises(Conflict):
        organisation.suspend(staff, "x" * 10, NOW)  # only a verified one
    organisation.request_verification(uuid4(), 1, NOW)
    organisation.verify(staff, NOW)
    assert organisation.is_verified
    organisation.suspend(staff, "Contrôle en cours", NOW)
    assert organisation.state is VerificationState.SUSPENDED
    organisation.reinstate(staff, NOW)
    assert organisation.is_verified
    assert [e.type.removeprefix("organisation.") for e in organisation.collect_events()] == [
        "verification_requested",
        "refused",
        "verification_requested",
        "verified",
        "suspended",
        "reinstated",
    ]


def test_the_last_owner_stays() -> None:
    owner, admin, member = MemberRole.OWNER, MemberRole.ADMIN, MemberRole.MEMBER
    with pytest.raises(Conflict) as error:
        check_owner_kept(1, owner, None, by_owner=True)
    assert _code(error) == "last_owner"
    with pytest.raises(Conflict):
        check_owner_kept(1, owner, admin, by_owner=True)
    check_owner_kept(2, owner, member, by_owner=True)
    check_owner_kept(1, member, admin, by_owner=False)
    with pytest.raises(Forbidden):
        check_owner_kept(2, owner, None, by_owner=False)  # admins do not touch owners
    with pytest.raises(Forbidden):
        check_owner_kept(1, admin, owner, by_owner=False)  # nor make new ones


def test_documents_are_known_by_their_content() -> None:
    pdf = check_document("../../Kbis 2026.PDF", b"%PDF-1.7 ...")
    assert (pdf.content_type, pdf.filename) == ("application/pdf", "Kbis 2026.PDF")
    assert check_document("photo", b"\xff\xd8\xff\xe0 jpeg").filename == "photo.jpg"
    png = check_document("statuts.png", b"\x89PNG\r\n\x1a\n...")
    assert png.content_type == "image/png"
    assert len(png.sha256) == 64
    for content in (b"", b"<html>", b"PK\x03\x04 zip", b"%PDF" + b"x" * (10 * 1024 * 1024)):
        with pytest.raises(InvalidInput):
            check_document("x.pdf", content)
    assert safe_filename('a"b;\r\nc.pdf', ".pdf") == "abc.pdf"
    assert safe_filename(".htaccess", ".pdf") == "document.pdf"
