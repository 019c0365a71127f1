"""Rights held and availability through the API: owners declare mandates, bad input is refused
with its code, staff record licensed windows that never conflict (even at the same instant),
verified partners read availability and filter the partner search by `CA:svod`."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.helpers import (
    CSRF_INPUT,
    create_creator,
    create_work,
    deliver_events,
    page_log_in,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)
from tests.organisation_helpers import verified_organisation


async def _owner_work(client: AsyncTestClient) -> tuple[dict[str, str], str, str]:
    owner = await sign_up_and_log_in(client)
    work_id = await published_work(client, owner, discipline="film")
    sheet = await client.get(f"/api/works/{work_id}/splits", headers=owner)
    assert sheet.status_code == 200, sheet.text
    return owner, work_id, sheet.json()["holders"][0]["holder_id"]


def _mandate(signatory: str, **extra: Any) -> dict[str, Any]:
    return {
        "medium": "svod",
        "territory": "north_america latin_america -MX",
        "starts_on": "2027-01-01",
        "ends_on": "2029-12-31",
        "exclusive": True,
        "signatory_id": signatory,
        **extra,
    }


async def test_the_owner_declares_mandates_and_bad_input_changes_nothing(
    client: AsyncTestClient,
) -> None:
    owner, work_id, holder = await _owner_work(client)
    url = f"/api/licensing/works/{work_id}/mandates"
    declared = await client.post(url, json=_mandate(holder), headers=owner)
    assert declared.status_code == 201, declared.text
    assert {"CA", "US", "BR", "MQ"} <= set(declared.json()["countries"])
    assert "MX" not in declared.json()["countries"]
    bad = {
        "inverted_period": _mandate(holder, ends_on="2026-01-01"),
        "unknown_territory": _mandate(holder, territory="world -XX"),
        "unknown_medium": _mandate(holder, medium="cinema"),
        "unknown_signatory": _mandate(str(work_id)),
        "period_required": _mandate(holder, release_offset_days=30),
        "date_out_of_range": _mandate(holder, ends_on="9999-12-31"),
    }
    for code, body in bad.items():
        refused = await client.post(url, json=body, headers=owner)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["code"] == code
    stranger = await sign_up_and_log_in(client)
    assert (await client.post(url, json=_mandate(holder), headers=stranger)).status_code == 403
    listed = await client.get(url, headers=owner)
    assert len(listed.json()) == 1
    relative = _mandate(
        holder, starts_on=None, ends_on=None, release_offset_days=0, length_days=365
    )
    assert (await client.post(url, json=relative, headers=owner)).status_code == 201


async def test_windows_never_conflict_and_partners_read_availability(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id, holder = await _owner_work(client)
    await client.post(
        f"/api/licensing/works/{work_id}/mandates", json=_mandate(holder), headers=owner
    )
    staff = await staff_headers(client, container)
    windows = f"/api/staff/licensing/works/{work_id}/windows"
    shared = {
        "medium": "svod",
        "territory": "CA",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "licensee": "Distrib Montréal",
    }
    assert (await client.post(windows, json=shared, headers=staff)).status_code == 201
    second = await client.post(windows, json={**shared, "licensee": "Autre"}, headers=staff)
    assert second.status_code == 201
    over = await client.post(windows, json={**shared, "exclusive": True}, headers=staff)
    assert over.status_code == 409
    assert over.json()["error"]["code"] == "exclusive_conflict"
    outside = await client.post(windows, json={**shared, "territory": "FR"}, headers=staff)
    assert outside.json()["error"]["code"] == "outside_mandate"
    # Two exclusive windows over the same US year at the same instant: exactly one is recorded.
    exclusive = {**shared, "territory": "US", "exclusive": True}
    answers = await asyncio.gather(
        client.post(windows, json={**exclusive, "licensee": "A"}, headers=staff),
        client.post(windows, json={**exclusive, "licensee": "B"}, headers=staff),
    )
    assert sorted(a.status_code for a in answers) == [201, 409]

    partner = await verified_organisation(client, container, await sign_up_and_log_in(client))
    unverified = await sign_up_and_log_in(client)
    url = f"/api/licensing/availability/works/{work_id}"
    assert (await client.get(url, headers=unverified)).status_code == 403
    draft = await create_work(client, owner, (await create_creator(client, owner))["id"])
    hidden = f"/api/licensing/availability/works/{draft['id']}"
    assert (await client.get(hidden, headers=partner)).status_code == 404
    spans = (await client.get(url, headers=partner)).json()["spans"]
    at_2027 = {s["status"]: set(s["countries"]) for s in spans if s["starts_on"] == "2027-01-01"}
    assert "CA" in at_2027["non_exclusive"]
    assert "US" in at_2027["licensed"]
    assert "BR" in at_2027["exclusive"]
    check = await client.post(
        "/api/licensing/availability/check",
        json={
            "work_ids": [work_id],
            "territory": "CA US BR",
            "medium": "svod",
            "starts_on": "2027-06-01",
            "ends_on": "2028-06-30",
        },
        headers=partner,
    )
    statuses = {c["country"]: c["status"] for c in check.json()[0]["countries"]}
    assert statuses == {"CA": "non_exclusive", "US": "licensed", "BR": "exclusive"}
    assert check.json()[0]["overall"] == "partly_available"
    late = {
        "work_ids": [work_id],
        "territory": "CA",
        "medium": "svod",
        "starts_on": "2029-06-01",
        "ends_on": "2030-06-30",
        "only_available": True,
    }
    assert (
        await client.post("/api/licensing/availability/check", json=late, headers=partner)
    ).json() == []


async def test_the_partner_search_filters_by_territory_and_medium_together(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, holder = await _owner_work(client)
    tvod_only = _mandate(holder, medium="tvod", territory="FR", ends_on="2099-12-31")
    await client.post(
        f"/api/licensing/works/{work_id}/mandates",
        json=_mandate(holder, ends_on="2099-12-31"),
        headers=owner,
    )
    await client.post(f"/api/licensing/works/{work_id}/mandates", json=tvod_only, headers=owner)
    await deliver_events(broker, worker)
    partner = await verified_organisation(client, container, await sign_up_and_log_in(client))

    async def found(**params: str) -> list[str]:
        answer = await client.get("/api/search", params=params, headers=partner)
        assert answer.status_code == 200, answer.text
        return [hit["id"] for hit in answer.json()["items"]]

    assert work_id in await found(territory="CA", licence_type="svod")
    assert work_id in await found(territory="FR", licence_type="tvod")
    # FR is offered (tvod) and svod is offered (in CA), but never svod in FR.
    assert work_id not in await found(territory="FR", licence_type="svod")
    page = await client.get("/api/search", params={"territory": "CA"}, headers=partner)
    assert page.json()["facets"]["licence_type"].get("svod") == 1


async def test_the_studio_rights_page_declares_a_mandate(client: AsyncTestClient) -> None:
    email = "rights-owner@example.test"
    owner = await sign_up_and_log_in(client, email=email)
    work_id = await published_work(client, owner, discipline="film")
    await page_log_in(client, email)
    page = await client.get(f"/studio/oeuvres/{work_id}/droits")
    assert page.status_code == 200
    assert 'id="no-mandate"' in page.text
    token = CSRF_INPUT.search(page.text)
    holder = re.search(r'id="mandate-signatory"><option value="([^"]+)"', page.text)
    assert token
    assert holder
    form = {
        "_csrf_token": token.group(1),
        "medium": "svod",
        "territory": "caricom",
        "starts_on": "2027-01-01",
        "ends_on": "2026-01-01",
        "language": "*",
        "signatory_id": holder.group(1),
    }
    url = f"/studio/oeuvres/{work_id}/droits"
    refused = await client.post(url, data=form, follow_redirects=False)
    assert refused.status_code == 422
    assert 'id="mandate-error"' in refused.text
    declared = await client.post(url, data={**form, "ends_on": ""}, follow_redirects=False)
    assert declared.status_code == 303
    assert 'id="mandate-list"' in (await client.get(url)).text
    client.cookies.clear()
    await page_log_in(client, (await _stranger_email(client)))
    # The work is public: seen, but its rights are not theirs to manage.
    assert (await client.get(url)).status_code == 403


async def _stranger_email(client: AsyncTestClient) -> str:
    email = "rights-stranger@example.test"
    await sign_up_and_log_in(client, email=email)
    return email
