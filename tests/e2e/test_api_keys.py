"""Partner API keys over the API: an organisation's admins make, rotate and revoke them; a
partner calls with one; every call is attributable in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from accounts.apikeys.domain import KeyHasher
from accounts.apikeys.tables import ApiKeyRow
from accounts.audit.tables import AuditEntryRow
from lakou.bootstrap import Container
from tests.helpers import sign_up_and_log_in, staff_headers
from tests.organisation_helpers import create_organisation, ensure_notifier, verified_organisation


@pytest.fixture(autouse=True)
def _ports(container: Container) -> None:
    ensure_notifier(container)


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def _partner(client: AsyncTestClient, container: Container) -> tuple[dict[str, str], str]:
    owner = await sign_up_and_log_in(client, "audience")
    acting = await verified_organisation(client, container, owner)
    return owner, acting["X-Lakou-Organisation"]


async def _make_key(
    client: AsyncTestClient, owner: dict[str, str], organisation: str, **body: Any
) -> dict[str, Any]:
    sent = {"name": "Catalogue sync", "scopes": ["catalogue:read"], **body}
    made = await client.post(
        f"/api/organisations/{organisation}/api-keys", json=sent, headers=owner
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


async def test_a_key_is_shown_once_stored_keyed_and_every_call_is_in_the_audit_log(
    client: AsyncTestClient, container: Container
) -> None:
    owner, organisation = await _partner(client, container)
    made = await _make_key(client, owner, organisation, scopes=["markets:read", "catalogue:read"])
    secret = made["secret"]
    assert secret.startswith("lkp_")
    assert made["key"]["prefix"] == secret[:12]
    assert made["key"]["scopes"] == ["catalogue:read", "markets:read"]
    assert made["key"]["state"] == "active"

    # Stored as the keyed hash only; the list never shows the secret.
    row = await ApiKeyRow.select().where(ApiKeyRow.id == made["key"]["id"]).first()
    assert row["key_hash"] == KeyHasher(container.settings.secret_key)(secret)
    assert secret not in str(row)
    listed = await client.get(f"/api/organisations/{organisation}/api-keys", headers=owner)
    assert listed.status_code == 200
    assert secret not in listed.text
    assert [key["last_used_at"] for key in listed.json()] == [None]

    works = await client.get("/api/partner/v1/works", headers=_bearer(secret))
    assert works.status_code == 200, works.text
    who = await client.get("/api/partner/v1/key", headers=_bearer(secret))
    assert who.json()["organisation_id"] == organisation
    assert who.json()["last_used_at"] is not None

    calls = await AuditEntryRow.select().where(
        (AuditEntryRow.action == "api_key.call") & (AuditEntryRow.object_id == made["key"]["id"])
    )
    assert sorted(str(call["after"]) for call in calls) == sorted(
        [
            '{"method": "GET", "path": "/api/partner/v1/key", "scope": ""}',
            '{"method": "GET", "path": "/api/partner/v1/works", "scope": "catalogue:read"}',
        ]
    )
    assert all(str(call["organisation_id"]) == organisation for call in calls)
    assert all(call["request_id"] for call in calls)
    created = await AuditEntryRow.select().where(AuditEntryRow.action == "api_key.created")
    assert secret not in str(created)


async def test_a_key_outside_its_scope_its_rate_or_the_partner_routes_is_refused(
    client: AsyncTestClient, container: Container
) -> None:
    owner, organisation = await _partner(client, container)
    markets_only = (await _make_key(client, owner, organisation, scopes=["markets:read"]))["secret"]
    refused = await client.get("/api/partner/v1/works", headers=_bearer(markets_only))
    assert (refused.status_code, _code(refused)) == (403, "api_key_scope_missing")

    slow = (await _make_key(client, owner, organisation, rate_per_minute=2))["secret"]
    for _ in range(2):
        assert (await client.get("/api/partner/v1/works", headers=_bearer(slow))).status_code == 200
    limited = await client.get("/api/partner/v1/works", headers=_bearer(slow))
    assert (limited.status_code, _code(limited)) == (429, "api_key_rate_limited")
    assert 1 <= int(limited.headers["retry-after"]) <= 60

    for headers, code in (
        ({}, "api_key_required"),
        (owner, "api_key_required"),  # a person's token is not a partner key
        (_bearer("lkp_" + "x" * 43), "api_key_invalid"),
    ):
        answer = await client.get("/api/partner/v1/works", headers=headers)
        assert (answer.status_code, _code(answer)) == (401, code)
    # And a partner key is no person's token.
    mine = await client.get("/api/organisations", headers=_bearer(slow))
    assert mine.status_code == 401


async def test_rotation_keeps_the_old_key_for_the_overlap_and_revocation_ends_it_now(
    client: AsyncTestClient, container: Container
) -> None:
    owner, organisation = await _partner(client, container)
    keys = f"/api/organisations/{organisation}/api-keys"
    first = await _make_key(client, owner, organisation, rate_per_minute=50)
    old = first["secret"]

    rotated = await client.post(
        f"{keys}/{first['key']['id']}/rotate", json={"overlap_hours": 2}, headers=owner
    )
    assert rotated.status_code == 201, rotated.text
    new = rotated.json()["secret"]
    assert rotated.json()["key"]["replaces"] == first["key"]["id"]
    assert rotated.json()["key"]["rate_per_minute"] == 50
    for secret in (old, new):  # both work during the overlap
        assert (
            await client.get("/api/partner/v1/works", headers=_bearer(secret))
        ).status_code == 200
    states = {key["prefix"]: key["state"] for key in (await client.get(keys, headers=owner)).json()}
    assert states == {old[:12]: "expiring", new[:12]: "active"}

    # An overlap of zero ends the old key at once.
    again = await client.post(
        f"{keys}/{rotated.json()['key']['id']}/rotate", json={"overlap_hours": 0}, headers=owner
    )
    expired = await client.get("/api/partner/v1/works", headers=_bearer(new))
    assert (expired.status_code, _code(expired)) == (401, "api_key_expired")
    newest = again.json()["secret"]

    revoked = await client.post(f"{keys}/{again.json()['key']['id']}/revoke", headers=owner)
    assert (revoked.status_code, revoked.json()["state"]) == (200, "revoked")
    answer = await client.get("/api/partner/v1/works", headers=_bearer(newest))
    assert (answer.status_code, _code(answer)) == (401, "api_key_revoked")
    # A revoked key cannot be rotated back to life.
    back = await client.post(f"{keys}/{again.json()['key']['id']}/rotate", json={}, headers=owner)
    assert (back.status_code, _code(back)) == (409, "api_key_not_usable")
    actions = await AuditEntryRow.select(AuditEntryRow.action).where(
        AuditEntryRow.action.like("api_key.%") & (AuditEntryRow.action != "api_key.call")
    )
    assert sorted(entry["action"] for entry in actions) == sorted(
        ["api_key.created"] * 3 + ["api_key.rotated"] * 2 + ["api_key.revoked"]
    )


async def test_bad_input_and_other_people_change_nothing(
    client: AsyncTestClient, container: Container
) -> None:
    owner, organisation = await _partner(client, container)
    keys = f"/api/organisations/{organisation}/api-keys"
    for body, code in (
        ({"name": "x", "scopes": ["catalogue:write"]}, "invalid_scopes"),
        ({"name": "x", "scopes": []}, "invalid_scopes"),
        ({"name": " ", "scopes": ["catalogue:read"]}, "invalid_name"),
        ({"name": "x", "scopes": ["catalogue:read"], "rate_per_minute": 0}, "invalid_rate"),
        ({"name": "x", "scopes": ["catalogue:read"], "rate_per_minute": 10**6}, "invalid_rate"),
    ):
        answer = await client.post(keys, json=body, headers=owner)
        assert (answer.status_code, _code(answer)) == (422, code), body
    assert await ApiKeyRow.count() == 0

    made = await _make_key(client, owner, organisation)
    rotate = f"{keys}/{made['key']['id']}/rotate"
    too_long = await client.post(rotate, json={"overlap_hours": 10_000}, headers=owner)
    assert (too_long.status_code, _code(too_long)) == (422, "invalid_overlap")

    stranger = await sign_up_and_log_in(client, "audience")
    for method, path in (
        ("GET", keys),
        ("POST", rotate),
        ("POST", f"{keys}/{made['key']['id']}/revoke"),
    ):
        answer = await client.request(method, path, headers=stranger, json={})
        assert answer.status_code == 404, (method, path)

    # Staff may list and revoke (a leaked key), never make or rotate one.
    staff = await staff_headers(client, container)
    assert (await client.get(keys, headers=staff)).status_code == 200
    staff_made = await client.post(
        keys, json={"name": "x", "scopes": ["catalogue:read"]}, headers=staff
    )
    assert (staff_made.status_code, _code(staff_made)) == (403, "organisation_admin_required")
    assert (await client.post(rotate, json={}, headers=staff)).status_code == 403
    assert await ApiKeyRow.count() == 1

    # An unverified organisation makes no key.
    unverified = await create_organisation(client, owner)
    refused = await client.post(
        f"/api/organisations/{unverified['id']}/api-keys",
        json={"name": "x", "scopes": ["catalogue:read"]},
        headers=owner,
    )
    assert (refused.status_code, _code(refused)) == (409, "organisation_not_verified")
