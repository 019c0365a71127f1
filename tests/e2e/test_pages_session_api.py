"""The pages' scripts call the JSON API with the session cookie and the page's CSRF token.

The cookie alone never authenticates an API call (a cross-site page could send it); the
`X-CSRFToken` header, which only a same-origin script can read and send, must come with it.
Bearer tokens work exactly as before.
"""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import AsyncTestClient

from accounts.auth import SESSION_COOKIE
from tests.helpers import PASSWORD, create_creator, page_log_in, sign_up_and_log_in

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


async def _page_session(client: AsyncTestClient) -> tuple[str, str]:
    """Sign up and log in through the pages: (session cookie, CSRF token of the page)."""
    email = "page@example.test"
    await client.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD, "role": "creator"}
    )
    session = await page_log_in(client, email)
    home = await client.get("/")
    meta = CSRF_META.search(home.text)
    assert meta, "every page hands its CSRF token to its scripts"
    return session, meta.group(1)


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


async def test_cookie_with_csrf_header_is_accepted_for_reads_and_writes(
    client: AsyncTestClient,
) -> None:
    _, csrf = await _page_session(client)
    me = await client.get("/api/auth/me", headers={"X-CSRFToken": csrf})
    assert me.status_code == 200, me.text
    assert me.json()["email"] == "page@example.test"
    created = await client.post(
        "/api/creators",
        json={"kind": "person", "name": "Man Ya"},
        headers={"X-CSRFToken": csrf},
    )
    assert created.status_code == 201, created.text


async def test_cookie_without_csrf_header_is_refused(client: AsyncTestClient) -> None:
    await _page_session(client)
    write = await client.post("/api/creators", json={"kind": "person", "name": "Man Ya"})
    assert write.status_code == 401
    assert _code(write) == "not_authenticated"
    read = await client.get("/api/auth/me")
    assert read.status_code == 401


async def test_cookie_with_a_forged_csrf_header_is_403(client: AsyncTestClient) -> None:
    _, csrf = await _page_session(client)
    forged = csrf[:-4] + ("0000" if not csrf.endswith("0000") else "1111")
    for token in (forged, "x" * 128, "nope"):
        write = await client.post(
            "/api/creators",
            json={"kind": "person", "name": "Man Ya"},
            headers={"X-CSRFToken": token},
        )
        assert write.status_code == 403, write.text
        assert _code(write) == "csrf_failed"


async def test_csrf_header_without_its_cookie_is_refused(client: AsyncTestClient) -> None:
    session, csrf = await _page_session(client)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, session)  # the session, but not the CSRF cookie
    write = await client.post(
        "/api/creators", json={"kind": "person", "name": "Man Ya"}, headers={"X-CSRFToken": csrf}
    )
    assert write.status_code == 403
    assert _code(write) == "csrf_failed"


async def test_bearer_tokens_work_as_before(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    assert creator["name"]
    bad = await client.get("/api/auth/me", headers={"Authorization": "Bearer lk_nope"})
    assert bad.status_code == 401
    assert _code(bad) == "invalid_token"


async def test_pages_answer_with_a_strict_content_security_policy(client: AsyncTestClient) -> None:
    for path in ("/", "/recherche?q=bele", "/connexion", "/inscription"):
        response = await client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self';" in csp
        assert "unsafe-inline" not in csp
        assert "worker-src 'self' blob:" in csp
    docs = await client.get("/api/docs")
    assert "'unsafe-inline'" in docs.headers["content-security-policy"]


async def test_hls_js_is_served_by_lakou(client: AsyncTestClient) -> None:
    response = await client.get("/static/vendor/hls.min.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert len(response.content) > 100_000
    assert (await client.get("/static/vendor/other.js")).status_code == 404


async def test_studio_sends_visitors_to_the_login_page(client: AsyncTestClient) -> None:
    response = await client.get("/studio", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/connexion?next=/studio"


async def test_login_only_follows_local_next_paths(client: AsyncTestClient) -> None:
    page = await client.get("/connexion?next=//evil.example/x")
    assert 'name="next" value="/"' in page.text
    page = await client.get("/connexion?next=/studio")
    assert 'name="next" value="/studio"' in page.text


async def test_user_text_is_escaped_in_pages(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers, name="<b>Man</b> Ya")
    work = await client.post(
        "/api/works",
        json={
            "creator_id": creator["id"],
            "titles": {"fr": "<script>alert(1)</script>"},
            "descriptions": {"fr": '<img src=x onerror="alert(1)">'},
            "discipline": "heritage",
        },
        headers=headers,
    )
    work_id = work.json()["id"]
    assert (await client.post(f"/api/works/{work_id}/publish", headers=headers)).status_code == 200
    for path in (f"/oeuvres/{work_id}", f"/createurs/{creator['id']}", "/"):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert "<script>alert(1)</script>" not in page.text
        assert "<img src=x" not in page.text
        assert "<b>Man</b>" not in page.text
    page = await client.get(f"/oeuvres/{work_id}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page.text


async def test_cover_of_a_work_without_picture_is_a_drawn_svg(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await client.post(
        "/api/works",
        json={"creator_id": creator["id"], "titles": {"fr": "Kont"}, "discipline": "heritage"},
        headers=headers,
    )
    work_id = work.json()["id"]
    await client.post(f"/api/works/{work_id}/publish", headers=headers)
    cover = await client.get(f"/oeuvres/{work_id}/couverture")
    assert cover.status_code == 200
    assert cover.headers["content-type"].startswith("image/svg+xml")
    assert "<script" not in cover.text


async def test_english_switch_keeps_the_query(client: AsyncTestClient) -> None:
    page = await client.get("/recherche?q=bele&lang=en")
    assert '<html lang="en">' in page.text
    assert "Explore" in page.text
    assert "/recherche?q=bele&amp;lang=fr" in page.text
