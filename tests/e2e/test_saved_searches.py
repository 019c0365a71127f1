"""Partners' saved searches end to end: saved through the partner API, evaluated in the worker
when a work is published or its rights change, one `saved_search.matched` delivery to a real
loopback receiver (signature checked with the Standard Webhooks reference library), the
organisation's members told, nothing for a work that does not match or for other
organisations, and bad input refused with its code and nothing saved."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient
from standardwebhooks.webhooks import Webhook

from accounts.notifications.tables import Notification
from infra.db.unit_of_work import PiccoloUnitOfWork
from lakou.bootstrap import Container
from marketplace.partners.saved_searches.service import SavedSearchService
from marketplace.partners.saved_searches.tables import SavedSearchMatchRow, SavedSearchRow
from marketplace.webhooks.service import WebhookService
from marketplace.webhooks.wiring import WebhookSettings, build_webhooks
from tests.helpers import deliver_events, published_work, sign_up_and_log_in
from tests.organisation_helpers import ensure_notifier, verified_organisation
from tests.webhook_receiver import Receiver, receiver

SEARCHES = "/api/partner/v1/saved-searches"
SCOPES = ("catalogue:read", "searches:write", "webhooks:manage")
CREOLE_FILMS_SVOD_CANADA = {
    "name": "Films en créole, SVOD au Canada en 2027",
    "filters": {
        "discipline": ["film"],
        "language": ["gcf-MQ"],
        "territory": ["CA"],
        "licence_type": ["svod"],
    },
    "starts_on": "2027-01-01",
    "ends_on": "2027-12-31",
}


@pytest.fixture
def hook(container: Container) -> WebhookService:
    """The webhooks as the tests run them: loopback allowed (the receiver), 1 s per attempt."""
    ensure_notifier(container)
    service = build_webhooks(
        container.services,
        partial(PiccoloUnitOfWork, container.engine),
        WebhookSettings(allow_loopback=True, deadline_s=1),
    )
    container.services.replace(service)
    return service


@pytest.fixture
def site() -> Iterator[Receiver]:
    with receiver() as found:
        yield found


async def _partner(
    client: AsyncTestClient, container: Container, scopes: tuple[str, ...] = SCOPES
) -> tuple[dict[str, str], dict[str, str]]:
    """A verified partner organisation's owner (acting as it) and one of its keys."""
    owner = await verified_organisation(client, container, await sign_up_and_log_in(client))
    made = await client.post(
        f"/api/organisations/{owner['X-Lakou-Organisation']}/api-keys",
        json={"name": "Veille", "scopes": list(scopes)},
        headers=owner,
    )
    assert made.status_code == 201, made.text
    return owner, {"Authorization": f"Bearer {made.json()['secret']}"}


async def _subscribe(client: AsyncTestClient, key: dict[str, str], url: str) -> str:
    made = await client.post(
        "/api/partner/v1/webhooks",
        json={"url": url, "event_types": ["saved_search.matched"]},
        headers=key,
    )
    assert made.status_code == 201, made.text
    return str(made.json()["secret"])


async def _film(
    client: AsyncTestClient, languages: list[str], territory: str, medium: str = "svod"
) -> str:
    """A producer's published film in `languages`, with a mandate for `medium` in `territory`
    over 2027-2029 declared after publication (so its rights arrive in a second event)."""
    owner = await sign_up_and_log_in(client)
    work_id = await published_work(
        client,
        owner,
        discipline="film",
        languages=languages,
        titles={"fr": "Lanmè ka chanté", "gcf-MQ": "Lanmè ka chanté"},
    )
    sheet = await client.put(
        f"/api/works/{work_id}/splits",
        json={"holders": [{"name": "Man Ya", "role": "producer", "share_bp": 10000}]},
        headers=owner,
    )
    assert sheet.status_code == 200, sheet.text
    mandate = await client.post(
        f"/api/licensing/works/{work_id}/mandates",
        json={
            "medium": medium,
            "territory": territory,
            "starts_on": "2027-01-01",
            "ends_on": "2029-12-31",
            "signatory_id": sheet.json()["holders"][0]["holder_id"],
        },
        headers=owner,
    )
    assert mandate.status_code == 201, mandate.text
    return work_id


