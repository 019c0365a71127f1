"""The partner API's availability (`avails:read`) and licence request (`licences:write`) routes,
called with keys: what licensing answers the request page, the same rules, the same codes."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.licensing.tables import DealRow
from tests.helpers import create_creator, create_work, published_work, sign_up_and_log_in
from tests.partner_helpers import film_with_rights, partner_key

AVAILS = "/api/partner/v1/avails"
LICENCES = "/api/partner/v1/licences"


_key = partner_key


async def _film(client: AsyncTestClient) -> tuple[dict[str, str], str]:
    return await film_with_rights(client)


def _ask(work_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "work_id": work_id,
        "medium": "svod",
        "territory": "CA",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "exclusive": True,
        "intended_use": "Plateforme SVOD au Québec",
        **extra,
    }


async def test_a_partner_reads_a_works_availability_and_searches_the_catalogue(
    client: AsyncTestClient, container: Container
) -> None:
    key = await _key(client, container, "avails:read")
    _, film = await _film(client)
    creator = await sign_up_and_log_in(client)
    without_rights = await published_work(client, creator)
    profile = await create_creator(client, creator)
    draft = (await create_work(client, creator, profile["id"], discipline="film"))["id"]

    spans = await client.get(f"{AVAILS}/works/{film}", headers=key)
    assert spans.status_code == 200, spans.text
    [svod] = spans.json()["spans"]
    assert (svod["medium"], svod["status"]) == ("svod", "exclusive")
    assert {"CA", "US"} <= set(svod["countries"])
    assert "MX" not in svod["countries"]
    assert (svod["starts_on"], svod["ends_on"]) == ("2027-01-01", "2029-12-31")
    assert (await client.get(f"{AVAILS}/works/{draft}", headers=key)).status_code == 404

    body = {"territory": "CA", "medium": "svod", "starts_on": "2027-01-01", "ends_on": "2027-12-31"}
    found = await client.post(f"{AVAILS}/search", json=body, headers=key)
    assert found.status_code == 200, found.text
    assert [(i["work_id"], i["overall"]) for i in found.json()["items"]] == [(film, "available")]
    # Asked by ids, every one is answered; a period past the mandate finds nothing.
    listed = await client.post(
        f"{AVAILS}/search",
        json={**body, "work_ids": [film, without_rights, draft], "only_available": False},
        headers=key,
    )
    assert {i["work_id"]: i["overall"] for i in listed.json()["items"]} == {
        film: "available",
        without_rights: "not_offered",
    }
    later = {**body, "starts_on": "2029-06-01", "ends_on": "2030-05-31"}
    assert (await client.post(f"{AVAILS}/search", json=later, headers=key)).json()["items"] == []
    # Page by page: one work a page, the cursor continues.
    first = (await client.post(f"{AVAILS}/search", json={**body, "limit": 1,
                                                          "only_available": False},
                               headers=key)).json()  # fmt: skip
    assert first["next_cursor"]

    refused = {
        "unknown_medium": {**body, "medium": "cinema-plein-air"},
        "unknown_territory": {**body, "territory": "atlantis"},
        "inverted_period": {**body, "ends_on": "2026-01-01"},
        "invalid_cursor": {**body, "cursor": "pas-un-curseur"},
    }
    for code, sent in refused.items():
        answer = await client.post(f"{AVAILS}/search", json=sent, headers=key)
        assert answer.status_code == 422, (code, answer.text)
        assert answer.json()["error"]["code"] == code

    other = await _key(client, container, "catalogue:read")
    for answer in (
        await client.get(f"{AVAILS}/works/{film}", headers=other),
        await client.post(f"{AVAILS}/search", json=body, headers=other),
    ):
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "api_key_scope_missing"


async def test_a_partner_asks_for_a_licence_with_its_key_under_the_deal_rules(
    client: AsyncTestClient, container: Container
) -> None:
    owner, film = await _film(client)
    key = await _key(client, container, "licences:write", name="Québec Films Distribution")

    asked = await client.post(LICENCES, json=_ask(film), headers=key)
    assert asked.status_code == 201, asked.text
    deal = asked.json()
    assert (deal["state"], deal["side"], deal["licensee"]) == (
        "requested",
        "partner",
        "Québec Films Distribution",
    )
    assert (await client.get(f"{LICENCES}/{deal['id']}", headers=key)).json()["id"] == deal["id"]
    # The rights side sees it to answer, as any request.
    answering = (await client.get("/api/licensing/deals", headers=owner)).json()["answering"]
    assert [d["id"] for d in answering] == [deal["id"]]

    # The deal flow's rules, with their codes; nothing recorded.
    before = await DealRow.count()
    outside = await client.post(LICENCES, json=_ask(film, territory="MX"), headers=key)
    assert (outside.status_code, outside.json()["error"]["code"]) == (409, "outside_mandate")
    bad = await client.post(LICENCES, json=_ask(film, medium="opera"), headers=key)
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "unknown_medium")
    company = await _key(
        client, container, "licences:write", kind="cultural_company", partner_kind=None
    )
    not_partner = await client.post(LICENCES, json=_ask(film), headers=company)
    assert not_partner.status_code == 403, not_partner.text
    assert not_partner.json()["error"]["code"] == "verified_organisation_required"
    reader = await _key(client, container, "avails:read")
    scoped = await client.post(LICENCES, json=_ask(film), headers=reader)
    assert (scoped.status_code, scoped.json()["error"]["code"]) == (403, "api_key_scope_missing")
    assert await DealRow.count() == before
    # Another organisation's key does not find the deal.
    stranger = await _key(client, container, "licences:write")
    assert (await client.get(f"{LICENCES}/{deal['id']}", headers=stranger)).status_code == 404
