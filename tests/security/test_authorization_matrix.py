"""The authorisation matrix: every route of the app, every kind of caller, the resource's states.

The expected answers are the table in `authorization_table.py`. One world (accounts, works,
media, offers, orders…) is built once for this module, on its own database state and event
loop; each route is one test per state, looping over the callers. A route the app has and the
table does not (or the reverse) fails `test_every_route_has_a_row`.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
import subprocess
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import httpx
import pytest
import pytest_asyncio
import redis
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from accounts.auth import SESSION_COOKIE
from accounts.guards import requires_staff
from accounts.notifications.tables import Notification
from accounts.organisations.acting import ORGANISATION_COOKIE
from accounts.tables import AccessToken
from infra.modules import all_tables
from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from marketplace.orders.notifications import SOLD
from media.access.tokens import Scope, TokenSigner
from tests.calls_helpers import fresh_call_objects, matrix_calls
from tests.conftest import DATABASE_KIND, REDIS_URL, _test_environ
from tests.helpers import (
    CSRF_INPUT,
    PASSWORD,
    create_creator,
    create_work,
    deliver_events,
    priced,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)
from tests.organisation_helpers import matrix_organisations, verified_organisation
from tests.scheduling_helpers import matrix_scheduling
from tests.security.apikeys_world import matrix_api_key
from tests.security.authorization_table import (
    CALLERS,
    EXCLUDED_METHODS,
    EXCLUDED_PREFIXES,
    EXCLUDED_ROUTES,
    SIGNED_IN_CALLERS,
    STATES,
    TABLE,
    Answer,
    Row,
)
from tests.security.licensing_world import (
    advanced_deal,
    mandate_on,
    matrix_licensing,
    offered_deal,
)
from tests.security.market_world import code_batch, fresh_programme_session, matrix_market
from tests.security.moderation_world import fresh_moderation, moderation_decision
from tests.security.screener_world import fresh_invitation, matrix_screener
from tests.shared_apps import client_of

on_module_loop = pytest.mark.asyncio(loop_scope="module")

PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")
PLACEHOLDER = re.compile(r"^\{(\w+)\}$")
_numbers = itertools.count(1)


# The world --------------------------------------------------------------------------------


@dataclass
class Account:
    user_id: str
    email: str
    headers: dict[str, str]


@dataclass
class World:
    client: AsyncTestClient
    container: Container
    accounts: dict[str, Account]  # by caller (not anonymous)
    shop: dict[str, str]  # a seller who is none of the callers: what callers put in carts
    csrf_cookie: str
    csrf_token: str
    common: dict[str, str] = field(default_factory=dict)
    by_state: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def app(self) -> Litestar:
        app = self.client.app
        assert isinstance(app, Litestar)
        return app

    def values(self, state: str) -> dict[str, str]:
        """What fills path parameters and "{name}" values in a state (unknown names fail)."""
        number = next(_numbers)
        return {
            **self.common,
            **self.by_state.get(state, {}),
            "n": str(number),
            "new_email": f"matrix-new{number}@example.test",
            # A kind every caller may choose for, and a mailbox id no mail has.
            "kind": "orders.sold",
            "message_id": "20261206T000000Z-unknown-000000000000",
            # A marked copy's file: its link is signed for one holder (none here).
            "rendition": "r360",
            "name": "index.m3u8",
            # A language version under a screener holder's links (any track: the forged
            # signature is refused before the track is read).
            "track_id": "00000000-0000-4000-8000-000000000000",
        }

    async def fresh(self, row: Row, state: str) -> dict[str, str]:
        """New objects for a request that changes them, by the parameters the row names."""
        names = set(PARAMETER.findall(row.path))
        made: dict[str, str] = {}
        owner = self.accounts["owner"].headers
        if "work_id" in names:
            made["work_id"] = await self.work(state)
        if "upload_id" in names:
            work = await create_work(self.client, owner, self.common["creator_id"])
            upload = await self._ok(
                "POST", f"/api/works/{work['id']}/uploads", owner, json=UPLOAD_16
            )
            made["upload_id"] = upload["id"]
            if state == "sent":
                await self._ok("PUT", f"/api/uploads/{upload['id']}/parts/1", owner, content=B16)
        if "offer_id" in names:
            work_id = await self.work("published")
            made["offer_id"] = (await priced(self.client, owner, work_id))["id"]
        if "item_id" in names:
            made["item_id"] = await self.cart_item(self.accounts["audience"].headers)
        if "session_id" in names:
            made["session_id"] = await self.session_of("owner")
        if "programme_session_id" in names:
            made["programme_session_id"] = (
                await fresh_programme_session(
                    self.client,
                    self.accounts["organiser"].headers,
                    self.common["market_id"],
                    self.common["stand_work_id"],
                )
            )["id"]
        if "notification_id" in names:
            made["notification_id"] = await self.notification_of("owner")
        if names & {"call_id", "submission_id"}:
            made.update(
                await fresh_call_objects(
                    self.client,
                    self.accounts["staff"].headers,
                    owner,
                    self.by_state["open"]["call_id"],
                    names,
                    state,
                )
            )
        if names & {"report_id", "decision_id"}:
            made.update(
                await fresh_moderation(
                    self.container, row.path, names, self.common, self.accounts["owner"].user_id
                )
            )
        if "batch_id" in names:
            made["batch_id"] = await code_batch(
                self.client, owner, self.common["stand_id"], self.common["stand_work_id"]
            )
        if row.path.endswith("/revoke") or "/retrait/" in row.path:
            made.update(await fresh_invitation(self.client, owner, self.common["screener_id"]))
        if row.path.startswith("/api/plays"):
            made.update(await self.fresh_play(opened="play_id" in names))
        if "mandate_id" in names:
            made["mandate_id"] = await mandate_on(self.client, owner, made["work_id"])
        if "deal_id" in names:
            partner = self.accounts["partner"].headers
            work_id = self.common["licensing_work_id"]
            made["deal_id"] = await offered_deal(self.client, owner, partner, work_id)
            # The paperwork's rows: a contract to accept, an invoice to pay.
            transfer = row.path.endswith("/bank-transfer") or "/virements/" in row.path
            if transfer or row.path.endswith(("/contract/accept", "/contrat/acceptation")):
                made.update(
                    await advanced_deal(
                        self.client,
                        self.container,
                        owner,
                        partner,
                        made["deal_id"],
                        invoiced=transfer,
                    )
                )
        if "order_id" in names:
            if state != "pending":
                raise LookupError(f"no fresh order in state {state!r}")
            made.update(await self.pending_order(self.accounts["audience"].headers))
        return made

    async def fresh_play(self, *, opened: bool) -> dict[str, str]:
        """A new preview token of the ready media (anyone may play it) and, if asked, a play
        opened on it: one open play per token, so each caller needs its own."""
        signer = TokenSigner(self.container.settings.secret_key)
        asset_id = UUID(self.by_state["ready"]["asset_id"])
        # A token differs by its expiry: each caller's gets its own second.
        token = signer.issue(asset_id, Scope.PREVIEW, None, 600 + next(_numbers))
        made = {"play_token": token}
        if opened:
            play = await self.container.plays.open(
                None, token, source="direct", referrer=None, reported_country=None, cookie=None
            )
            made["play_id"] = str(play.play_id)
        return made

    async def session_of(self, caller: str) -> str:
        """A new API token of the caller's: its id (what the sessions routes name)."""
        issued = await self.container.identity.issue_token(
            UUID(self.accounts[caller].user_id), "api"
        )
        digest = hashlib.sha256(issued.token.encode()).hexdigest()
        row = await AccessToken.select(AccessToken.id).where(AccessToken.token_hash == digest)
        return str(row[0]["id"])

    async def notification_of(self, caller: str) -> str:
        """A new notification in the caller's centre: its id."""
        user_id = UUID(self.accounts[caller].user_id)
        key = f"matrix-{next(_numbers)}"
        await self.container.notifications.notifier.notify(
            SOLD, user_id, key=key, params={"title": "Matrix", "total_cents": 800}
        )
        row = await Notification.select(Notification.id).where(
            (Notification.user == user_id) & (Notification.dedup_key == key)
        )
        return str(row[0]["id"])

    async def reissue_tokens(self) -> None:
        """New API tokens for every account (a request ended their other sessions)."""
        for account in self.accounts.values():
            issued = await self.container.identity.issue_token(UUID(account.user_id), "api")
            # The other headers stay: the partner and the organiser still act as theirs.
            account.headers = {**account.headers, "Authorization": f"Bearer {issued.token}"}

    async def work(self, state: str) -> str:
        """A new work of the owner's in `state` (priced when published)."""
        owner = self.accounts["owner"].headers
        visibility = "private" if state == "private" else "public"
        work = await create_work(
            self.client, owner, self.common["creator_id"], visibility=visibility
        )
        if state == "draft":
            return str(work["id"])
        await self._ok("POST", f"/api/works/{work['id']}/publish", owner)
        if state == "published":
            await priced(self.client, owner, work["id"])
        elif state == "withdrawn":
            await self._ok("POST", f"/api/works/{work['id']}/withdraw", owner)
        elif state != "private":
            raise LookupError(f"no work in state {state!r}")
        return str(work["id"])

    async def cart_item(self, buyer: dict[str, str]) -> str:
        """A new shop offer in `buyer`'s cart: the cart item's id."""
        offer = await priced(self.client, self.shop, await published_work(self.client, self.shop))
        cart = await self._ok("POST", "/api/cart/items", buyer, json={"offer_id": offer["id"]})
        return str(next(i["id"] for i in cart["items"] if i["offer_id"] == offer["id"]))

    async def pending_order(self, buyer: dict[str, str]) -> dict[str, str]:
        await self.cart_item(buyer)
        order = await self._ok("POST", "/api/checkout", buyer, json={"country": "MQ"})
        return {"order_id": order["id"], "client_secret": order["payment"]["client_secret"]}

    async def _ok(self, method: str, url: str, headers: dict[str, str], **extra: Any) -> Any:
        response = await self.client.request(method, url, headers=headers, **extra)
        assert response.is_success, f"{method} {url}: {response.status_code} {response.text}"
        return response.json()


