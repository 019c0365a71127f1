"""A sweep over the API with bad input: always a 4xx JSON error with a request id, never a 5xx,
and a rejected write changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from accounts.passwords import hash_password
from accounts.tables import AccessToken, User
from infra.events.tables import OutboxMessage
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.catalogue.tables import CreatorRow, WorkRow
from tests.helpers import PASSWORD, create_creator, create_work

# Sign-up and login are tested in test_identity.py; here accounts are made directly, so that
# each of the many cases below does not pay for several deliberately slow argon2 hashes.
_PASSWORD_HASH = hash_password(PASSWORD)


async def _account(container: Container, role: str = "creator") -> dict[str, str]:
    user_id = new_id()
    await User.insert(
        User(
            id=user_id,
            email=f"{user_id}@example.test",
            password_hash=_PASSWORD_HASH,
            display_name=role,
            role=role,
            created_at=datetime.now(UTC),
        )
    )
    issued = await container.identity.issue_token(user_id, "api")
    return {"Authorization": f"Bearer {issued.token}"}


ONE_MIB = 1_048_576
VALID_ISBN = "9780306406157"
BAD_CHECK_ISBN = "9780306406158"


@dataclass
class World:
    """Two creators, each with a profile and works; ids are filled in by the fixture."""

    owner: dict[str, str]
    other: dict[str, str]
    ids: dict[str, str] = field(default_factory=dict)


@pytest.fixture
async def world(client: AsyncTestClient, container: Container) -> World:
    owner = await _account(container)
    other = await _account(container)
    mine = await create_creator(client, owner)
    theirs = await create_creator(client, other, name="Kolektif Lòt Bò")
    draft = await create_work(client, owner, mine["id"])
    their_draft = await create_work(client, other, theirs["id"])
    their_private = await create_work(client, other, theirs["id"], visibility="private")
    their_published = await create_work(client, other, theirs["id"])
    for work in (their_private, their_published):
        published = await client.post(f"/api/works/{work['id']}/publish", headers=other)
        assert published.status_code == 200, published.text
    return World(
        owner=owner,
        other=other,
        ids={
            "creator": mine["id"],
            "their_creator": theirs["id"],
            "work": draft["id"],
            "their_draft": their_draft["id"],
            "their_private": their_private["id"],
            "their_published": their_published["id"],
        },
    )


async def _counts() -> dict[str, int]:
    return {
        table.__name__: await table.count()
        for table in (WorkRow, CreatorRow, OutboxMessage, User, AccessToken)
    }


def assert_error(response: Any, status: int | None = None, code: str | None = None) -> dict:
    """The one error shape: a 4xx JSON body whose request id is the response header's."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    if status is not None:
        assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message", "request_id"} <= set(error), error
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    assert error["request_id"] == response.headers["x-request-id"]
    if code is not None:
        assert error["code"] == code, error
    return dict(error)


def _work(**extra: Any) -> dict[str, Any]:
    return {"creator_id": "{creator}", "titles": {"fr": "Tanbou"}, "discipline": "music", **extra}


def _creator(**extra: Any) -> dict[str, Any]:
    return {"kind": "person", "name": "Misyé Bèlè", **extra}


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids) if "{" in value and "}" in value else value
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    return value


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: Any = None  # JSON-encodable, with "{name}" placeholders filled from World.ids
    raw: bytes | None = None  # sent as is, with Content-Type: application/json
    auth: str | None = "owner"
    status: int | None = None
    code: str | None = None


