"""Organisations over the API: registering one, its members and invitations, its verification
by staff, acting as it, and what verification unlocks (the partner search view)."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from accounts.organisations.tables import OrganisationRow
from lakou.bootstrap import Container
from tests.helpers import sign_up_and_log_in, staff_headers
from tests.organisation_helpers import (
    PDF,
    create_organisation,
    ensure_notifier,
    new_siren,
    new_siret,
    organisation_body,
    recording_notifier,
    request_verification,
)


@pytest.fixture(autouse=True)
def _ports(container: Container) -> None:
    ensure_notifier(container)


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


async def test_registering_checks_the_legal_identity_and_its_claim(
    client: AsyncTestClient,
) -> None:
    owner = await sign_up_and_log_in(client, "audience")
    siret = new_siret()
    made = await create_organisation(
        client, owner, legal_identity={"scheme": "siret", "number": f" {siret[:3]} {siret[3:]} "}
    )
    assert made["state"] == "unverified"
    assert made["role"] == "owner"
    assert made["legal_identity"]["number"] == siret  # normalised: digits only
    assert made["address"]["city"] == "Fort-de-France"  # named by the registry
    assert made["unlocks"] == ["search.partner_view", "licensing.request"]

    before = await OrganisationRow.count()
    for body, code in (
        ({"legal_identity": {"scheme": "siret", "number": siret[:-1] + "0"}}, "invalid_siret"),
        ({"legal_identity": {"scheme": "siren", "number": "12345678"}}, "invalid_siren"),
        ({"legal_identity": {"scheme": "eu_vat", "number": "FR00303265045"}}, "invalid_vat"),
        ({"legal_identity": {"scheme": "iban", "number": "1"}}, "invalid_legal_scheme"),
        (
            {"legal_identity": {"scheme": "foreign", "number": "123", "country": "FR"}},
            "invalid_registration",
        ),
        ({"kind": "bank"}, "invalid_kind"),
        ({"partner_kind": None}, "invalid_partner_kind"),
        ({"address": {"country": "MQ", "commune_code": "75056"}}, "invalid_commune"),
        ({"address": {"country": "MQ"}}, "invalid_commune"),
        ({"address": {"country": "CA", "commune_code": "97209"}}, "invalid_commune"),
        ({"address": {"country": "ZZ"}}, "invalid_country"),
        ({"name": "x"}, "invalid_name"),
    ):
        response = await client.post(
            "/api/organisations", json=organisation_body(**body), headers=owner
        )
        assert response.status_code == 422, (body, response.text)
        assert _code(response) == code, body
    assert await OrganisationRow.count() == before

    # A SIRET already claimed, by anyone else, is refused; so is the same VAT number.
    other = await sign_up_and_log_in(client, "creator")
    again = await client.post(
        "/api/organisations",
        json=organisation_body(legal_identity={"scheme": "siret", "number": siret}),
        headers=other,
    )
    assert again.status_code == 409
    assert _code(again) == "legal_id_claimed"
    vat = {"scheme": "eu_vat", "number": "FR 40 303 265 045"}
    foreign = {"country": "BE", "city": "Bruxelles"}
    await create_organisation(client, other, legal_identity=vat, address=foreign)
    claimed = await client.post(
        "/api/organisations",
        json=organisation_body(
            legal_identity={"scheme": "eu_vat", "number": "fr40303265045"}, address=foreign
        ),
        headers=owner,
    )
    assert claimed.status_code == 409
    # A foreign registration claims nothing: stored as given, trimmed.
    canadian = await create_organisation(
        client,
        owner,
        kind="funder",
        partner_kind=None,
        legal_identity={"scheme": "foreign", "number": "  NEQ 1165 ", "country": "ca"},
        address={"country": "CA", "city": "Montréal"},
    )
    assert canadian["legal_identity"] == {
        "scheme": "foreign",
        "number": "NEQ 1165",
        "display": "NEQ 1165",
        "country": "CA",
    }
    assert await OrganisationRow.count() == before + 2


async def test_invitations_members_and_the_last_owner(
    client: AsyncTestClient, container: Container
) -> None:
    mail = recording_notifier(container)
    owner = await sign_up_and_log_in(client, "audience")
    organisation = await create_organisation(client, owner)
    base = f"/api/organisations/{organisation['id']}"

    invited = await client.post(
        f"{base}/invitations", json={"email": "Ti.Jo@Example.test", "role": "admin"}, headers=owner
    )
    assert invited.status_code == 201, invited.text
    sent = mail.last("organisations.invitation")
    assert sent.to == "ti.jo@example.test"
    link = str(sent.params["link"])
    token = link.rsplit("/", 1)[-1]
    assert token not in invited.text  # the token leaves by mail only

    # Accepted by the invited address only, once.
    stranger = await sign_up_and_log_in(client, "audience")
    wrong = await client.post(
        "/api/organisations/invitations/accept", json={"token": token}, headers=stranger
    )
    assert wrong.status_code == 403
    assert _code(wrong) == "invitation_other_address"
    admin = await sign_up_and_log_in(client, "audience", email="ti.jo@example.test")
    accepted = await client.post(
        "/api/organisations/invitations/accept", json={"token": token}, headers=admin
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["role"] == "admin"
    twice = await client.post(
        "/api/organisations/invitations/accept", json={"token": token}, headers=admin
    )
    assert twice.status_code == 404
    assert _code(twice) == "invitation_not_found"

    # Inviting someone who is already a member is a conflict.
    existing = await client.post(
        f"{base}/invitations", json={"email": "ti.jo@example.test"}, headers=owner
    )
    assert existing.status_code == 409
    assert _code(existing) == "already_member"

    members = (await client.get(f"{base}/members", headers=owner)).json()
    by_role = {m["role"]: m["user_id"] for m in members}
    assert set(by_role) == {"owner", "admin"}

    # The last owner can neither be removed nor demoted, by an admin or by themself.
    for request in (
        client.delete(f"{base}/members/{by_role['owner']}", headers=owner),
        client.put(f"{base}/members/{by_role['owner']}", json={"role": "admin"}, headers=owner),
    ):
        refused = await request
        assert refused.status_code == 409, refused.text
        assert _code(refused) == "last_owner"
    by_admin = await client.delete(f"{base}/members/{by_role['owner']}", headers=admin)
    assert by_admin.status_code == 403
    # With a second owner, the first may step down.
    promoted = await client.put(
        f"{base}/members/{by_role['admin']}", json={"role": "owner"}, headers=owner
    )
    assert promoted.status_code == 204, promoted.text
    left = await client.delete(f"{base}/members/{by_role['owner']}", headers=owner)
    assert left.status_code == 204
    assert (await client.get(base, headers=owner)).status_code == 404


async def test_verification_by_staff_and_what_it_unlocks(
    client: AsyncTestClient, container: Container
) -> None:
    mail = recording_notifier(container)
    person = await sign_up_and_log_in(client, "audience")
    organisation = await create_organisation(client, person, legal_identity=None)
    org_id = organisation["id"]
    base = f"/api/organisations/{org_id}"
    acting = {**person, "X-Lakou-Organisation": org_id}
    staff = await staff_headers(client, container)

    # Nothing to review yet: an identity and a document are needed.
    missing = await client.post(f"{base}/verification-request", headers=person)
    assert missing.status_code == 409
    assert _code(missing) == "legal_id_missing"
    body = organisation_body(legal_identity={"scheme": "siren", "number": new_siren()})
    assert (await client.patch(base, json=body, headers=person)).status_code == 200
    no_documents = await client.post(f"{base}/verification-request", headers=person)
    assert _code(no_documents) == "documents_missing"
    not_a_document = await client.post(
        f"{base}/documents?filename=kbis.pdf", content=b"MZ\x90\x00 an executable", headers=person
    )
    assert not_a_document.status_code == 422
    assert _code(not_a_document) == "invalid_document"
    await request_verification(client, person, org_id)
    again = await client.post(f"{base}/documents?filename=copie.pdf", content=PDF, headers=person)
    assert len((await client.get(f"{base}/documents", headers=person)).json()) == 1
    assert again.json()["filename"] == "kbis.pdf"  # the same content, kept once

    # Requested is not verified: still the audience view.
    view = await client.get("/api/search", headers=acting)
    assert view.json()["view"] == "audience"

    # Only staff decide; the others are refused, the organisation stays requested.
    verify = f"/api/staff/organisations/{org_id}/verify"
    assert (await client.post(verify, headers=person)).status_code == 403
    assert (await client.post(verify)).status_code == 401
    queue = await client.get("/api/staff/organisations?state=requested", headers=staff)
    assert org_id in [o["id"] for o in queue.json()]
    dossier = (await client.get(f"/api/staff/organisations/{org_id}", headers=staff)).json()
    document = dossier["documents"][0]
    download = await client.get(
        f"/api/staff/organisations/{org_id}/documents/{document['id']}", headers=staff
    )
    assert download.content == PDF
    assert download.headers["content-disposition"].startswith("attachment")
    refused = await client.get(
        f"/api/staff/organisations/{org_id}/documents/{document['id']}", headers=person
    )
    assert refused.status_code == 403

    # Refused with a reason (required), asked again, verified.
    no_reason = await client.post(
        f"/api/staff/organisations/{org_id}/refuse", json={"reason": " "}, headers=staff
    )
    assert no_reason.status_code == 422
    reason = "Le Kbis a plus de trois mois."
    out = await client.post(
        f"/api/staff/organisations/{org_id}/refuse", json={"reason": reason}, headers=staff
    )
    assert out.json()["state"] == "refused"
    told = mail.last("organisations.refused")
    assert told.params["reason"] == reason
    assert (await client.get(base, headers=person)).json()["state_reason"] == reason
    asked = await client.post(f"{base}/verification-request", headers=person)
    assert asked.json()["state"] == "requested"
    assert (await client.post(verify, headers=staff)).json()["state"] == "verified"
    assert mail.last("organisations.verified").link == f"/organisations/{org_id}"

    # Verified: acting as it opens the partner view; not acting as it does not.
    assert (await client.get("/api/search", headers=acting)).json()["view"] == "partner"
    assert (await client.get("/api/search", headers=person)).json()["view"] == "audience"
    # Suspended, it closes again; reinstated, it opens.
    suspend = f"/api/staff/organisations/{org_id}/suspend"
    assert (await client.post(suspend, json={"reason": "Contrôle"}, headers=staff)).is_success
    assert (await client.get("/api/search", headers=acting)).json()["view"] == "audience"
    reinstate = f"/api/staff/organisations/{org_id}/reinstate"
    assert (await client.post(reinstate, headers=staff)).json()["state"] == "verified"
    history = (await client.get(f"/api/staff/organisations/{org_id}", headers=staff)).json()
    assert [step["to_state"] for step in history["history"]] == [
        "verified",
        "suspended",
        "verified",
        "requested",
        "refused",
        "requested",
    ]
    # A verified organisation's identity is fixed.
    body["legal_identity"] = {"scheme": "siren", "number": new_siren()}
    locked = await client.patch(base, json=body, headers=person)
    assert locked.status_code == 409


async def test_acting_for_an_organisation_one_is_not_in_is_not_found(
    client: AsyncTestClient,
) -> None:
    owner = await sign_up_and_log_in(client, "audience")
    organisation = await create_organisation(client, owner)
    outsider = await sign_up_and_log_in(client, "audience")
    for value in (organisation["id"], "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = await client.get(
            "/api/search", headers={**outsider, "X-Lakou-Organisation": value}
        )
        assert response.status_code == 404, (value, response.text)
    hidden = await client.get(f"/api/organisations/{organisation['id']}", headers=outsider)
    assert hidden.status_code == 404
    invite = await client.post(
        f"/api/organisations/{organisation['id']}/invitations",
        json={"email": "x@example.test"},
        headers=outsider,
    )
    assert invite.status_code == 404
