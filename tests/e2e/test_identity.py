"""Sign-up, login, bearer tokens, rate limiting and the CSRF-protected session pages."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from accounts.tables import AccessToken, User
from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from tests.helpers import PASSWORD, log_in, sign_up_and_log_in
from tests.shared_apps import client_of

SESSION_COOKIE = "lakou_session"
CSRF_INPUT = re.compile(r'<input[^>]*name="_csrf_token"[^>]*value="([^"]+)"')


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["request_id"] == response.headers["x-request-id"]
    return dict(body["error"])


def _without_request_id(response: Any) -> dict[str, Any]:
    body = response.json()
    body["error"].pop("request_id")
    return dict(body)


async def _sign_up(client: AsyncTestClient, email: str, password: str = PASSWORD, **extra: Any):
    body = {"email": email, "password": password, "display_name": "Alice", **extra}
    return await client.post("/api/auth/signup", json=body)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# API --------------------------------------------------------------------------------------


async def test_sign_up_then_log_in_gives_a_token_that_me_accepts(client: AsyncTestClient) -> None:
    signed_up = await _sign_up(client, "Alice@Example.test", role="creator")
    assert signed_up.status_code == 202, signed_up.text

    login = await client.post(
        "/api/auth/login", json={"email": "alice@example.test", "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    body = login.json()
    assert body["token_type"] == "bearer"
    assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)

    me = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200, me.text
    assert me.json()["email"] == "alice@example.test"
    assert me.json()["role"] == "creator"
    assert me.json()["display_name"] == "Alice"


async def test_password_is_stored_as_an_argon2_hash(client: AsyncTestClient) -> None:
    await _sign_up(client, "hash@example.test")
    row = await User.select(User.password_hash).where(User.email == "hash@example.test").first()
    assert row is not None
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in row["password_hash"]


async def test_sign_up_with_a_taken_email_answers_the_same_and_changes_nothing(
    client: AsyncTestClient,
) -> None:
    first = await _sign_up(client, "taken@example.test", role="creator")
    again = await _sign_up(
        client, "TAKEN@example.test", password="another password 123", role="audience"
    )
    fresh = await _sign_up(client, "fresh@example.test")

    assert first.status_code == again.status_code == fresh.status_code == 202
    assert first.json() == again.json() == fresh.json()

    # The first password still works, the second never took; the role is the first one.
    headers = await log_in(client, "taken@example.test")
    me = await client.get("/api/auth/me", headers=headers)
    assert me.json()["role"] == "creator"
    refused = await client.post(
        "/api/auth/login",
        json={"email": "taken@example.test", "password": "another password 123"},
    )
    assert refused.status_code == 401
    assert await User.count().where(User.email == "taken@example.test") == 1


async def test_unknown_email_and_wrong_password_are_indistinguishable(
    client: AsyncTestClient,
) -> None:
    await _sign_up(client, "known@example.test")
    unknown = await client.post(
        "/api/auth/login", json={"email": "nobody@example.test", "password": PASSWORD}
    )
    wrong = await client.post(
        "/api/auth/login", json={"email": "known@example.test", "password": "wrong password!"}
    )
    assert unknown.status_code == wrong.status_code == 401
    assert _error(unknown)["code"] == "invalid_credentials"
    assert _without_request_id(unknown) == _without_request_id(wrong)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"email": "weak@example.test", "password": "short"}, "weak_password"),
        ({"email": "weak@example.test", "password": "x" * 300}, "password_too_long"),
        ({"email": "not-an-email", "password": PASSWORD}, "invalid_email"),
        ({"email": "staff@example.test", "password": PASSWORD, "role": "staff"}, "invalid_role"),
        ({"email": "boss@example.test", "password": PASSWORD, "role": "admin"}, "invalid_role"),
    ],
)
async def test_sign_up_refusals(client: AsyncTestClient, body: dict[str, str], code: str) -> None:
    response = await client.post("/api/auth/signup", json=body)
    assert response.status_code == 422, response.text
    assert _error(response)["code"] == code
    assert await User.count() == 0


@pytest.fixture
async def limited_client(settings: Settings, redis_url: str) -> AsyncIterator[AsyncTestClient]:
    """The app with a login limit of 3 attempts per window."""

    http = dataclasses.replace(settings.http, login_attempts_per_window=3)
    limited: Container = build_container(dataclasses.replace(settings, http=http), redis_url)
    if limited.engine.engine_type == "postgres":
        await limited.engine.run_ddl("TRUNCATE lakou_users CASCADE")
    async with client_of(limited) as test_client:
        yield test_client


async def test_login_is_rate_limited_with_retry_after(limited_client: AsyncTestClient) -> None:
    await _sign_up(limited_client, "target@example.test")
    wrong = {"email": "target@example.test", "password": "not the password"}
    for _ in range(3):
        failed = await limited_client.post("/api/auth/login", json=wrong)
        assert failed.status_code == 401

    blocked = await limited_client.post("/api/auth/login", json=wrong)
    assert blocked.status_code == 429, blocked.text
    assert _error(blocked)["code"] == "rate_limited"
    assert int(blocked.headers["retry-after"]) >= 1

    # Even the right password waits: the limit is on attempts, not on failures alone.
    right = await limited_client.post(
        "/api/auth/login", json={"email": "target@example.test", "password": PASSWORD}
    )
    assert right.status_code == 429


# Behind the proxy: each login comes from a client address the proxy vouches for.
PROXY_NETWORK = "10.20.0.0/16"
PROXY_ADDRESS = "10.20.0.1"
PEER_HEADER = b"x-test-peer"


def _with_peer_from_header(app: Any) -> Any:
    """The ASGI app, its peer address taken from a test-only header (the network's fact)."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            peer = dict(scope["headers"]).get(PEER_HEADER)
            if peer is not None:
                scope = {**scope, "client": (peer.decode(), 4000)}
        await app(scope, receive, send)

    return wrapped


@pytest.fixture
async def behind_proxy(
    settings: Settings, redis_url: str, container: Container
) -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    """Log in as if through the trusted proxy, from a chosen client address (or directly).

    The app has a login limit of 3 attempts per window and trusts X-Forwarded-For only from
    PROXY_NETWORK; `container` cleaned the database.
    """
    from lakou.app import create_app

    http = dataclasses.replace(
        settings.http, login_attempts_per_window=3, trusted_proxies=(PROXY_NETWORK,)
    )
    app = create_app(build_container(dataclasses.replace(settings, http=http), redis_url))
    async with AsyncTestClient(app=_with_peer_from_header(app)) as api:
        for email in ("target@example.test", "other@example.test", "fresh@example.test"):
            assert (await _sign_up(api, email)).status_code == 202

        async def log_in_from(
            address: str | None, email: str, password: str = PASSWORD, forwarded: str = ""
        ) -> Any:
            """Through the proxy from `address`; None: straight from 203.0.113.50."""
            if address is None:
                headers = {"x-test-peer": "203.0.113.50"}
                if forwarded:
                    headers["X-Forwarded-For"] = forwarded
            else:
                hops = f"{forwarded}, {address}" if forwarded else address
                headers = {"x-test-peer": PROXY_ADDRESS, "X-Forwarded-For": hops}
            body = {"email": email, "password": password}
            return await api.post("/api/auth/login", json=body, headers=headers)

        yield log_in_from


async def test_the_per_email_limit_holds_across_client_addresses(
    behind_proxy: Callable[..., Awaitable[Any]],
) -> None:
    log_in_from = behind_proxy
    # Guessing one account's password from three addresses, once each: no address is near its
    # own limit of 3...
    for n in (1, 2, 3):
        guess = await log_in_from(
            f"198.51.100.{n}", "target@example.test", "guess number " + str(n)
        )
        assert guess.status_code == 401, guess.text

    # ...yet the account is: a fourth address, never seen, with the right password, waits.
    blocked = await log_in_from("198.51.100.4", "Target@Example.TEST")
    assert blocked.status_code == 429, blocked.text
    assert _error(blocked)["code"] == "rate_limited"
    assert int(blocked.headers["retry-after"]) >= 1

    # The addresses themselves are not blocked: other accounts log in from each of them.
    for n, email in ((1, "other@example.test"), (2, "other@example.test"),
                     (3, "fresh@example.test"), (4, "fresh@example.test")):  # fmt: skip
        other = await log_in_from(f"198.51.100.{n}", email)
        assert other.status_code == 200, (n, other.text)


async def test_the_per_address_limit_holds_across_e_mails(
    behind_proxy: Callable[..., Awaitable[Any]],
) -> None:
    log_in_from = behind_proxy
    # One address trying three e-mails (two of them unknown): no e-mail is near its limit...
    for email in ("target@example.test", "nobody@example.test", "ghost@example.test"):
        tried = await log_in_from("198.51.100.9", email, "not the password")
        assert tried.status_code == 401, tried.text

    # ...yet the address is: a fourth e-mail, with the right password, waits.
    blocked = await log_in_from("198.51.100.9", "fresh@example.test")
    assert blocked.status_code == 429, blocked.text
    assert _error(blocked)["code"] == "rate_limited"
    assert int(blocked.headers["retry-after"]) >= 1

    # Only that address: the same accounts log in from another one.
    for email in ("fresh@example.test", "target@example.test"):
        elsewhere = await log_in_from("198.51.100.10", email)
        assert elsewhere.status_code == 200, (email, elsewhere.text)


async def test_a_forged_forwarded_header_does_not_reset_the_per_address_limit(
    behind_proxy: Callable[..., Awaitable[Any]],
) -> None:
    log_in_from = behind_proxy
    # Straight to the app, not through the proxy: the header is the client's own invention.
    for n, email in enumerate(("a@example.test", "b@example.test", "c@example.test")):
        tried = await log_in_from(None, email, "not the password", forwarded=f"100.64.0.{n}")
        assert tried.status_code == 401, tried.text
    blocked = await log_in_from(None, "fresh@example.test", forwarded="100.64.0.99")
    assert blocked.status_code == 429, blocked.text

    # Through the proxy, the entries the client wrote left of the proxy's own hop count for
    # nothing either: the address the proxy saw is the one limited.
    for n, email in enumerate(("a@example.test", "b@example.test", "c@example.test")):
        tried = await log_in_from(
            "198.51.100.20", email, "not the password", forwarded=f"100.64.1.{n}"
        )
        assert tried.status_code == 401, tried.text
    blocked = await log_in_from("198.51.100.20", "fresh@example.test", forwarded="100.64.1.99")
    assert blocked.status_code == 429, blocked.text


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer lk_not-a-real-token",
        "Bearer garbage",
        "Bearer " + "lk_" + "a" * 500,
    ],
)
async def test_invalid_bearer_token_is_401_invalid_token(
    client: AsyncTestClient, authorization: str
) -> None:
    response = await client.get("/api/auth/me", headers={"Authorization": authorization})
    assert response.status_code == 401, response.text
    assert _error(response)["code"] == "invalid_token"