UPLOAD_16 = {"kind": "audio", "filename": "matrix.flac", "size": 16}
B16 = b"0123456789abcdef"


def _sound(folder: Path) -> Path:
    path = folder / "matrix.flac"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"),
            *("-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-ac", "2", str(path)),
        ],
        check=True,
    )
    return path


async def _account(client: AsyncTestClient, headers: dict[str, str]) -> Account:
    me = (await client.get("/api/auth/me", headers=headers)).json()
    return Account(user_id=me["id"], email=me["email"], headers=headers)


async def _build(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker, sound: Path
) -> World:
    accounts = {
        "audience": await _account(client, await sign_up_and_log_in(client, role="audience")),
        "owner": await _account(client, await sign_up_and_log_in(client, role="creator")),
        "other_creator": await _account(client, await sign_up_and_log_in(client, role="creator")),
        # No role grants these privileges any more: they act as verified organisations.
        "partner": await _account(
            client,
            await verified_organisation(
                client, container, await sign_up_and_log_in(client, role="audience")
            ),
        ),
        "organiser": await _account(
            client,
            await verified_organisation(
                client,
                container,
                await sign_up_and_log_in(client, role="audience"),
                kind="organiser",
                partner_kind=None,
            ),
        ),
        "staff": await _account(client, await staff_headers(client, container)),
    }
    login_page = await client.get("/connexion")
    token = CSRF_INPUT.search(login_page.text)
    assert token, "no CSRF token on the login page"
    csrf_cookie = login_page.cookies.get("csrftoken")
    assert csrf_cookie, "no CSRF cookie from the login page"
    world = World(
        client=client,
        container=container,
        accounts=accounts,
        shop=await sign_up_and_log_in(client),
        csrf_cookie=csrf_cookie,
        csrf_token=token.group(1),
    )
    owner = accounts["owner"].headers
    buyer = accounts["audience"].headers
    staff = accounts["staff"].headers

    # Another creator, with a published work of their own; staff has a profile too (so the
    # rows that create profiles do not change what the studio pages answer staff).
    await published_work(client, accounts["other_creator"].headers)
    await create_creator(client, staff)

    # The owner: a profile, a draft work with an open upload, a published work with ready media,
    # its offer and split sheet, an import.
    creator = await create_creator(client, owner)
    draft = await create_work(client, owner, creator["id"])
    published = await create_work(client, owner, creator["id"])
    data = sound.read_bytes()
    upload = await world._ok(
        "POST",
        f"/api/works/{published['id']}/uploads",
        owner,
        json={"kind": "audio", "filename": sound.name, "size": len(data)},
    )
    await world._ok("PUT", f"/api/uploads/{upload['id']}/content", owner, content=data)
    await deliver_events(broker, worker)
    asset = await world._ok("GET", f"/api/media/{upload['id']}", owner)
    assert asset["status"] == "ready", asset
    await world._ok("POST", f"/api/works/{published['id']}/publish", owner)
    offer = await priced(client, owner, published["id"])
    sheet = await world._ok(
        "PUT",
        f"/api/works/{published['id']}/splits",
        owner,
        json={
            "holders": [
                {"name": "Man Ya", "role": "author", "share_bp": 7000},
                {"name": "Ti Jo", "role": "performer", "share_bp": 3000},
            ]
        },
    )
    second = await create_work(client, owner, creator["id"])
    await world._ok("POST", f"/api/works/{second['id']}/publish", owner)
    open_upload = await world._ok(
        "POST", f"/api/works/{draft['id']}/uploads", owner, json=UPLOAD_16
    )
    imported = await world._ok(
        "POST",
        "/api/imports",
        owner,
        json={
            "creator_id": creator["id"],
            "format": "csv",
            "manifest": "file,kind,discipline,title_fr\nb.flac,audio,music,Import\n",
            "files": {"b.flac": 16},
        },
    )

    # The buyer: the published work bought and paid (test payment), a pending order, a cart item.
    await world._ok("POST", "/api/cart/items", buyer, json={"offer_id": offer["id"]})
    paid = await world._ok("POST", "/api/checkout", buyer, json={"country": "MQ"})
    await world._ok(
        "POST",
        f"/api/orders/{paid['id']}/test-payment",
        buyer,
        json={"client_secret": paid["payment"]["client_secret"], "outcome": "succeed"},
    )
    await deliver_events(broker, worker)
    settled = await world._ok("GET", f"/api/orders/{paid['id']}", buyer)
    assert settled["status"] == "fulfilled", settled
    documents = await world._ok("GET", f"/api/orders/{paid['id']}/documents", buyer)
    pending = await world.pending_order(buyer)
    library = await world._ok("GET", "/api/library", buyer)
    download_format = library[0]["formats"][0]["role"]
    playback = await world._ok("GET", f"/api/works/{published['id']}/playback", buyer)
    assert playback["entitled"], playback
    assert playback["full"], playback
    full_url = next(v for v in playback["full"].values() if isinstance(v, str))
    _, _, media_token, media_path = full_url.split("/", 3)

    run = await world._ok("POST", "/api/revenue/payout-runs", staff, json={})

    world.common = {
        "creator_id": creator["id"],
        "offer_id": offer["id"],
        "shop_offer_id": (
            await priced(client, world.shop, await published_work(client, world.shop))
        )["id"],
        "import_id": imported["id"],
        "download_format": download_format,
        "second_work_id": second["id"],
        "run_id": run["id"],
        "holder_id": sheet["holders"][0]["holder_id"],
        "token": media_token,
        "path": media_path,
        "number": "1",
        # The paid order's receipt, by its number (a pending order has none).
        "document_number": documents[0]["number"],
        "password": PASSWORD,
        "login_email": accounts["partner"].email,
        # The owner's archive, still being built (the download rows need its signed link).
        "export_id": (await world._ok("POST", "/api/privacy/export", owner))["id"],
        **await matrix_organisations(client, container, owner, accounts["owner"].user_id),
        **await matrix_scheduling(container, accounts["owner"].user_id),
        # Moderation: a take-down of the owner's second work; the shop reports (fresh rows).
        "decision_id": await moderation_decision(
            container, accounts["owner"].user_id, second["id"]
        ),
        "moderation_reporter_id": (await _account(client, world.shop)).user_id,
    }
    # Calls: a draft and an open one of staff's, the owner's submissions (draft, sent); the
    # other creator reviews the open call.
    calls = await matrix_calls(client, staff, owner, accounts["other_creator"].email)
    world.common.update(
        await matrix_market(
            client,
            {caller: account.headers for caller, account in accounts.items()},
            creator["id"],
            published["id"],
            second["id"],
        )
    )
    # Screeners: the owner's screener of the published work; the buyer invited, viewing it.
    world.common.update(
        await matrix_screener(
            client,
            owner,
            buyer,
            accounts["audience"].email,
            published["id"],
            lambda: deliver_events(broker, worker),
        )
    )
    # Licensing: an exclusive mandate on the published work.
    world.common.update(
        await matrix_licensing(
            client,
            container,
            owner,
            accounts["partner"].headers,
            staff,
            published["id"],
            container.settlement.settle,
        )
    )
    # API keys: one of the partner's verified organisation.
    world.common.update(await matrix_api_key(client, accounts["partner"].headers))
    # Every account has begun TOTP enrolment (a secret, not yet confirmed).
    for account in accounts.values():
        await world._ok("POST", "/api/auth/totp/setup", account.headers)
    world.by_state = {
        "draft": {"work_id": draft["id"]},
        "published": {"work_id": published["id"]},
        "withdrawn": {"work_id": await world.work("withdrawn")},
        "private": {"work_id": await world.work("private")},
        "open": {"upload_id": open_upload["id"]},
        "ready": {"asset_id": upload["id"]},
        "paid": {"order_id": paid["id"], "client_secret": paid["payment"]["client_secret"]},
        "pending": pending,
    }
    for state, values in calls.items():
        world.by_state.setdefault(state, {}).update(values)
    return world


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(
    migrated_database: str,
    broker: RedisBroker,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[World]:
    """The module's own container (like `container`: a clean database and Redis) and world."""
    from workers.runtime import start_worker

    folder = tmp_path_factory.mktemp("authorization")
    if DATABASE_KIND == "postgres":
        url = migrated_database
    else:
        copy = folder / "lakou.sqlite3"
        shutil.copyfile(migrated_database.removeprefix("sqlite:///"), copy)
        url = f"sqlite:///{copy}"
    # Every caller logs in from the same test client address: more attempts than a person.
    environ = {
        **_test_environ(folder / "var", url),
        "LAKOU_LOGIN_ATTEMPTS": "100000",
        "LAKOU_ACCOUNT_MAILS_PER_WINDOW": "100000",
    }
    settings = Settings.from_env(environ)
    flush = redis.Redis.from_url(REDIS_URL)
    flush.flushdb()
    container = build_container(settings, REDIS_URL)
    if DATABASE_KIND == "postgres":
        async with container.engine.transaction():
            for table in reversed(all_tables(container.modules)):
                await table.delete(force=True)
    worker = start_worker(broker, container, threads=2)
    try:
        async with client_of(container) as client:
            yield await _build(client, container, broker, worker, _sound(folder))
    finally:
        worker.stop()
        if container.redis is not None:
            await container.redis.aclose()
        flush.flushdb()
        flush.close()


# Requests ---------------------------------------------------------------------------------


def _fill(value: Any, values: Mapping[str, str]) -> Any:
    """Replace each "{name}" by the world's value (an unknown name fails loudly)."""
    if isinstance(value, str):
        match = PLACEHOLDER.match(value)
        if match:
            return _lookup(values, match.group(1))
        return re.sub(r"\{(\w+)\}", lambda m: _lookup(values, m.group(1)), value)
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, Mapping):
        return {key: _fill(item, values) for key, item in value.items()}
    return value


