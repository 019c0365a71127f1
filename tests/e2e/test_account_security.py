"""Sessions and API tokens, the TOTP second factor, and the account mails through real SMTP."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import pyotp
import pytest
from litestar.testing import AsyncTestClient

from accounts.domain import Role
from accounts.tables import AccessToken, User
from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from tests.helpers import CSRF_INPUT, PASSWORD, log_in, page_log_in, sign_up_and_log_in
from tests.mailroom import Mailroom
from tests.shared_apps import client_of


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


# Sessions and API tokens -------------------------------------------------------------------


async def test_a_person_lists_and_revokes_their_own_sessions_only(client: AsyncTestClient) -> None:
    first = await sign_up_and_log_in(client, "audience", "me@example.test")
    second = await log_in(client, "me@example.test")
    other = await sign_up_and_log_in(client, "audience", "other@example.test")

    listed = await client.get("/api/auth/sessions", headers=first)
    assert listed.status_code == 200, listed.text
    sessions = listed.json()
    assert len(sessions) == 2
    assert [s["current"] for s in sessions].count(True) == 1
    assert {s["kind"] for s in sessions} == {"api"}
    assert all(s["last_used_at"] for s in sessions)
    not_current = next(s["id"] for s in sessions if not s["current"])

    theirs = (await client.get("/api/auth/sessions", headers=other)).json()[0]["id"]
    refused = await client.delete(f"/api/auth/sessions/{theirs}", headers=first)
    assert (refused.status_code, _code(refused)) == (404, "not_found")
    assert (await client.get("/api/auth/me", headers=other)).status_code == 200

    gone = await client.delete(f"/api/auth/sessions/{not_current}", headers=first)
    assert gone.status_code == 204
    assert (await client.get("/api/auth/me", headers=second)).status_code == 401
    assert (await client.get("/api/auth/me", headers=first)).status_code == 200


async def test_revoking_the_others_keeps_the_one_asking(client: AsyncTestClient) -> None:
    keep = await sign_up_and_log_in(client, "audience", "me@example.test")
    others = [await log_in(client, "me@example.test") for _ in range(2)]
    done = await client.post("/api/auth/sessions/revoke-others", headers=keep)
    assert done.status_code == 204
    for headers in others:
        assert (await client.get("/api/auth/me", headers=headers)).status_code == 401
    assert (await client.get("/api/auth/me", headers=keep)).status_code == 200


async def test_the_security_page_lists_sessions_and_revokes_one(client: AsyncTestClient) -> None:
    api = await sign_up_and_log_in(client, "audience", "page@example.test")
    await page_log_in(client, "page@example.test")
    page = await client.get("/compte/securite")
    assert page.status_code == 200, page.text
    assert page.text.count("data-session=") == 2
    csrf = CSRF_INPUT.search(page.text)
    assert csrf
    token_id = next(
        str(row["id"]) for row in await AccessToken.select().where(AccessToken.kind == "api")
    )
    revoked = await client.post(
        f"/compte/sessions/{token_id}/revoquer",
        data={"_csrf_token": csrf.group(1)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert (await client.get("/api/auth/me", headers=api)).status_code == 401
    assert (await client.get("/compte/securite")).text.count("data-session=") == 1


# TOTP --------------------------------------------------------------------------------------


async def _enable_totp(client: AsyncTestClient, headers: dict[str, str]) -> tuple[str, list[str]]:
    setup = await client.post("/api/auth/totp/setup", headers=headers)
    assert setup.status_code == 200, setup.text
    secret = setup.json()["secret"]
    assert setup.json()["uri"].startswith("otpauth://totp/")
    wrong = await client.post("/api/auth/totp/enable", json={"code": "000000"}, headers=headers)
    if pyotp.TOTP(secret).now() != "000000":
        assert (wrong.status_code, _code(wrong)) == (401, "invalid_totp")
    enabled = await client.post(
        "/api/auth/totp/enable", json={"code": pyotp.TOTP(secret).now()}, headers=headers
    )
    assert enabled.status_code == 200, enabled.text
    codes = enabled.json()["recovery_codes"]
    assert len(codes) == len(set(codes)) == 10
    return secret, codes


def _next_code(secret: str) -> str:
    """The code of the next 30-second step (accepted: one step of clock drift either side)."""
    return pyotp.TOTP(secret).at(int(time.time()) + 30)


async def test_totp_login_asks_for_the_code_and_refuses_it_twice(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client, "creator", "two@example.test")
    secret, codes = await _enable_totp(client, headers)
    body = {"email": "two@example.test", "password": PASSWORD}

    asked = await client.post("/api/auth/login", json=body)
    assert (asked.status_code, _code(asked)) == (401, "totp_required")
    wrong_password = await client.post(
        "/api/auth/login", json={**body, "password": "not the password", "totp": "123456"}
    )
    assert _code(wrong_password) == "invalid_credentials"

    code = _next_code(secret)
    assert (await client.post("/api/auth/login", json={**body, "totp": code})).status_code == 200
    replay = await client.post("/api/auth/login", json={**body, "totp": code})
    assert (replay.status_code, _code(replay)) == (401, "invalid_totp")

    # A recovery code works once.
    recovered = await client.post("/api/auth/login", json={**body, "totp": codes[0]})
    assert recovered.status_code == 200, recovered.text
    again = await client.post("/api/auth/login", json={**body, "totp": codes[0]})
    assert (again.status_code, _code(again)) == (401, "invalid_totp")

    # Turning it off takes the password and a code.
    no_password = await client.post(
        "/api/auth/totp/disable",
        json={"password": "not the password", "code": codes[1]},
        headers=headers,
    )
    assert (no_password.status_code, _code(no_password)) == (403, "wrong_password")
    off = await client.post(
        "/api/auth/totp/disable", json={"password": PASSWORD, "code": codes[1]}, headers=headers
    )
    assert off.status_code == 204, off.text
    assert (await client.post("/api/auth/login", json=body)).status_code == 200


async def test_the_login_page_asks_for_the_code_in_a_second_step(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client, "creator", "steps@example.test")
    secret, _ = await _enable_totp(client, headers)
    form = await client.get("/connexion")
    csrf = CSRF_INPUT.search(form.text)
    assert csrf
    step = await client.post(
        "/connexion",
        data={"email": "steps@example.test", "password": PASSWORD, "_csrf_token": csrf.group(1)},
        follow_redirects=False,
    )
    assert step.status_code == 200
    assert 'name="pending"' in step.text
    assert "lakou_session" not in step.headers.get("set-cookie", "")
    pending = step.text.split('name="pending" value="')[1].split('"')[0]
    wrong = await client.post(
        "/connexion/code",
        data={"pending": pending, "code": "abcdef", "_csrf_token": csrf.group(1)},
        follow_redirects=False,
    )
    assert wrong.status_code == 401
    assert 'role="alert"' in wrong.text
    signed = await client.post(
        "/connexion/code",
        data={"pending": pending, "code": _next_code(secret), "_csrf_token": csrf.group(1)},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    assert "lakou_session" in signed.headers.get("set-cookie", "")
    reused = await client.post(
        "/connexion/code",
        data={"pending": pending, "code": _next_code(secret), "_csrf_token": csrf.group(1)},
        follow_redirects=False,
    )
    assert reused.status_code == 410


@pytest.fixture
async def totp_for_staff(
    settings: Settings, redis_url: str, container: Container
) -> AsyncIterator[tuple[AsyncTestClient, Container]]:

    variables = {**settings.variables, "LAKOU_REQUIRE_TOTP_FOR_STAFF": "true"}
    built = build_container(dataclasses.replace(settings, variables=variables), redis_url)
    async with client_of(built) as test_client:
        yield test_client, built


async def test_staff_without_totp_are_sent_to_enrol_first(
    totp_for_staff: tuple[AsyncTestClient, Container],
) -> None:
    client, container = totp_for_staff
    await container.identity.create_user("boss@example.test", PASSWORD, "Boss", Role.STAFF)
    staff = await log_in(client, "boss@example.test")
    refused = await client.get("/api/auth/sessions", headers=staff)
    assert (refused.status_code, _code(refused)) == (403, "totp_enrolment_required")
    assert (await client.get("/api/auth/me", headers=staff)).status_code == 200
    await page_log_in(client, "boss@example.test")
    sent = await client.get("/studio", follow_redirects=False)
    assert sent.status_code == 303
    assert urlsplit(sent.headers["location"]).path == "/compte/securite"
    assert (await client.get("/compte/securite")).status_code == 200

    # Others are not asked; staff are let through once enrolled.
    audience = await sign_up_and_log_in(client, "audience")
    assert (await client.get("/api/auth/sessions", headers=audience)).status_code == 200
    await _enable_totp(client, staff)
    assert (await client.get("/api/auth/sessions", headers=staff)).status_code == 200


# Through real SMTP ---------------------------------------------------------------------------


async def test_the_address_check_mail_arrives_and_its_link_confirms(
    client: AsyncTestClient, mailroom: Mailroom
) -> None:
    injected = "Man Ya\r\nBcc: victim@example.test"
    signed = await client.post(
        "/api/auth/signup",
        json={"email": "smtp@example.test", "password": PASSWORD, "display_name": injected},
        headers={"Accept-Language": "en"},
    )
    assert signed.status_code == 202
    [mail] = await mailroom.deliver(1)
    assert list(mail.recipients) == ["smtp@example.test"]
    assert "victim@example.test" not in mail.recipients
    assert mail.message["Bcc"] is None
    [link] = [url for url in mailroom.links_in(mail) if "/compte/verifier" in url]
    parts = urlsplit(link)
    confirmed = await client.get(f"{parts.path}?{parts.query}")
    assert confirmed.status_code == 200
    row = await User.select(User.email_verified_at).where(User.email == "smtp@example.test")
    assert row[0]["email_verified_at"] is not None
