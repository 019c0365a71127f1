"""The saved-searches page over HTTP: a partner's owner saves the search the partner search page
shows (words and filters, rights included), reads it in words, renames it, turns its
notifications off, sees a newly published matching work among its matches, and deletes it.
A viewer of the organisation reads the page but gets no form and 403 `read_only` on every
change; anyone else gets 404, and so does another organisation's saved search."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from litestar.testing import AsyncTestClient

from accounts.notifications.tables import Notification
from lakou.bootstrap import Container
from marketplace.partners.saved_searches.tables import SavedSearchRow
from tests.helpers import (
    deliver_events,
    page_log_in,
    post_page_form,
    published_work,
    sign_up_and_log_in,
)
from tests.organisation_helpers import add_member, create_organisation, verified_organisation

SEARCH = "/recherche?q=Lanm%C3%A8&discipline=film&territory=CA&licence_type=svod"


async def _partner(client: AsyncTestClient, container: Container) -> tuple[str, str]:
    email = f"veille-{uuid4().hex[:8]}@example.test"
    headers = await sign_up_and_log_in(client, role="audience", email=email)
    acting = await verified_organisation(client, container, headers)
    return email, acting["X-Lakou-Organisation"]


async def _save_from_search_page(client: AsyncTestClient, organisation: str) -> Any:
    shown = await client.get(SEARCH)
    assert 'id="save-search-form"' in shown.text
    assert f'action="/organisations/{organisation}/recherches"' in shown.text
    form = {"name": "Films <b>SVOD</b> Canada", "q": "Lanmè", "discipline": "film",
            "territory": "CA", "licence_type": "svod"}  # fmt: skip
    return await post_page_form(client, SEARCH, f"/organisations/{organisation}/recherches", form)


async def test_save_rename_switch_match_and_delete(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    email, organisation = await _partner(client, container)
    page = f"/organisations/{organisation}/recherches"
    await page_log_in(client, email)
    assert "Aucune recherche enregistrée." in (await client.get(page)).text

    saved = await _save_from_search_page(client, organisation)
    assert saved.status_code == 303, saved.text
    [row] = await SavedSearchRow.select()
    assert saved.headers["location"] == f"{page}#s-{row['id']}"
    one = f"{page}/{row['id']}"
    shown = (await client.get(page)).text
    assert "Films &lt;b&gt;SVOD&lt;/b&gt; Canada" in shown  # escaped
    for words in ("« Lanmè »", "Territoire de droits", "Canada", "Type de licence", "jamais"):
        assert words in shown, words
    assert 'data-notify="on"' in shown
    assert 'data-webhooks="on"' in shown

    # A blank name is refused on the page with its reason, and changes nothing.
    refused = await post_page_form(client, page, f"{one}/nom", {"name": "  "})
    assert refused.status_code == 422
    assert "Nom invalide" in refused.text
    renamed = await post_page_form(client, page, f"{one}/nom", {"name": "Films en SVOD au Canada"})
    assert renamed.status_code == 303
    # The form sends only what is ticked: webhooks stay on, notifications go off.
    switched = await post_page_form(client, page, f"{one}/alertes", {"send_webhooks": "on"})
    assert switched.status_code == 303
    shown = (await client.get(page)).text
    assert "Films en SVOD au Canada" in shown
    assert 'data-notify="off"' in shown
    assert 'data-webhooks="on"' in shown

    owner = await sign_up_and_log_in(client)
    work_id = await published_work(
        client, owner, discipline="film", titles={"fr": "Lanmè ka chanté"}, languages=["fr"]
    )
    await _rights_in_canada(client, owner, work_id)
    await deliver_events(broker, worker)
    shown = (await client.get(page)).text
    assert f'<a href="/oeuvres/{work_id}">Lanmè ka chanté</a>' in shown
    assert "<dd data-match-count>1</dd>" in shown
    assert await Notification.count().where(
        Notification.kind == "partners.saved_search_matched"
    ) == 0  # fmt: skip

    # A rights period beside the territory and licence type, and a day that is none.
    form = {"name": "SVOD 2027", "territory": "CA", "licence_type": "svod"}
    bad = await post_page_form(client, SEARCH, page, {**form, "starts_on": "2027-02-30"})
    assert bad.status_code == 422
    assert "Période invalide" in bad.text
    shown = (await client.get(SEARCH)).text
    assert 'name="starts_on"' in shown
    period = {**form, "starts_on": "2027-01-01", "ends_on": "2027-12-31"}
    assert (await post_page_form(client, SEARCH, page, period)).status_code == 303
    assert "du 1 janvier 2027 au 31 décembre 2027" in (await client.get(page)).text
    assert await SavedSearchRow.count() == 2

    deleted = await post_page_form(client, page, f"{one}/suppression", {})
    assert deleted.status_code == 303
    assert await SavedSearchRow.count() == 1


async def _rights_in_canada(client: AsyncTestClient, owner: dict[str, str], work_id: str) -> None:
    sheet = await client.put(
        f"/api/works/{work_id}/splits",
        json={"holders": [{"name": "Man Ya", "role": "producer", "share_bp": 10000}]},
        headers=owner,
    )
    assert sheet.status_code == 200, sheet.text
    mandate = await client.post(
        f"/api/licensing/works/{work_id}/mandates",
        json={"medium": "svod", "territory": "CA", "starts_on": "2027-01-01",
              "ends_on": "2029-12-31", "signatory_id": sheet.json()["holders"][0]["holder_id"]},
        headers=owner,
    )  # fmt: skip
    assert mandate.status_code == 201, mandate.text


async def test_a_viewer_reads_without_forms_and_changes_nothing(
    client: AsyncTestClient, container: Container
) -> None:
    email, organisation = await _partner(client, container)
    page = f"/organisations/{organisation}/recherches"
    await page_log_in(client, email)
    assert (await _save_from_search_page(client, organisation)).status_code == 303
    [row] = await SavedSearchRow.select()
    one = f"{page}/{row['id']}"

    viewer = await add_member(client, organisation, "viewer")
    await page_log_in(client, viewer)
    shown = await client.get(page)
    assert shown.status_code == 200
    assert "Films &lt;b&gt;SVOD&lt;/b&gt; Canada" in shown.text
    assert "data-read-only" in shown.text
    assert "<form" not in shown.text.split("<main", 1)[1].split("</main>", 1)[0]
    search = (await client.get(SEARCH)).text
    assert 'id="saved-searches-link"' in search
    assert 'id="save-search-form"' not in search

    # Posting anyway (a token from another page) is refused with the module's code.
    for action, form in (
        (page, {"name": "x", "q": "x"}),
        (f"{one}/nom", {"name": "x"}),
        (f"{one}/alertes", {}),
        (f"{one}/suppression", {}),
    ):
        answer = await post_page_form(client, "/recherche", action, form)
        assert answer.status_code == 403, (action, answer.text)
        assert answer.json()["error"]["code"] == "read_only"
    [after] = await SavedSearchRow.select()
    assert after == row


async def test_other_organisations_and_unverified_ones(
    client: AsyncTestClient, container: Container
) -> None:
    email, organisation = await _partner(client, container)
    await page_log_in(client, email)
    assert (await _save_from_search_page(client, organisation)).status_code == 303
    [row] = await SavedSearchRow.select()
    mine = f"/organisations/{organisation}/recherches"

    other_email, other = await _partner(client, container)
    await page_log_in(client, other_email)
    theirs = f"/organisations/{other}/recherches"
    assert (await client.get(mine)).status_code == 404
    # Their own organisation's path with my search's id: not found, and nothing changes.
    for action in ("nom", "alertes", "suppression"):
        answer = await post_page_form(
            client, theirs, f"{theirs}/{row['id']}/{action}", {"name": "x"}
        )
        assert answer.status_code == 404, (action, answer.text)
    assert await SavedSearchRow.count() == 1

    # An organisation that is not a verified export partner cannot save (403, the reason).
    plain = f"plain-{uuid4().hex[:8]}@example.test"
    headers = await sign_up_and_log_in(client, role="audience", email=plain)
    created = await create_organisation(client, headers)  # an export partner, not verified
    unverified = f"/organisations/{created['id']}/recherches"
    await page_log_in(client, plain)
    refused = await post_page_form(client, unverified, unverified, {"name": "x"})
    assert refused.status_code == 403
    assert await SavedSearchRow.count() == 1