def _lookup(values: Mapping[str, str], name: str) -> str:
    if name not in values:
        raise LookupError(
            f"the matrix's world has no value for {name!r} in this state: add it to the world "
            f"(tests/security/test_authorization_matrix.py) or name another state in the table"
        )
    return values[name]


def _is_page(path: str) -> bool:
    return not path.startswith("/api/")


async def _headers(world: World, row: Row, state: str, caller: str) -> dict[str, str]:
    account = None if caller == "anonymous" else world.accounts[caller]
    if not _is_page(row.path):
        if account is None:
            return {}
        if not row.fresh_in(state):
            return account.headers
        issued = await world.container.identity.issue_token(UUID(account.user_id), "api")
        return {"Authorization": f"Bearer {issued.token}"}
    cookies = [f"csrftoken={world.csrf_cookie}"]
    if account is not None:
        # A session of its own for each request: /deconnexion ends the one it is sent with.
        issued = await world.container.identity.issue_token(UUID(account.user_id), "session")
        cookies.append(f"{SESSION_COOKIE}={issued.token}")
        organisation = account.headers.get("X-Lakou-Organisation")
        if organisation:
            # Pages act as the organisation the account's API requests name.
            cookies.append(f"{ORGANISATION_COOKIE}={organisation}")
    return {"cookie": "; ".join(cookies), "x-csrftoken": world.csrf_token}