WRITES: dict[str, Call] = {
    # Malformed bodies.
    "truncated json": Call("POST", "/api/works", raw=b'{"creator_id": "'),
    "not json": Call("POST", "/api/works", raw=b"titles=Tanbou"),
    "empty body": Call("POST", "/api/works", raw=b""),
    "json array": Call("POST", "/api/works", raw=b"[]"),
    "json null": Call("POST", "/api/works", raw=b"null"),
    "json string": Call("POST", "/api/works", raw=b'"work"'),
    "trailing garbage": Call("POST", "/api/creators", raw=b'{"kind": "person"}}'),
    "invalid utf-8": Call("POST", "/api/creators", raw=b'{"kind": "person", "name": "\xff\xfe"}'),
    "lone surrogate": Call("POST", "/api/creators", raw=b'{"kind":"person","name":"\\ud800"}'),
    "deep nesting": Call("POST", "/api/works", raw=b"[" * 10_000 + b"]" * 10_000),
    "nested titles": Call("POST", "/api/works", body=_work(titles={"fr": {"fr": "x"}})),
    # Wrong types.
    "titles as string": Call("POST", "/api/works", body=_work(titles="Tanbou"), status=400),
    "year as word": Call("POST", "/api/works", body=_work(year="twenty"), status=400),
    "year as bool": Call("POST", "/api/works", body=_work(year=True), status=400),
    "year as float": Call("POST", "/api/works", body=_work(year=2020.5), status=400),
    "discipline as int": Call("POST", "/api/works", body=_work(discipline=5), status=400),
    "creator_id not uuid": Call("POST", "/api/works", body=_work(creator_id="abc"), status=400),
    "credits as dict": Call("POST", "/api/works", body=_work(credits={"a": 1}), status=400),
    "links as string": Call("POST", "/api/creators", body=_creator(links="http://a.b")),
    "name as null": Call("POST", "/api/creators", body=_creator(name=None), status=400),
    "kind unknown": Call("POST", "/api/creators", body=_creator(kind="robot"), status=400),
    "email as number": Call(
        "POST", "/api/auth/signup", body={"email": 5, "password": "x" * 12}, auth=None
    ),
    # Unknown and missing fields.
    "unknown work field": Call("POST", "/api/works", body=_work(colour="red"), status=400),
    "unknown creator field": Call("POST", "/api/creators", body=_creator(is_staff=True)),
    "unknown credit field": Call(
        "POST",
        "/api/works",
        body=_work(credits=[{"name": "A", "role": "composer", "share": 50}]),
        status=400,
    ),
    "unknown signup field": Call(
        "POST",
        "/api/auth/signup",
        body={"email": "a@example.test", "password": "x" * 12, "is_staff": True},
        auth=None,
        status=400,
    ),
    "missing titles": Call(
        "POST", "/api/works", body={"creator_id": "{creator}", "discipline": "music"}, status=400
    ),
    "missing creator_id": Call(
        "POST", "/api/works", body={"titles": {"fr": "T"}, "discipline": "music"}, status=400
    ),
    "missing password": Call(
        "POST", "/api/auth/login", body={"email": "a@example.test"}, auth=None, status=400
    ),
    "empty titles": Call("POST", "/api/works", body=_work(titles={}), code="missing_title"),
    "blank titles": Call("POST", "/api/works", body=_work(titles={"fr": "  "}), status=422),
    # Oversize.
    "oversize work": Call(
        "POST",
        "/api/works",
        raw=b'{"titles": {"fr": "' + b"a" * (ONE_MIB + 10) + b'"}}',
        status=413,
    ),
    "oversize signup": Call(
        "POST",
        "/api/auth/signup",
        raw=b'{"email": "' + b"a" * (2 * ONE_MIB) + b'"}',
        auth=None,
        status=413,
    ),
    "title too long": Call("POST", "/api/works", body=_work(titles={"fr": "a" * 301}), status=422),
    "too many credits": Call(
        "POST",
        "/api/works",
        body=_work(credits=[{"name": "A", "role": "composer"}] * 201),
        status=400,
    ),
    "password too long": Call(
        "POST",
        "/api/auth/signup",
        body={"email": "long@example.test", "password": "p" * 2000},
        auth=None,
        status=400,
    ),
    # Invalid identifiers and values.
    "isrc XX": Call(
        "POST", "/api/works", body=_work(identifiers={"isrc": "XX"}), code="invalid_identifier"
    ),
    "isbn bad check digit": Call(
        "POST",
        "/api/works",
        body=_work(identifiers={"isbn": BAD_CHECK_ISBN}),
        status=422,
        code="invalid_identifier",
    ),
    "unknown identifier kind": Call(
        "POST", "/api/works", body=_work(identifiers={"doi": "10.1000/x"}), status=422
    ),
    "person identifier on work": Call(
        "POST", "/api/works", body=_work(identifiers={"isni": "0000000121032683"}), status=422
    ),
    "credit isni bad": Call(
        "POST",
        "/api/works",
        body=_work(credits=[{"name": "A", "role": "composer", "isni": "123"}]),
        code="invalid_identifier",
    ),
    "unknown discipline": Call("POST", "/api/works", body=_work(discipline="juggling"), status=400),
    "unknown credit role": Call(
        "POST", "/api/works", body=_work(credits=[{"name": "A", "role": "boss"}]), status=400
    ),
    "unsupported language": Call(
        "POST", "/api/works", body=_work(languages=["xx"]), code="unsupported_language"
    ),
    "unsupported title language": Call(
        "POST", "/api/works", body=_work(titles={"klingon": "Qapla'"}), status=422
    ),
    "unsupported bio language": Call(
        "POST", "/api/creators", body=_creator(bios={"fr-CA": "Allo"}), status=422
    ),
    "javascript link": Call(
        "POST", "/api/creators", body=_creator(links=["javascript:alert(1)"]), code="invalid_link"
    ),
    "data link": Call(
        "POST", "/api/creators", body=_creator(links=["data:text/html,<b>x</b>"]), status=422
    ),
    "year 99999": Call("POST", "/api/works", body=_work(year=99999), status=400),
    "year next century": Call("POST", "/api/works", body=_work(year=2999), code="invalid_year"),
    "year 0": Call("POST", "/api/works", body=_work(year=0), code="invalid_year"),
    "negative duration": Call(
        "POST", "/api/works", body=_work(duration_s=-5), code="invalid_duration"
    ),
    "huge duration": Call("POST", "/api/works", body=_work(duration_s=2**40), status=400),
    "visibility unknown": Call("POST", "/api/works", body=_work(visibility="secret")),
    "blank creator name": Call("POST", "/api/creators", body=_creator(name="  "), status=422),
    "NUL in title": Call("POST", "/api/works", body=_work(titles={"fr": "a\x00b"})),
    "NUL in link": Call("POST", "/api/creators", body=_creator(links=["https://a.b/\x00"])),
    "NUL in creator name": Call("POST", "/api/creators", body=_creator(name="a\x00b")),
    "NUL in commune": Call("POST", "/api/creators", body=_creator(commune="Le\x00Lorrain")),
    "NUL in credit name": Call(
        "POST", "/api/works", body=_work(credits=[{"name": "a\x00b", "role": "composer"}])
    ),
    "NUL in signup email": Call(
        "POST",
        "/api/auth/signup",
        body={"email": "a\x00b@example.test", "password": "x" * 12},
        auth=None,
    ),
    "NUL in display name": Call(
        "POST",
        "/api/auth/signup",
        body={"email": "nul@example.test", "password": "x" * 12, "display_name": "a\x00b"},
        auth=None,
    ),
    "NUL in login email": Call(
        "POST",
        "/api/auth/login",
        body={"email": "a\x00b@example.test", "password": "x" * 12},
        auth=None,
    ),
    # Who may do what.
    "anonymous create": Call("POST", "/api/works", body=_work(), auth=None, status=401),
    "someone else's creator": Call(
        "POST", "/api/works", body=_work(creator_id="{their_creator}"), status=404
    ),
    "unknown creator": Call(
        "POST",
        "/api/works",
        body=_work(creator_id="00000000-0000-4000-8000-000000000000"),
        status=404,
    ),
    "audience creates creator": Call(
        "POST", "/api/creators", body=_creator(), auth="audience", status=403, code="not_a_creator"
    ),
    # Updates.
    "empty patch": Call("PATCH", "/api/works/{work}", body={}, status=422, code="empty_update"),
    "patch unknown field": Call(
        "PATCH", "/api/works/{work}", body={"status": "published"}, status=400
    ),
    "patch owner": Call("PATCH", "/api/works/{work}", body={"owner_id": "{creator}"}, status=400),
    "patch bad year": Call("PATCH", "/api/works/{work}", body={"year": 99999}, status=400),
    "patch bad isbn": Call(
        "PATCH", "/api/works/{work}", body={"identifiers": {"isbn": BAD_CHECK_ISBN}}, status=422
    ),
    "patch malformed": Call("PATCH", "/api/works/{work}", raw=b"{'year': 2001}", status=400),
    "patch creator malformed": Call(
        "PATCH", "/api/creators/{creator}", raw=b'{"kind": person}', status=400
    ),
    "patch creator javascript": Call(
        "PATCH",
        "/api/creators/{creator}",
        body=_creator(links=["JavaScript:alert(1)"]),
        code="invalid_link",
    ),
    "patch their creator": Call(
        "PATCH", "/api/creators/{their_creator}", body=_creator(), status=403, code="not_owner"
    ),
    "withdraw a draft": Call("POST", "/api/works/{work}/withdraw", status=409),
    "withdraw unknown field": Call(
        "POST", "/api/works/{work}/withdraw", body={"why": "x"}, status=400
    ),
    "publish invalid uuid": Call("POST", "/api/works/not-a-uuid/publish", status=404),
    "patch invalid uuid": Call("PATCH", "/api/works/1234", body={"year": 2001}, status=404),
    "publish unknown work": Call(
        "POST", "/api/works/00000000-0000-4000-8000-000000000000/publish", status=404
    ),
    # Other people's works: private things do not exist, public ones are not yours.
    "patch their draft": Call(
        "PATCH", "/api/works/{their_draft}", body={"year": 2001}, status=404, code="not_found"
    ),
    "publish their draft": Call("POST", "/api/works/{their_draft}/publish", status=404),
    "withdraw their draft": Call("POST", "/api/works/{their_draft}/withdraw", status=404),
    "patch their private": Call(
        "PATCH", "/api/works/{their_private}", body={"year": 2001}, status=404
    ),
    "publish their private": Call("POST", "/api/works/{their_private}/publish", status=404),
    "withdraw their private": Call("POST", "/api/works/{their_private}/withdraw", status=404),
    "patch their published": Call(
        "PATCH",
        "/api/works/{their_published}",
        body={"year": 2001},
        status=403,
        code="not_owner",
    ),
    "publish their published": Call(
        "POST", "/api/works/{their_published}/publish", status=403, code="not_owner"
    ),
    "withdraw their published": Call(
        "POST", "/api/works/{their_published}/withdraw", status=403, code="not_owner"
    ),
    # Method and media type.
    "delete a work": Call("DELETE", "/api/works/{work}", status=405),
    "put a work": Call("PUT", "/api/works/{work}", body=_work(), status=405),
}

