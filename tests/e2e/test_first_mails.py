"""The issue's first notifications that other tests do not already carry through SMTP: the
password reset, an organisation's invitation, verification and refusal — each delivered by the
mail queue to a real SMTP server (aiosmtpd), its link working where it has one."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.helpers import PASSWORD, log_in, sign_up_and_log_in, staff_headers
from tests.mailroom import Mailroom
from tests.organisation_helpers import create_organisation, request_verification


def _subjects(mailroom: Mailroom, address: str) -> list[str]:
    return [str(mail.message["Subject"]) for mail in mailroom.to(address)]


def _token(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


async def test_a_password_reset_mail_carries_a_link_that_resets(
    client: AsyncTestClient, mailroom: Mailroom
) -> None:
    await sign_up_and_log_in(client, role="audience", email="forgetful@example.test")
    asked = await client.post("/api/auth/password-reset", json={"email": "forgetful@example.test"})
    assert asked.status_code == 202, asked.text
    await mailroom.delivery.deliver_due()
    [mail] = [
        m
        for m in mailroom.to("forgetful@example.test")
        if "mot de passe" in str(m.message["Subject"])
    ]
    [link] = [url for url in mailroom.links_in(mail) if "/compte/reinitialiser" in url]
    done = await client.post(
        "/api/auth/password-reset/confirm",
        json={"token": _token(link), "password": "a brand new passphrase"},
    )
    assert done.status_code in (200, 204), done.text
    await log_in(client, "forgetful@example.test", "a brand new passphrase")


async def test_organisation_mails_invitation_verified_and_refused(
    client: AsyncTestClient, container: Container, mailroom: Mailroom
) -> None:
    owner = await sign_up_and_log_in(client, role="audience", email="boss@example.test")
    organisation = await create_organisation(client, owner)
    invited = await client.post(
        f"/api/organisations/{organisation['id']}/invitations",
        json={"email": "colleague@example.test", "role": "member"},
        headers=owner,
    )
    assert invited.status_code == 201, invited.text
    await mailroom.delivery.deliver_due()
    [invitation] = [
        m for m in mailroom.to("colleague@example.test") if "/invitations" in mailroom.text(m)
    ]
    [link] = [url for url in mailroom.links_in(invitation) if "/invitations" in url]
    colleague = await sign_up_and_log_in(client, role="audience", email="colleague@example.test")
    joined = await client.post(
        "/api/organisations/invitations/accept",
        json={"token": urlsplit(link).path.rsplit("/", 1)[-1]},
        headers=colleague,
    )
    assert joined.status_code == 200, joined.text

    await request_verification(client, owner, organisation["id"])
    staff = await staff_headers(client, container)
    verified = await client.post(
        f"/api/staff/organisations/{organisation['id']}/verify", headers=staff
    )
    assert verified.status_code == 200, verified.text
    other = await create_organisation(client, owner, name="Lanmè Bis")
    await request_verification(client, owner, other["id"])
    refused = await client.post(
        f"/api/staff/organisations/{other['id']}/refuse",
        json={"reason": "Kbis illisible\r\nBcc: victim@example.test"},
        headers=staff,
    )
    assert refused.status_code == 200, refused.text
    await mailroom.delivery.deliver_due()
    subjects = _subjects(mailroom, "boss@example.test")
    assert any("vérifiée" in subject for subject in subjects), subjects
    [refusal] = [
        m for m in mailroom.to("boss@example.test") if "Lanmè Bis" in str(m.message["Subject"])
    ]
    assert "Kbis illisible" in mailroom.text(refusal)
    assert refusal.message["Bcc"] is None
    assert PASSWORD not in mailroom.text(refusal)