async def _send(world: World, row: Row, state: str, caller: str) -> httpx.Response:
    values = world.values(state)
    if row.fresh_in(state):
        values.update(await world.fresh(row, state))
    if row.prepare == "cart" and caller != "anonymous":
        await world.cart_item(world.accounts[caller].headers)
    path = PARAMETER.sub(lambda m: str(_lookup(values, m.group(1))), row.path)
    world.client.cookies.clear()
    extra: dict[str, Any] = {}
    if row.json is not None:
        extra["json"] = _fill(row.json, values)
    if row.form is not None:
        extra["data"] = _fill(row.form, values)
    if row.content is not None:
        extra["content"] = row.content
    if row.query is not None:
        extra["params"] = _fill(row.query, values)
    response = await world.client.request(
        row.method,
        path,
        headers=await _headers(world, row, state, caller),
        follow_redirects=False,
        **extra,
    )
    if row.revokes_sessions:
        await world.reissue_tokens()
    return response


def verdict(response: httpx.Response) -> Answer:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if 300 <= status < 400:
        location = urlsplit(response.headers.get("location", "")).path
        return "login" if location == "/connexion" else "redirect"
    return status


def _order(row: Row, state: str) -> list[str]:
    """Refused callers first, so that one allowed to change the object goes last."""
    expected = row.by_state[state]
    return sorted(CALLERS, key=lambda caller: expected[caller] in ("ok", "redirect"))