READS: dict[str, Call] = {
    "page size 0": Call("GET", "/api/works?limit=0", status=400),
    "page size 1000000": Call("GET", "/api/works?limit=1000000", status=400),
    "page size negative": Call("GET", "/api/works?limit=-1", status=400),
    "page size text": Call("GET", "/api/works?limit=ten", status=400),
    "page size huge int": Call("GET", "/api/works?limit=" + "9" * 400, status=400),
    "creators page size 0": Call("GET", "/api/creators?limit=0", status=400),
    "activity page size": Call("GET", "/api/activity?limit=1000000", status=400),
    "garbage cursor": Call("GET", "/api/works?cursor=!!!not-base64!!!", code="invalid_cursor"),
    "short cursor": Call("GET", "/api/works?cursor=AAAA", code="invalid_cursor"),
    "long cursor": Call("GET", "/api/works?cursor=" + "A" * 200, status=400),
    "creators cursor": Call("GET", "/api/creators?cursor=%%%", status=422),
    "activity cursor": Call("GET", "/api/activity?cursor=zz", code="invalid_cursor"),
    "unknown status": Call("GET", "/api/works?status=banana", status=422, code="invalid_filter"),
    "unknown discipline": Call("GET", "/api/works?discipline=juggling", status=400),
    "creator_id not uuid": Call("GET", "/api/works?creator_id=abc", status=400),
    "owner_id not uuid": Call("GET", "/api/creators?owner_id=%00", status=400),
    "activity work_id": Call("GET", "/api/activity?work_id=xyz", status=400),
    "huge status": Call("GET", "/api/works?status=" + "x" * 30_000, status=400),
    "huge cursor": Call("GET", "/api/works?cursor=" + "x" * 30_000, status=400),
    "huge discipline": Call("GET", "/api/works?discipline=" + "x" * 30_000, status=400),
    "many limits": Call("GET", "/api/works?" + "&".join(["limit=0"] * 5_000), status=400),
    "work invalid uuid": Call("GET", "/api/works/not-a-uuid", status=404),
    "work uuid with junk": Call("GET", "/api/works/{work}x", status=404),
    "creator invalid uuid": Call("GET", "/api/creators/123", status=404),
    "unknown work": Call("GET", "/api/works/00000000-0000-4000-8000-000000000000", status=404),
    "unknown route": Call("GET", "/api/nothing-here", status=404),
    "their draft": Call("GET", "/api/works/{their_draft}", status=404, code="not_found"),
    "their private": Call("GET", "/api/works/{their_private}", status=404),
    "their draft anonymous": Call("GET", "/api/works/{their_draft}", auth=None, status=404),
    "their private anonymous": Call("GET", "/api/works/{their_private}", auth=None, status=404),
    "activity anonymous": Call("GET", "/api/activity", auth=None, status=401),
    "bad token": Call("GET", "/api/works", auth="bad token", status=401, code="invalid_token"),
}