async def test_a_new_creole_film_for_svod_in_canada_is_delivered_once_signed(
    client: AsyncTestClient,
    container: Container,
    hook: WebhookService,
    site: Receiver,
    broker: Any,
    worker: Any,
) -> None:
    owner, key = await _partner(client, container)
    secret = await _subscribe(client, key, f"{site.base}/ok")
    saved = await client.post(SEARCHES, json=CREOLE_FILMS_SVOD_CANADA, headers=key)
    assert saved.status_code == 201, saved.text
    saved_id = saved.json()["id"]
    # Another organisation listening to the same event type hears nothing of this search.
    _, other_key = await _partner(client, container)
    await _subscribe(client, other_key, f"{site.base}/other")

    work_id = await _film(client, ["gcf-MQ"], "north_america -MX")
    await deliver_events(broker, worker)

    [request] = site.at("/ok")
    event = Webhook(secret).verify(request.body, request.headers)
    assert event["type"] == "saved_search.matched"
    assert event["data"] == {"saved_search_id": saved_id, "work_id": work_id}
    assert site.at("/other") == []
    told = await Notification.select(Notification.user).where(
        Notification.kind == "partners.saved_search_matched"
    )
    assert len(told) == 1  # the organisation's one member
    matches = await client.get(f"{SEARCHES}/{saved_id}/matches", headers=key)
    assert [m["work_id"] for m in matches.json()] == [work_id]

    # The work changes again (a new mandate, an edit): it matched already, nothing more.
    service = container.services.get(SavedSearchService)
    assert await service.evaluate(UUID(work_id)) == []
    await deliver_events(broker, worker)
    assert len(site.at("/ok")) == 1
    assert await SavedSearchMatchRow.count() == 1
    listed = await client.get(SEARCHES, headers=key)
    assert [(s["id"], s["matches"]) for s in listed.json()] == [(saved_id, 1)]
    assert owner  # the organisation's owner is its member told above


async def test_works_that_do_not_match_send_nothing(
    client: AsyncTestClient,
    container: Container,
    hook: WebhookService,
    site: Receiver,
    broker: Any,
    worker: Any,
) -> None:
    _, key = await _partner(client, container)
    await _subscribe(client, key, f"{site.base}/ok")
    saved = await client.post(SEARCHES, json=CREOLE_FILMS_SVOD_CANADA, headers=key)
    assert saved.status_code == 201, saved.text

    await _film(client, ["fr"], "north_america -MX")  # not in Creole
    await _film(client, ["gcf-MQ"], "FR")  # not offered in Canada
    await _film(client, ["gcf-MQ"], "CA", medium="tvod")  # not for SVOD
    await deliver_events(broker, worker)

    assert site.at("/ok") == []
    assert await SavedSearchMatchRow.count() == 0
    assert (
        await Notification.count().where(Notification.kind == "partners.saved_search_matched") == 0
    )


async def test_a_period_the_rights_do_not_cover_matches_nothing(
    client: AsyncTestClient,
    container: Container,
    hook: WebhookService,
    site: Receiver,
    broker: Any,
    worker: Any,
) -> None:
    _, key = await _partner(client, container)
    await _subscribe(client, key, f"{site.base}/ok")
    later = {**CREOLE_FILMS_SVOD_CANADA, "starts_on": "2029-06-01", "ends_on": "2030-05-31"}
    assert (await client.post(SEARCHES, json=later, headers=key)).status_code == 201

    await _film(client, ["gcf-MQ"], "CA")  # offered 2027-2029 only
    await deliver_events(broker, worker)
    assert site.at("/ok") == []


async def test_bad_saved_searches_are_refused_with_their_code_and_nothing_is_saved(
    client: AsyncTestClient, container: Container
) -> None:
    _, key = await _partner(client, container)
    refused = {
        "unknown_filter": {"name": "x", "filters": {"colour": ["blue"]}},
        "invalid_name": {"name": "   "},
        "period_needs_rights": {"name": "x", "starts_on": "2027-01-01"},
        "invalid_period": {
            **CREOLE_FILMS_SVOD_CANADA,
            "starts_on": "2028-01-01",
            "ends_on": "2027-01-01",
        },
        "unknown_medium": {**CREOLE_FILMS_SVOD_CANADA, "filters": {"territory": ["CA"],
                           "licence_type": ["cinema-plein-air"]}},
        "invalid_facet_value": {"name": "x", "filters": {"discipline": ["opera"]}},
    }  # fmt: skip
    refused_too = [("invalid_facet_value", {"name": "x", "filters": {"territory": ["canada"]}})]
    for code, body in [*refused.items(), *refused_too]:
        answer = await client.post(SEARCHES, json=body, headers=key)
        assert answer.status_code == 422, (code, answer.text)
        assert answer.json()["error"]["code"] == code, answer.text
    assert await SavedSearchRow.count() == 0