def _describe(response: httpx.Response) -> str:
    return f"{response.status_code} {response.text[:160]!r}"


# The routes of the app --------------------------------------------------------------------


def app_routes(app: Litestar) -> dict[tuple[str, str], HTTPRouteHandler]:
    """(METHOD, path template) of every route the matrix covers, with its handler."""
    found: dict[tuple[str, str], HTTPRouteHandler] = {}
    for route in app.routes:
        if any(route.path.startswith(prefix) for prefix in EXCLUDED_PREFIXES):
            continue
        if not isinstance(route, HTTPRoute):
            raise AssertionError(f"{route.path}: not an HTTP route, the matrix cannot call it")
        for handler in route.route_handlers:
            for method in handler.http_methods:
                key = (method, route.path)
                if method in EXCLUDED_METHODS or key in EXCLUDED_ROUTES:
                    continue
                found[key] = handler
    return found


def _cells() -> list[Any]:
    params = []
    for entry in TABLE:
        for state in entry.by_state:
            params.append(pytest.param(entry, state, id=f"{entry.method} {entry.path} [{state}]"))
    return params


# Tests ------------------------------------------------------------------------------------


def test_the_table_is_well_formed() -> None:
    keys = [entry.key for entry in TABLE]
    assert len(keys) == len(set(keys)), "two rows for one route"
    for entry in TABLE:
        for state, expected in entry.by_state.items():
            assert state in STATES, f"{entry.key}: unknown state {state!r}"
            assert set(expected) == set(CALLERS), f"{entry.key} [{state}]: not every caller"


