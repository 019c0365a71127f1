"""Address check, password reset, address change and language, through the API and the pages.

What is mailed is read from a recording notifier (the accounts module's side of the port); a
link is made to expire by moving its row's `expires_at`, never by waiting.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from accounts.tables import AccessToken, AccountToken, User
from infra.db.values import as_utc
from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from tests.e2e.account_support import RecordingNotifier, record_notifications
from tests.helpers import PASSWORD, log_in
from tests.shared_apps import client_of

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def mail(container: Container) -> RecordingNotifier:
    return record_notifications(container)


async def _sign_up(client: AsyncTestClient, email: str, **extra: Any) -> Any:
    headers = extra.pop("h", {})
    body = {"email": email, "password": PASSWORD, "display_name": "Man Ya", **extra}
    response = await client.post("/api/auth/signup", json=body, headers=headers)
    assert response.status_code == 202, response.text
    return response


async def _user(email: str) -> dict[str, Any]:
    row = await User.select().where(User.email == email).first()
    assert row is not None
    return dict(row)


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


async def _expire(token: str) -> None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    await AccountToken.update(
        {AccountToken.expires_at: datetime.now(UTC) - timedelta(seconds=1)}
    ).where(AccountToken.token_hash == digest)


# Address check -----------------------------------------------------------------------------


async def test_sign_up_mails_a_single_use_link_that_confirms_the_address(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await client.post(
        "/api/auth/signup",
        json={"email": "ya@example.test", "password": PASSWORD, "display_name": "Man Ya"},
        headers={"Accept-Language": "gcf"},
    )
    user = await _user("ya@example.test")
    assert user["language"] == "gcf-MQ"  # the language the sign-up was made in
    assert user["email_verified_at"] is None
    sent = mail.last("accounts.verify_email")
    assert sent.user_id == str(user["id"])
    assert sent.params["name"] == "Man Ya"
    assert sent.path.startswith("/compte/verifier?token=")
    # Only the token's hash is kept.
    assert not await AccountToken.exists().where(AccountToken.token_hash == sent.token)

    headers = await log_in(client, "ya@example.test")  # unverified accounts keep working
    assert (await client.get("/api/auth/me", headers=headers)).json()["email_verified"] is False

    page = await client.get(sent.path)
    assert page.status_code == 200, page.text
    assert (await client.get("/api/auth/me", headers=headers)).json()["email_verified"] is True

    again = await client.get(sent.path)
    assert again.status_code == 410
    assert 'role="alert"' in again.text
    by_api = await client.post("/api/auth/verify-email", json={"token": sent.token})
    assert (by_api.status_code, _code(by_api)) == (410, "link_used")


async def test_an_expired_or_unknown_or_other_purpose_link_confirms_nothing(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "late@example.test")
    link = mail.last("accounts.verify_email")
    await _expire(link.token)
    expired = await client.post("/api/auth/verify-email", json={"token": link.token})
    assert (expired.status_code, _code(expired)) == (410, "link_expired")
    page = await client.get(link.path)
    assert page.status_code == 410
    assert (await _user("late@example.test"))["email_verified_at"] is None

    for token in ("nope", "x" * 5000, "a\x00b"):
        unknown = await client.post("/api/auth/verify-email", json={"token": token[:200]})
        assert unknown.status_code in (404, 422), unknown.text
    assert (await client.get("/compte/verifier?token=nope")).status_code == 404

    # A password-reset link is not an address-check link.
    await client.post("/api/auth/password-reset", json={"email": "late@example.test"})
    reset = mail.last("accounts.password_reset")
    other = await client.post("/api/auth/verify-email", json={"token": reset.token})
    assert (other.status_code, _code(other)) == (404, "link_invalid")
    assert (await _user("late@example.test"))["email_verified_at"] is None


async def test_another_persons_link_confirms_their_address_not_the_callers(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "first@example.test")
    first_link = mail.last("accounts.verify_email")
    await _sign_up(client, "second@example.test")
    second = await log_in(client, "second@example.test")
    await client.post("/api/auth/verify-email", json={"token": first_link.token}, headers=second)
    assert (await client.get("/api/auth/me", headers=second)).json()["email_verified"] is False
    assert (await _user("first@example.test"))["email_verified_at"] is not None


async def test_send_again_replaces_the_link_and_is_rate_limited(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "again@example.test")
    old = mail.last("accounts.verify_email")
    headers = await log_in(client, "again@example.test")
    resent = await client.post("/api/auth/verify-email/resend", headers=headers)
    assert resent.status_code == 202, resent.text
    new = mail.last("accounts.verify_email")
    assert new.token != old.token
    assert (
        await client.post("/api/auth/verify-email", json={"token": old.token})
    ).status_code == 410
    assert (
        await client.post("/api/auth/verify-email", json={"token": new.token})
    ).status_code == 200
    done = await client.post("/api/auth/verify-email/resend", headers=headers)
    assert (done.status_code, _code(done)) == (409, "already_verified")


@pytest.fixture
async def strict(
    settings: Settings, redis_url: str
) -> AsyncIterator[tuple[AsyncTestClient, RecordingNotifier]]:
    """The app allowing 3 account mails per client address and window."""

    variables = {**settings.variables, "LAKOU_ACCOUNT_MAILS_PER_WINDOW": "3"}
    built = build_container(dataclasses.replace(settings, variables=variables), redis_url)
    if built.engine.engine_type == "postgres":
        await built.engine.run_ddl("TRUNCATE lakou_users CASCADE")
    recorder = record_notifications(built)
    async with client_of(built) as test_client:
        yield test_client, recorder


async def test_sign_up_flooding_is_429(strict: tuple[AsyncTestClient, RecordingNotifier]) -> None:
    client, mail = strict
    for n in range(3):
        await _sign_up(client, f"flood{n}@example.test")
    flood = await client.post(
        "/api/auth/signup", json={"email": "flood9@example.test", "password": PASSWORD}
    )
    assert (flood.status_code, _code(flood)) == (429, "rate_limited")
    assert int(flood.headers["retry-after"]) >= 1
    assert not await User.exists().where(User.email == "flood9@example.test")
    assert len(mail.of("accounts.verify_email")) == 3


async def test_password_reset_requests_are_rate_limited(
    strict: tuple[AsyncTestClient, RecordingNotifier],
) -> None:
    client, mail = strict
    await _sign_up(client, "target@example.test")
    for _ in range(3):
        asked = await client.post("/api/auth/password-reset", json={"email": "target@example.test"})
        assert asked.status_code == 202
    over = await client.post("/api/auth/password-reset", json={"email": "Target@example.test"})
    assert (over.status_code, _code(over)) == (429, "rate_limited")
    assert len(mail.of("accounts.password_reset")) == 3


# Password reset ----------------------------------------------------------------------------


async def test_reset_answers_alike_for_unknown_addresses_and_mails_only_account_holders(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "known@example.test")
    known = await client.post("/api/auth/password-reset", json={"email": "known@example.test"})
    unknown = await client.post("/api/auth/password-reset", json={"email": "ghost@example.test"})
    invalid = await client.post("/api/auth/password-reset", json={"email": "not an address"})
    assert known.status_code == unknown.status_code == invalid.status_code == 202
    assert known.json() == unknown.json() == invalid.json()
    assert [s.user_id for s in mail.of("accounts.password_reset")] == [
        str((await _user("known@example.test"))["id"])
    ]


async def test_reset_sets_the_password_ends_every_session_and_tells_the_person(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "reset@example.test")
    old_api = await log_in(client, "reset@example.test")
    await client.post("/api/auth/password-reset", json={"email": "reset@example.test"})
    link = mail.last("accounts.password_reset")
    assert link.path.startswith("/compte/reinitialiser?token=")
    row = (
        await AccountToken.select(AccountToken.expires_at, AccountToken.created_at)
        .where(AccountToken.purpose == "password_reset")
        .first()
    )
    assert row is not None
    lifetime = as_utc(row["expires_at"]) - as_utc(row["created_at"])
    assert lifetime == timedelta(hours=1)

    weak = await client.post(
        "/api/auth/password-reset/confirm", json={"token": link.token, "password": "short"}
    )
    assert (weak.status_code, _code(weak)) == (422, "weak_password")  # the link still works
    done = await client.post(
        "/api/auth/password-reset/confirm", json={"token": link.token, "password": NEW_PASSWORD}
    )
    assert done.status_code == 200, done.text
    assert (await client.get("/api/auth/me", headers=old_api)).status_code == 401
    assert await AccessToken.count() == 0
    refused = await client.post(
        "/api/auth/login", json={"email": "reset@example.test", "password": PASSWORD}
    )
    assert refused.status_code == 401
    await log_in(client, "reset@example.test", NEW_PASSWORD)
    told = mail.last("accounts.password_changed")
    assert told.user_id == str((await _user("reset@example.test"))["id"])

    twice = await client.post(
        "/api/auth/password-reset/confirm", json={"token": link.token, "password": PASSWORD}
    )
    assert (twice.status_code, _code(twice)) == (410, "link_used")
    await log_in(client, "reset@example.test", NEW_PASSWORD)  # unchanged by the second try


async def test_an_expired_or_foreign_reset_link_changes_nothing(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "slow@example.test")
    verify = mail.last("accounts.verify_email")
    await client.post("/api/auth/password-reset", json={"email": "slow@example.test"})
    link = mail.last("accounts.password_reset")
    await _expire(link.token)
    body = {"token": link.token, "password": NEW_PASSWORD}
    expired = await client.post("/api/auth/password-reset/confirm", json=body)
    assert (expired.status_code, _code(expired)) == (410, "link_expired")
    page = await client.get(link.path)
    assert page.status_code == 410
    foreign = await client.post(
        "/api/auth/password-reset/confirm", json={"token": verify.token, "password": NEW_PASSWORD}
    )
    assert (foreign.status_code, _code(foreign)) == (404, "link_invalid")
    await log_in(client, "slow@example.test")  # the old password still works


async def test_the_reset_pages_set_a_new_password(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    from tests.helpers import CSRF_INPUT

    await _sign_up(client, "pages@example.test")
    form = await client.get("/mot-de-passe-oublie")
    csrf = CSRF_INPUT.search(form.text)
    assert csrf
    sent = await client.post(
        "/mot-de-passe-oublie", data={"email": "pages@example.test", "_csrf_token": csrf.group(1)}
    )
    assert sent.status_code == 200
    assert 'role="status"' in sent.text
    link = mail.last("accounts.password_reset")
    page = await client.get(link.path)
    assert page.status_code == 200
    assert 'name="token"' in page.text
    done = await client.post(
        "/compte/reinitialiser",
        data={"token": link.token, "password": NEW_PASSWORD, "_csrf_token": csrf.group(1)},
    )
    assert done.status_code == 200, done.text
    await log_in(client, "pages@example.test", NEW_PASSWORD)
    again = await client.get(link.path)
    assert again.status_code == 410


# Address change ----------------------------------------------------------------------------


async def test_address_change_needs_the_password_and_happens_when_the_link_is_used(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "old@example.test", h={"Accept-Language": "es"})
    headers = await log_in(client, "old@example.test")
    wrong = await client.post(
        "/api/auth/email-change",
        json={"password": "not the password", "new_email": "new@example.test"},
        headers=headers,
    )
    assert (wrong.status_code, _code(wrong)) == (403, "wrong_password")
    assert not mail.of("accounts.email_change")

    asked = await client.post(
        "/api/auth/email-change",
        json={"password": PASSWORD, "new_email": "New@Example.test"},
        headers=headers,
    )
    assert asked.status_code == 202, asked.text
    link = mail.last("accounts.email_change")
    assert (link.address, link.language) == ("new@example.test", "es")
    assert mail.last("accounts.email_change_notice").user_id == str(
        (await _user("old@example.test"))["id"]
    )
    assert (await client.get("/api/auth/me", headers=headers)).json()["email"] == "old@example.test"

    page = await client.get(link.path)
    assert page.status_code == 200, page.text
    assert (await client.get("/api/auth/me", headers=headers)).json()["email"] == "new@example.test"
    await log_in(client, "new@example.test")
    twice = await client.post("/api/auth/email-change/confirm", json={"token": link.token})
    assert (twice.status_code, _code(twice)) == (410, "link_used")


async def test_moving_to_a_taken_address_answers_alike_and_changes_nothing(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "mover@example.test")
    await _sign_up(client, "holder@example.test")
    headers = await log_in(client, "mover@example.test")
    taken = await client.post(
        "/api/auth/email-change",
        json={"password": PASSWORD, "new_email": "holder@example.test"},
        headers=headers,
    )
    free = await client.post(
        "/api/auth/email-change",
        json={"password": PASSWORD, "new_email": "free@example.test"},
        headers=headers,
    )
    assert taken.status_code == free.status_code == 202
    assert taken.json() == free.json()
    to_holder = next(
        s for s in mail.of("accounts.email_change") if s.address == "holder@example.test"
    )
    refused = await client.post("/api/auth/email-change/confirm", json={"token": to_holder.token})
    # The older link was replaced by the newer request: it no longer works either way.
    assert refused.status_code in (409, 410), refused.text
    assert (await client.get("/api/auth/me", headers=headers)).json()[
        "email"
    ] == "mover@example.test"


async def test_a_taken_address_is_409_at_confirmation(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "mover@example.test")
    await _sign_up(client, "holder@example.test")
    headers = await log_in(client, "mover@example.test")
    await client.post(
        "/api/auth/email-change",
        json={"password": PASSWORD, "new_email": "holder@example.test"},
        headers=headers,
    )
    link = mail.last("accounts.email_change")
    refused = await client.post("/api/auth/email-change/confirm", json={"token": link.token})
    assert (refused.status_code, _code(refused)) == (409, "email_taken")
    assert (await client.get("/api/auth/me", headers=headers)).json()[
        "email"
    ] == "mover@example.test"
    assert await User.count().where(User.email == "holder@example.test") == 1


# Language and roles ------------------------------------------------------------------------


async def test_a_person_chooses_the_language_of_their_mails(
    client: AsyncTestClient, mail: RecordingNotifier
) -> None:
    await _sign_up(client, "lang@example.test")
    headers = await log_in(client, "lang@example.test")
    chosen = await client.put("/api/auth/me/language", json={"language": "gcf"}, headers=headers)
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["language"] == "gcf-MQ"
    bad = await client.put("/api/auth/me/language", json={"language": "klingon"}, headers=headers)
    assert (bad.status_code, _code(bad)) == (422, "invalid_language")
    assert (await _user("lang@example.test"))["language"] == "gcf-MQ"


@pytest.mark.parametrize("role", ["partner", "organiser", "staff"])
async def test_no_self_service_role_grants_a_privilege(client: AsyncTestClient, role: str) -> None:
    refused = await client.post(
        "/api/auth/signup",
        json={"email": "x@example.test", "password": PASSWORD, "role": role},
    )
    assert (refused.status_code, _code(refused)) == (422, "invalid_role")
    page = await client.get("/inscription")
    assert f'value="{role}"' not in page.text