async def test_no_token_is_401_not_authenticated(client: AsyncTestClient) -> None:
    response = await client.get("/api/auth/me")
    assert response.status_code == 401
    assert _error(response)["code"] == "not_authenticated"


async def test_expired_token_is_refused(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 200

    token = headers["Authorization"].removeprefix("Bearer ")
    await AccessToken.update(
        {AccessToken.expires_at: datetime.now(UTC) - timedelta(minutes=1)}
    ).where(AccessToken.token_hash == _token_hash(token))
    response = await client.get("/api/auth/me", headers=headers)
    assert response.status_code == 401
    assert _error(response)["code"] == "invalid_token"


async def test_logout_revokes_the_token(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    other = await log_in(
        client, (await client.get("/api/auth/me", headers=headers)).json()["email"]
    )

    logout = await client.post("/api/auth/logout", headers=headers)
    assert logout.status_code == 204, logout.text

    response = await client.get("/api/auth/me", headers=headers)
    assert response.status_code == 401
    assert _error(response)["code"] == "invalid_token"
    # Only that token: another login of the same account still works.
    assert (await client.get("/api/auth/me", headers=other)).status_code == 200


async def test_tokens_are_stored_hashed(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    token = headers["Authorization"].removeprefix("Bearer ")
    hashes = [row["token_hash"] for row in await AccessToken.select(AccessToken.token_hash)]
    assert hashes == [_token_hash(token)]


# Pages ------------------------------------------------------------------------------------


async def _csrf_token(client: AsyncTestClient) -> str:
    page = await client.get("/connexion")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    match = CSRF_INPUT.search(page.text)
    assert match, page.text
    assert 'type="hidden"' in match.group(0)
    return match.group(1)


async def test_login_page_has_a_csrf_hidden_input(client: AsyncTestClient) -> None:
    token = await _csrf_token(client)
    assert len(token) > 16
    assert client.cookies.get("csrftoken")


async def test_login_form_without_csrf_token_is_403_and_sets_no_session(
    client: AsyncTestClient,
) -> None:
    await _sign_up(client, "form@example.test")
    await _csrf_token(client)  # the cookie alone is not enough
    response = await client.post(
        "/connexion",
        data={"email": "form@example.test", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 403, response.text
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert await AccessToken.count() == 0


async def test_login_form_with_csrf_token_sets_a_safe_session_cookie(
    client: AsyncTestClient,
) -> None:
    await _sign_up(client, "form@example.test", display_name="Fòm")
    token = await _csrf_token(client)
    response = await client.post(
        "/connexion",
        data={"email": "form@example.test", "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    session_headers = [
        value
        for value in response.headers.get_list("set-cookie")
        if value.startswith(f"{SESSION_COOKIE}=")
    ]
    assert len(session_headers) == 1
    attributes = [part.strip().lower() for part in session_headers[0].split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    session = session_headers[0].split(";")[0].split("=", 1)[1]
    assert session

    # The page sees the session ...
    home = await client.get("/", headers={"Cookie": f"{SESSION_COOKIE}={session}"})
    assert "Fòm" in home.text

    # ... the API never does, neither as a cookie nor as a bearer token.
    client.cookies.clear()
    by_cookie = await client.get("/api/auth/me", headers={"Cookie": f"{SESSION_COOKIE}={session}"})
    assert by_cookie.status_code == 401
    assert _error(by_cookie)["code"] == "not_authenticated"
    by_bearer = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {session}"})
    assert by_bearer.status_code == 401
    assert _error(by_bearer)["code"] == "invalid_token"


async def test_login_form_with_wrong_password_renders_the_error(client: AsyncTestClient) -> None:
    await _sign_up(client, "form@example.test")
    token = await _csrf_token(client)
    response = await client.post(
        "/connexion",
        data={"email": "form@example.test", "password": "wrong password", "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 401
    assert "text/html" in response.headers["content-type"]
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


async def test_logout_form_revokes_the_session(client: AsyncTestClient) -> None:
    await _sign_up(client, "form@example.test", display_name="Fòm")
    token = await _csrf_token(client)
    await client.post(
        "/connexion",
        data={"email": "form@example.test", "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert await AccessToken.count().where(AccessToken.kind == "session") == 1
    response = await client.post(
        "/deconnexion", data={"_csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    assert await AccessToken.count() == 0


@pytest.mark.parametrize(
    ("path", "form", "status"),
    [
        ("/connexion", {"email": "a\x00b@example.test", "password": PASSWORD}, 401),
        ("/inscription", {"email": "a\x00b@example.test", "password": PASSWORD}, 422),
        (
            "/inscription",
            {"email": "nul@example.test", "password": PASSWORD, "display_name": "a\x00b"},
            422,
        ),
        ("/inscription", {"email": "x@example.test", "password": PASSWORD, "role": "staff"}, 422),
    ],
)
async def test_bad_form_input_renders_the_form_again(
    client: AsyncTestClient, path: str, form: dict[str, str], status: int
) -> None:
    token = await _csrf_token(client)
    response = await client.post(path, data={**form, "_csrf_token": token}, follow_redirects=False)
    assert response.status_code == status, response.text
    assert "text/html" in response.headers["content-type"]
    assert 'role="alert"' in response.text
    assert await User.count() == 0


# Languages ---------------------------------------------------------------------------------

WRONG_PASSWORD = {
    "fr": "E-mail ou mot de passe incorrect.",
    "en": "Wrong e-mail or password.",
    "es": "Correo electrónico o contraseña incorrectos.",
    "gcf-MQ": "Adrès imèl-la oben mo-pas-la pa bon.",
}


@pytest.mark.parametrize("language", list(WRONG_PASSWORD))
async def test_errors_speak_the_asked_language_and_keep_their_code(
    client: AsyncTestClient, language: str
) -> None:
    headers = {"Accept-Language": language}
    await _sign_up(client, "lang@example.test")
    wrong = await client.post(
        "/api/auth/login",
        json={"email": "lang@example.test", "password": "not the password"},
        headers=headers,
    )
    assert (wrong.status_code, _error(wrong)["code"]) == (401, "invalid_credentials")
    assert _error(wrong)["message"] == WRONG_PASSWORD[language]

    weak = await _sign_up(client, "weak@example.test", password="short")
    assert _error(weak)["code"] == "weak_password"
    assert "10" in _error(weak)["message"]

    anonymous = await client.get("/api/auth/me", headers=headers)
    assert _error(anonymous)["code"] == "not_authenticated"
    assert "Authorization: Bearer" in _error(anonymous)["message"]


async def test_the_signup_page_shows_errors_and_roles_in_the_visitors_language(
    client: AsyncTestClient,
) -> None:
    page = await client.get("/inscription?lang=en")
    assert '<option value="audience">Audience</option>' in page.text
    assert "Display name" in page.text
    token = CSRF_INPUT.search(page.text)
    assert token is not None
    refused = await client.post(
        "/inscription",
        data={"_csrf_token": token.group(1), "email": "x@example.test", "password": "short"},
    )
    assert refused.status_code == 422
    assert "The password must be at least 10 characters." in refused.text