async def _send(client: AsyncTestClient, container: Container, world: World, call: Call):
    headers: dict[str, str] = {}
    if call.auth == "owner":
        headers.update(world.owner)
    elif call.auth == "audience":
        headers.update(await _account(container, role="audience"))
    elif call.auth == "bad token":
        headers["Authorization"] = "Bearer lk_forged"
    content: bytes | None = call.raw
    if content is None and call.body is not None:
        content = json.dumps(_fill(call.body, world.ids)).encode()
    if content is not None:
        headers["Content-Type"] = "application/json"
    return await client.request(
        call.method, _fill(call.path, world.ids), content=content, headers=headers
    )


async def _snapshot(client: AsyncTestClient, world: World) -> list[Any]:
    """What the owners see of every object: a rejected update must leave it untouched."""
    seen = []
    for key in ("work",):
        seen.append((await client.get(f"/api/works/{world.ids[key]}", headers=world.owner)).json())
    for key in ("their_draft", "their_private", "their_published"):
        seen.append((await client.get(f"/api/works/{world.ids[key]}", headers=world.other)).json())
    for key in ("creator", "their_creator"):
        seen.append((await client.get(f"/api/creators/{world.ids[key]}")).json())
    return seen


@pytest.mark.parametrize("name", list(WRITES))
async def test_rejected_write_is_a_4xx_and_changes_nothing(
    client: AsyncTestClient, container: Container, world: World, name: str
) -> None:
    call = WRITES[name]
    before, objects_before = await _counts(), await _snapshot(client, world)

    response = await _send(client, container, world, call)

    assert_error(response, call.status, call.code)
    audience_login = 1 if call.auth == "audience" else 0
    after = await _counts()
    assert after["WorkRow"] == before["WorkRow"]
    assert after["CreatorRow"] == before["CreatorRow"]
    assert after["OutboxMessage"] == before["OutboxMessage"]
    assert after["User"] == before["User"] + audience_login
    assert after["AccessToken"] == before["AccessToken"] + audience_login
    assert await _snapshot(client, world) == objects_before


