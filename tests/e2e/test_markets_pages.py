"""The markets' pages over HTTP: the list, a market with its window in two time zones and its
filtered stands, a stand with its market price, the accreditation request, the badge's QR code,
the organiser's administration and the exhibitor's editor."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.e2e.test_markets_api import creator_stand, open_market, organiser
from tests.helpers import CSRF_INPUT, create_work, page_log_in, priced, sign_up_and_log_in
from tests.organisation_helpers import ensure_notifier, verified_organisation


@pytest.fixture(autouse=True)
def _ports(container: Container) -> None:
    ensure_notifier(container)


async def _email(client: AsyncTestClient, headers: dict[str, str]) -> str:
    return str((await client.get("/api/auth/me", headers=headers)).json()["email"])


async def _post(client: AsyncTestClient, page: str, url: str, **data: Any) -> Any:
    token = CSRF_INPUT.search((await client.get(page)).text)
    assert token, page
    return await client.post(
        url, data={**data, "_csrf_token": token.group(1)}, follow_redirects=False
    )


async def test_a_market_its_stand_accreditation_and_badge_in_pages(
    client: AsyncTestClient, container: Container
) -> None:
    headers = await organiser(client, container)
    market = await open_market(client, headers)
    exhibitor, creator, stand = await creator_stand(client, headers, market["id"])
    work = await create_work(client, exhibitor, creator["id"])
    await client.post(f"/api/works/{work['id']}/publish", headers=exhibitor)
    await priced(client, exhibitor, work["id"], price_cents=1200)
    await client.put(
        f"/api/stands/{stand['id']}/works", json={"work_ids": [work["id"]]}, headers=exhibitor
    )
    await client.put(
        f"/api/stands/{stand['id']}/works/{work['id']}/market-price",
        json={"pricing": "fixed", "price_cents": 800},
        headers=exhibitor,
    )

    listing = await client.get("/marches")
    assert market["name"] in listing.text
    page = await client.get(f"/marches/{market['slug']}", params={"tz": "Europe/Paris"})
    assert page.status_code == 200
    assert "heure de la Martinique" in page.text
    assert "Europe/Paris" in page.text
    assert "Mawché ICC Matinik." in page.text  # the Creole text shown where given
    filtered = await client.get(f"/marches/{market['slug']}", params={"discipline": "film"})
    assert "Aucun stand ne correspond." in filtered.text  # the stand is a music one
    by_music = await client.get(f"/marches/{market['slug']}", params={"discipline": "music"})
    assert f"/stands/{stand['id']}" in by_music.text
    stand_page = await client.get(f"/marches/{market['slug']}/stands/{stand['id']}")
    assert "8,00" in stand_page.text
    assert "12,00" in stand_page.text

    buyer = await verified_organisation(
        client, container, await sign_up_and_log_in(client, "audience")
    )
    await page_log_in(client, await _email(client, buyer))
    accreditation = f"/marches/{market['slug']}/accreditation"
    asked = await _post(client, accreditation, accreditation, category="press")
    assert asked.status_code == 303, asked.text
    assert "Demandée" in (await client.get(accreditation)).text
    assert (await client.get(f"/marches/{market['slug']}/badge")).status_code == 404

    await page_log_in(client, await _email(client, headers))
    admin = f"/marches/{market['id']}/gestion"
    admin_page = await client.get(admin)
    assert admin_page.status_code == 200
    request_id = admin_page.text.split('data-accreditation="')[1].split('"')[0]
    granted = await _post(client, admin, f"{admin}/accorder", accreditation_id=request_id)
    assert granted.status_code == 303
    assert "Accordée" in (await client.get(admin)).text

    await page_log_in(client, await _email(client, buyer))
    badge = await client.get(f"/marches/{market['slug']}/badge")
    assert badge.status_code == 200
    assert "<svg" in badge.text
    assert "lkb1." in badge.text

    await page_log_in(client, await _email(client, exhibitor))
    editor = f"/marches/stands/{stand['id']}/modifier"
    assert (await client.get(editor)).status_code == 200
    saved = await _post(
        client, editor, f"{editor}/presentation", presentation_fr="Tanbou!", tables="4"
    )
    assert saved.status_code == 303, saved.text
    assert "Tanbou!" in (await client.get(f"/marches/{market['slug']}/stands/{stand['id']}")).text
    await page_log_in(client, await _email(client, buyer))
    assert (await client.get(editor)).status_code == 403


async def test_the_organiser_creates_a_market_in_martinique_time(
    client: AsyncTestClient, container: Container
) -> None:
    headers = await organiser(client, container)
    await page_log_in(client, await _email(client, headers))
    form = {
        "name": "Marché des pages",
        "edition": "2099",
        "description_fr": "Un marché créé depuis sa page.",
        "sections": "music",
        "opens_at": "2099-03-28T09:00",
        "closes_at": "2099-03-30T18:00",
    }
    made = await _post(client, "/marches/organiser", "/marches/organiser", **form)
    assert made.status_code == 303, made.text
    admin = await client.get(made.headers["location"])
    assert "2099-03-28T09:00" in admin.text  # shown back in Martinique's time
    assert "Brouillon" in admin.text
    mine = (await client.get("/api/markets/mine", headers=headers)).json()
    assert [m["opens_at"][:19] for m in mine] == ["2099-03-28T13:00:00"]  # UTC
    bad = await _post(
        client, "/marches/organiser", "/marches/organiser", **{**form, "description_fr": ""}
    )
    assert bad.status_code == 422