def test_no_row_lets_someone_change_another_persons_object() -> None:
    """A guard on the table itself: only the object's person and staff may change it, and
    nobody else may read it while it is private (any state but "published")."""
    for entry in TABLE:
        if entry.owned_by is None:
            continue
        for state, expected in entry.by_state.items():
            if entry.method == "GET" and state == "published":
                continue
            if entry.path.startswith("/media/"):
                continue  # a signed link: whoever holds it, unless signed in as someone else
            for caller in SIGNED_IN_CALLERS:
                if caller not in (entry.owned_by, "staff", *entry.also_held_by):
                    assert expected[caller] not in ("ok", "redirect"), (entry.key, state, caller)


@on_module_loop
async def test_every_route_has_a_row(world: World) -> None:
    """A new route without a row fails here; so does a row for a route that is gone."""
    in_app = set(app_routes(world.app))
    in_table = {entry.key for entry in TABLE}
    assert sorted(in_app - in_table) == [], "routes without a row in authorization_table.py"
    assert sorted(in_table - in_app) == [], "rows for routes the app does not have"


@on_module_loop
async def test_guarded_routes_refuse_anonymous_and_staff_routes_refuse_others(
    world: World,
) -> None:
    """The table agrees with the guards the code declares on each route."""
    rows = {entry.key: entry for entry in TABLE}
    for key, handler in app_routes(world.app).items():
        entry = rows.get(key)
        if entry is None:
            continue  # test_every_route_has_a_row says so
        guards = handler.resolve_guards()
        if not guards:
            continue
        refusal: Answer = "login" if _is_page(key[1]) else 401
        for state, expected in entry.by_state.items():
            assert expected["anonymous"] == refusal, (key, state, "guarded")
            if requires_staff in guards:
                for caller in SIGNED_IN_CALLERS[:-1]:
                    assert expected[caller] in (403, 404), (key, state, caller, "staff only")


