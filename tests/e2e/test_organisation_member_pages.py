"""Managing members from the organisation's page: an admin is named, a member removed, someone
leaves; the last owner cannot leave, and the refusal shows on the page."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from litestar.testing import AsyncTestClient

from accounts.organisations.tables import MembershipRow
from infra.ids import new_id
from tests.helpers import CSRF_INPUT, page_log_in, sign_up_and_log_in
from tests.organisation_helpers import create_organisation


async def _member(organisation_id: str, email: str, client: AsyncTestClient) -> str:
    headers = await sign_up_and_log_in(client, role="audience", email=email)
    user_id = (await client.get("/api/auth/me", headers=headers)).json()["id"]
    await MembershipRow.insert(
        MembershipRow(
            id=new_id(),
            organisation=UUID(organisation_id),
            user=UUID(user_id),
            role="member",
            joined_at=datetime.now(UTC),
        )
    )
    return str(user_id)


async def _post(client: AsyncTestClient, page: str, action: str, **form: str) -> int:
    shown = await client.get(page)
    token = CSRF_INPUT.search(shown.text)
    assert token, shown.text[:300]
    answer = await client.post(
        action, data={**form, "_csrf_token": token.group(1)}, follow_redirects=False
    )
    return answer.status_code


async def _roles(organisation_id: str) -> dict[str, str]:
    rows = await MembershipRow.select(MembershipRow.user, MembershipRow.role).where(
        MembershipRow.organisation == UUID(organisation_id)
    )
    return {str(row["user"]): row["role"] for row in rows}


async def test_an_owner_names_an_admin_removes_a_member_and_cannot_leave_alone(
    client: AsyncTestClient,
) -> None:
    owner = await sign_up_and_log_in(client, role="audience", email="owner-pages@example.test")
    owner_id = (await client.get("/api/auth/me", headers=owner)).json()["id"]
    organisation = await create_organisation(client, owner)
    page = f"/organisations/{organisation['id']}"
    ya = await _member(organisation["id"], "ya@example.test", client)
    jo = await _member(organisation["id"], "jo@example.test", client)

    await page_log_in(client, "owner-pages@example.test")
    assert await _post(client, page, f"{page}/membres/{ya}/role", role="admin") == 303
    assert await _post(client, page, f"{page}/membres/{jo}/retirer") == 303
    assert await _roles(organisation["id"]) == {owner_id: "owner", ya: "admin"}

    # The last owner leaving: refused on the page, nothing changed.
    refused = await client.get(page)
    token = CSRF_INPUT.search(refused.text)
    assert token
    left = await client.post(
        f"{page}/membres/{owner_id}/retirer", data={"_csrf_token": token.group(1)}
    )
    assert left.status_code == 409
    assert 'role="alert"' in left.text
    assert await _roles(organisation["id"]) == {owner_id: "owner", ya: "admin"}

    # The admin leaves on their own.
    client.cookies.clear()
    await page_log_in(client, "ya@example.test")
    assert await _post(client, page, f"{page}/membres/{ya}/retirer") == 303
    assert await _roles(organisation["id"]) == {owner_id: "owner"}