async def test_scopes_and_other_organisations(
    client: AsyncTestClient, container: Container
) -> None:
    _, key = await _partner(client, container)
    saved = await client.post(SEARCHES, json={"name": "Musique"}, headers=key)
    assert saved.status_code == 201, saved.text
    one = f"{SEARCHES}/{saved.json()['id']}"

    _, reader = await _partner(client, container, ("catalogue:read",))
    assert (await client.get(SEARCHES, headers=reader)).json() == []
    # Another organisation's saved search is not found, whatever the route.
    for method, path in (("GET", one), ("GET", f"{one}/matches")):
        assert (await client.request(method, path, headers=reader)).status_code == 404
    # Saving or deleting needs searches:write.
    for method, path in (("POST", SEARCHES), ("DELETE", one)):
        answer = await client.request(method, path, headers=reader, json={"name": "x"})
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"]["code"] == "api_key_scope_missing"
    _, writer = await _partner(client, container, ("searches:write",))
    assert (await client.delete(one, headers=writer)).status_code == 404
    assert await SavedSearchRow.count() == 1
    assert (await client.delete(one, headers=key)).status_code == 204
    assert await SavedSearchRow.count() == 0


async def test_switches_turned_off_silence_their_side_and_the_match_is_still_recorded(
    client: AsyncTestClient,
    container: Container,
    hook: WebhookService,
    site: Receiver,
    broker: Any,
    worker: Any,
) -> None:
    _, key = await _partner(client, container)
    await _subscribe(client, key, f"{site.base}/ok")
    quiet = await client.post(
        SEARCHES, json={**CREOLE_FILMS_SVOD_CANADA, "name": "Sans alerte"}, headers=key
    )
    hooked = await client.post(SEARCHES, json={**CREOLE_FILMS_SVOD_CANADA, "name": "Branché"},
                               headers=key)  # fmt: skip
    assert quiet.status_code == hooked.status_code == 201, quiet.text
    assert quiet.json()["notify_members"] is quiet.json()["send_webhooks"] is True
    # The first tells no one; the second tells the members only.
    turned = await client.patch(
        f"{SEARCHES}/{quiet.json()['id']}",
        json={"notify_members": False, "send_webhooks": False},
        headers=key,
    )
    assert turned.status_code == 200, turned.text
    assert (turned.json()["notify_members"], turned.json()["send_webhooks"]) == (False, False)
    renamed = await client.patch(
        f"{SEARCHES}/{hooked.json()['id']}",
        json={"name": "  Membres   seulement ", "send_webhooks": False},
        headers=key,
    )
    assert renamed.json()["name"] == "Membres seulement", renamed.text
    assert renamed.json()["notify_members"] is True

    work_id = await _film(client, ["gcf-MQ"], "north_america -MX")
    await deliver_events(broker, worker)

    assert site.at("/ok") == []  # neither sends webhooks
    told = (
        await Notification.select(Notification.params)
        .where(Notification.kind == "partners.saved_search_matched")
        .output(load_json=True)
    )
    assert [row["params"]["search"] for row in told] == ["Membres seulement"]
    listed = {s["name"]: s for s in (await client.get(SEARCHES, headers=key)).json()}
    for saved in listed.values():  # both matched, and say when
        assert saved["matches"] == 1
        assert saved["last_matched_at"] is not None
    matched = await client.get(f"{SEARCHES}/{quiet.json()['id']}/matches", headers=key)
    assert [m["work_id"] for m in matched.json()] == [work_id]


async def test_a_bad_change_is_refused_and_changes_nothing(
    client: AsyncTestClient, container: Container
) -> None:
    _, key = await _partner(client, container)
    saved = await client.post(SEARCHES, json={"name": "Musique"}, headers=key)
    one = f"{SEARCHES}/{saved.json()['id']}"
    for body, status, code in (
        ({"name": " \t "}, 422, "invalid_name"),
        ({"query": "autre"}, 400, "validation_error"),  # the search itself does not change
        ({"notify_members": "non"}, 400, "validation_error"),
    ):
        answer = await client.patch(one, json=body, headers=key)
        assert answer.status_code == status, answer.text
        assert answer.json()["error"]["code"] == code, answer.text
    assert (await client.get(one, headers=key)).json()["name"] == "Musique"
    _, other = await _partner(client, container)
    assert (await client.patch(one, json={"name": "x"}, headers=other)).status_code == 404
    assert (await client.get(one, headers=key)).json()["name"] == "Musique"