@pytest.mark.parametrize(("entry", "state"), _cells())
@on_module_loop
async def test_route(world: World, entry: Row, state: str) -> None:
    expected = entry.by_state[state]
    wrong = []
    for caller in _order(entry, state):
        response = await _send(world, entry, state, caller)
        got = verdict(response)
        if got != expected[caller]:
            wrong.append(f"{caller}: expected {expected[caller]!r}, got {_describe(response)}")
    assert not wrong, f"{entry.method} {entry.path} [{state}]\n" + "\n".join(wrong)


@on_module_loop
async def test_the_world_is_what_the_table_says(world: World) -> None:
    """Not an authorisation check: the objects the rows rely on are in their states."""
    buyer = world.accounts["audience"].headers
    owner = world.accounts["owner"].headers
    paid = await world.client.get(
        f"/api/orders/{world.by_state['paid']['order_id']}", headers=buyer
    )
    assert paid.json()["status"] in ("fulfilled", "partially_refunded")
    pending = await world.client.get(
        f"/api/orders/{world.by_state['pending']['order_id']}", headers=buyer
    )
    assert pending.json()["status"] == "pending"
    draft = await world.client.get(
        f"/api/works/{world.by_state['draft']['work_id']}", headers=owner
    )
    assert draft.json()["status"] == "draft"