@pytest.mark.parametrize("name", list(READS))
async def test_rejected_read_is_a_4xx(
    client: AsyncTestClient, container: Container, world: World, name: str
) -> None:
    call = READS[name]
    response = await _send(client, container, world, call)
    assert_error(response, call.status, call.code)


async def test_a_valid_isbn_passes_so_the_check_digit_case_is_meaningful(
    client: AsyncTestClient, world: World
) -> None:
    work = await create_work(
        client, world.owner, world.ids["creator"], identifiers={"isbn": VALID_ISBN}
    )
    assert work["identifiers"] == {"isbn": VALID_ISBN}


async def test_their_published_work_is_readable_but_not_theirs_to_change(
    client: AsyncTestClient, world: World
) -> None:
    response = await client.get(f"/api/works/{world.ids['their_published']}", headers=world.owner)
    assert response.status_code == 200
    listing = await client.get("/api/works", headers=world.owner)
    ids = {item["id"] for item in listing.json()["items"]}
    assert world.ids["their_published"] in ids
    assert world.ids["their_draft"] not in ids
    assert world.ids["their_private"] not in ids
    assert world.ids["work"] in ids  # one's own draft is listed for oneself


async def test_status_filter_does_not_reveal_other_peoples_drafts(
    client: AsyncTestClient, world: World
) -> None:
    for status in ("draft", "processing", "withdrawn"):
        listing = await client.get(f"/api/works?status={status}", headers=world.owner)
        assert listing.status_code == 200
        owners_ids = {item["id"] for item in listing.json()["items"]}
        assert owners_ids <= {world.ids["work"]}, status
    anonymous = await client.get("/api/works?status=draft")
    assert anonymous.json()["items"] == []


async def test_garbage_authorization_schemes_are_anonymous_not_errors(
    client: AsyncTestClient, world: World
) -> None:
    for value in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "lk_token"):
        response = await client.get("/api/works", headers={"Authorization": value})
        assert response.status_code == 200, (value, response.text)
