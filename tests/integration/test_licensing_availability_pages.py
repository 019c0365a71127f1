"""The availability page (map, table, calendar) and the sync licence pages, as a verified
partner, the owner and a stranger see them."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import AsyncTestClient

from accounts.organisations.acting import ORGANISATION_COOKIE
from lakou.bootstrap import Container
from tests.helpers import CSRF_INPUT, page_log_in, published_work, sign_up_and_log_in
from tests.organisation_helpers import verified_organisation


async def _song_with_mandate(client: AsyncTestClient, email: str) -> tuple[dict[str, str], str]:
    owner = await sign_up_and_log_in(client, email=email)
    work_id = await published_work(client, owner)
    sheet = (await client.get(f"/api/works/{work_id}/splits", headers=owner)).json()
    mandate = {
        "medium": "sync_advertising",
        "territory": "world -FR",
        "starts_on": "2020-01-01",
        "exclusive": True,
        "signatory_id": sheet["holders"][0]["holder_id"],
    }
    made = await client.post(
        f"/api/licensing/works/{work_id}/mandates", json=mandate, headers=owner
    )
    assert made.status_code == 201, made.text
    return owner, work_id


async def _as_partner(client: AsyncTestClient, container: Container, email: str) -> None:
    partner = await verified_organisation(
        client, container, await sign_up_and_log_in(client, email=email)
    )
    client.cookies.clear()
    await page_log_in(client, email)
    client.cookies.set(ORGANISATION_COOKIE, partner["X-Lakou-Organisation"])


async def test_a_partner_sees_the_map_and_calendar_and_buys_a_sync_licence(
    client: AsyncTestClient, container: Container
) -> None:
    _, work_id = await _song_with_mandate(client, "avail-owner@example.test")
    url = f"/licences/oeuvres/{work_id}/disponibilites"
    await _as_partner(client, container, "avail-partner@example.test")
    # The work page offers a verified partner the licence request and the availability.
    work_page = (await client.get(f"/oeuvres/{work_id}")).text
    assert f'id="work-ask-licence" href="/licences/demander/{work_id}"' in work_page
    assert 'id="work-availability"' in work_page
    page = await client.get(url, params={"mode": "sync_advertising"})
    assert page.status_code == 200, page.text
    text = page.text
    # The map: Martinique free (a point of its own), mainland France not offered (blank).
    assert re.search(r'<circle [^>]*fill="#2f8a6e"[^>]*><title>Martinique', text)
    assert not re.search(r'fill="#2f8a6e"><title>France', text)
    rows = re.search(r'<tr data-status="exclusive">.*?</tr>', text, re.DOTALL)
    assert rows
    assert "Martinique" in rows.group(0)
    assert "Canada" in rows.group(0)
    # The calendar: advertising rows, Martinique's group free in every month shown.
    calendar = re.search(
        r'<tr data-group="martinique" data-medium="sync_advertising">(.*?)</tr>', text, re.DOTALL
    )
    assert calendar
    assert set(re.findall(r'class="cal (\w+)"', calendar.group(1))) == {"available"}
    assert 'data-group="france_metropolitan"' not in text  # mainland France: not offered
    assert f'href="/licences/demander/{work_id}?mode=sync_advertising"' in text
    # A bad period: the page still shows, with the reason, and a 422.
    bad = await client.get(url, params={"du": "2027-05-01", "au": "2027-01-01"})
    assert bad.status_code == 422
    assert 'id="availability-error"' in bad.text

    # Buying a tier in one step: refused without a production, then a pending licence.
    token = CSRF_INPUT.search(text)
    assert token
    buy = f"/licences/oeuvres/{work_id}/synchro"
    form = {"_csrf_token": token.group(1), "tier": "advertising", "use": ""}
    refused = await client.post(buy, data=form, follow_redirects=False)
    assert refused.status_code == 422
    assert 'id="sync-error"' in refused.text
    # The choice is kept: the advertising tier is still the one checked.
    assert re.search(
        r'value="advertising" id="sync-tier-advertising" required checked', refused.text
    )
    bought = await client.post(buy, data={**form, "use": "Spot <Rhum>"}, follow_redirects=False)
    assert bought.status_code == 303, bought.text
    licence = await client.get(bought.headers["location"])
    assert licence.status_code == 200
    assert 'id="sync-pay"' in licence.text
    assert "Spot &lt;Rhum&gt;" in licence.text  # the partner's text, escaped
    mine = await client.get("/licences")
    assert 'id="sync-bought"' in mine.text


async def test_others_get_403_or_404_and_the_owner_sets_tiers(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id = await _song_with_mandate(client, "avail-owner2@example.test")
    url = f"/licences/oeuvres/{work_id}/disponibilites"
    await sign_up_and_log_in(client, email="avail-stranger@example.test")
    await page_log_in(client, "avail-stranger@example.test")
    assert (await client.get(url)).status_code == 403
    assert 'id="work-ask-licence"' not in (await client.get(f"/oeuvres/{work_id}")).text
    draft_owner = await sign_up_and_log_in(client)
    from tests.helpers import create_creator, create_work

    creator = await create_creator(client, draft_owner)
    draft = await create_work(client, draft_owner, creator["id"])
    await _as_partner(client, container, "avail-partner2@example.test")
    assert (await client.get(f"/licences/oeuvres/{draft['id']}/disponibilites")).status_code == 404

    client.cookies.clear()
    await page_log_in(client, "avail-owner2@example.test")
    assert (await client.get(url)).status_code == 200  # the owner sees their own
    tiers_url = f"/studio/oeuvres/{work_id}/synchro"
    page = await client.get(tiers_url)
    assert page.status_code == 200, page.text
    token = CSRF_INPUT.search(page.text)
    assert token
    form: dict[str, Any] = {"_csrf_token": token.group(1)}
    for tier in ("personal_web", "business_web", "advertising", "broadcast", "film_festival"):
        form |= {f"{tier}-price": "120,00", f"{tier}-master": "50", f"{tier}-offered": "on"}
    bad = await client.post(tiers_url, data={**form, "broadcast-price": "0"})
    assert bad.status_code == 422
    assert 'id="tiers-error"' in bad.text
    del form["broadcast-offered"]
    saved = await client.post(tiers_url, data=form, follow_redirects=False)
    assert saved.status_code == 303
    tiers = (await client.get(f"/api/licensing/sync/works/{work_id}/tiers", headers=owner)).json()
    assert {t["tier"]: (t["price_cents"], t["offered"]) for t in tiers}["broadcast"] == (
        12000,
        False,
    )
