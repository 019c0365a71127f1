"""Operations: health and readiness, metrics, request ids, security headers, local API docs,
and pages that escape what creators type."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from media.storage.local import LocalFolderStorage
from tests.helpers import create_creator, create_work, sign_up_and_log_in
from tests.shared_apps import client_of

CHECKS = {"database", "broker", "storage", "search"}


async def test_health_answers_ok(client: AsyncTestClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_when_every_dependency_answers(client: AsyncTestClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"] == dict.fromkeys(CHECKS, "ok")


async def test_not_ready_names_unusable_storage(
    client: AsyncTestClient, container: Container, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "storage-root-is-a-file"
    not_a_folder.write_text("oops")
    container.storage = LocalFolderStorage(not_a_folder)

    response = await client.get("/ready")
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["storage"].startswith("error")
    assert {name for name, state in body["checks"].items() if state != "ok"} == {"storage"}


@pytest.fixture
async def client_without_broker(settings: Settings) -> AsyncIterator[AsyncTestClient]:

    # Port 1 on the loopback: nothing listens there, the connection is refused at once.
    unreachable = build_container(settings, "redis://127.0.0.1:1/0")
    async with client_of(unreachable) as test_client:
        yield test_client


async def test_not_ready_names_an_unreachable_broker(
    client_without_broker: AsyncTestClient,
) -> None:
    response = await client_without_broker.get("/ready")
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"].startswith("error")
    assert {name for name, state in body["checks"].items() if state != "ok"} == {"broker"}


def _request_count(metrics: str, path: str, status: int) -> float:
    """The GET counter of one path and status; the registry lives as long as the process."""
    wanted = {"app_name": "lakou", "method": "GET", "path": path, "status_code": str(status)}
    for line in metrics.splitlines():
        found = re.fullmatch(r"litestar_requests_total\{([^}]*)\} (\S+)", line)
        if found and dict(re.findall(r'(\w+)="([^"]*)"', found.group(1))) == wanted:
            return float(found.group(2))
    return 0.0


async def test_metrics_count_requests_in_prometheus_text(client: AsyncTestClient) -> None:
    before = (await client.get("/metrics")).text
    for _ in range(3):
        assert (await client.get("/health")).status_code == 200
    assert (await client.get("/api/works?limit=0")).status_code == 400

    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert "# TYPE litestar_requests_total counter" in text
    assert _request_count(text, "/health", 200) - _request_count(before, "/health", 200) == 3
    assert _request_count(text, "/api/works", 400) - _request_count(before, "/api/works", 400) == 1
    assert "litestar_request_duration_seconds_bucket" in text


SANE_IDS = ["proxy-id-1234", "0f8e2c1a-4d6b-4c1e-9a3f-1b2c3d4e5f60", "a" * 64]
BAD_IDS = ["has spaces in it", "a" * 65, "short", "<script>x</script>", "id;rm -rf /", "ïd-ünicode"]


@pytest.mark.parametrize("incoming", SANE_IDS)
async def test_a_sane_request_id_is_echoed(client: AsyncTestClient, incoming: str) -> None:
    response = await client.get("/health", headers={"X-Request-ID": incoming})
    assert response.headers["x-request-id"] == incoming


@pytest.mark.parametrize("incoming", BAD_IDS)
async def test_a_malicious_request_id_is_replaced(client: AsyncTestClient, incoming: str) -> None:
    response = await client.get("/api/works?limit=0", headers={"X-Request-ID": incoming.encode()})
    assert response.status_code == 400
    replaced = response.headers["x-request-id"]
    assert replaced != incoming
    assert re.fullmatch(r"[A-Za-z0-9._-]{8,64}", replaced)
    assert response.json()["error"]["request_id"] == replaced


async def test_request_id_with_a_newline_cannot_split_headers(client: AsyncTestClient) -> None:
    """httpx refuses to send such a header, so speak ASGI to the app directly."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    evil = b"innocent-id\r\nSet-Cookie: lakou_session=stolen"
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/health",
        "raw_path": b"/health",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver.local"), (b"x-request-id", evil)],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver.local", 80),
    }
    await client.app(scope, receive, send)  # type: ignore[arg-type]

    start = next(message for message in sent if message["type"] == "http.response.start")
    assert start["status"] == 200
    headers = dict(start["headers"])
    request_id = headers[b"x-request-id"]
    assert re.fullmatch(rb"[A-Za-z0-9._-]{8,64}", request_id)
    assert all(b"\n" not in value and b"\r" not in value for _, value in start["headers"])
    assert b"set-cookie" not in headers


SECURED_PATHS = ["/", "/connexion", "/api/works", "/health", "/api/nothing-here", "/no/such/page"]


@pytest.mark.parametrize("path", SECURED_PATHS)
async def test_security_headers_on_every_answer(client: AsyncTestClient, path: str) -> None:
    response = await client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-request-id"]


async def test_unknown_route_and_method_answer_the_json_error_shape(
    client: AsyncTestClient,
) -> None:
    for response in (
        await client.get("/api/nothing-here"),
        await client.delete("/api/works"),
    ):
        assert response.status_code in (404, 405)
        error = response.json()["error"]
        assert error["request_id"] == response.headers["x-request-id"]
        assert error["code"] in ("not_found", "method_not_allowed")


_URL_ATTRIBUTE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)


async def test_api_docs_load_nothing_from_a_cdn(client: AsyncTestClient) -> None:
    response = await client.get("/api/docs")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    urls = _URL_ATTRIBUTE.findall(page)
    assert "/static/swagger/swagger-ui-bundle.js" in urls
    assert "/static/swagger/swagger-ui.css" in urls
    assert all(url.startswith("/static/") for url in urls), urls
    head = page.split("<body", 1)[0]
    assert not re.search(r"https?:|//", head), head
    assert not re.search(r"unpkg|jsdelivr|cdnjs|googleapis|cloudflare", page)

    bundle = await client.get("/static/swagger/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert "javascript" in bundle.headers["content-type"]
    assert len(bundle.content) > 100_000
    css = await client.get("/static/swagger/swagger-ui.css")
    assert css.status_code == 200


async def test_openapi_description_lists_the_api(client: AsyncTestClient) -> None:
    response = await client.get("/api/docs/openapi.json")
    assert response.status_code == 200, response.text
    schema = response.json()
    assert schema["info"]["title"] == "Lakou API"
    paths = schema["paths"]
    assert "/api/works" in paths
    assert "/api/works/{work_id}" in paths
    assert "/api/auth/login" in paths
    assert "/api/creators" in paths
    # Pages are not part of the API description, nor the scraper's text (/metrics).
    assert "/connexion" not in paths
    assert "/metrics" not in paths
    # Errors are declared with the envelope they leave in (infra/http/openapi_errors.py).
    work = paths["/api/works/{work_id}"]["patch"]["responses"]
    assert {"400", "401", "403", "404", "409", "422"} <= set(work)
    envelope = {"$ref": "#/components/schemas/ErrorEnvelope"}
    assert work["404"]["content"]["application/json"]["schema"] == envelope
    body = schema["components"]["schemas"]["ErrorBody"]
    assert set(body["required"]) == {"code", "message", "request_id"}
    # A CSV export is declared as what it is.
    audit = paths["/api/staff/audit.csv"]["get"]["responses"]["200"]
    assert list(audit["content"]) == ["text/csv"]


XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_DESCRIPTION = "<script>alert(1)</script>"
XSS_NAME = '"><svg onload=alert(2)>'


async def test_work_page_escapes_what_creators_type(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers, name=XSS_NAME)
    work = await create_work(
        client,
        headers,
        creator["id"],
        titles={"fr": XSS_TITLE, "gcf-MQ": XSS_TITLE + " kréyòl"},
        descriptions={"fr": XSS_DESCRIPTION},
        credits=[{"name": XSS_DESCRIPTION, "role": "composer"}],
    )
    published = await client.post(f"/api/works/{work['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text

    # The API returns the text as typed: escaping is the page's job, not a storage rewrite.
    assert published.json()["titles"]["fr"] == XSS_TITLE

    for path in (f"/oeuvres/{work['id']}", "/"):
        page = await client.get(path)
        assert page.status_code == 200, page.text
        body = page.text
        assert XSS_TITLE not in body
        assert html.escape(XSS_TITLE, quote=False) in body or html.escape(XSS_TITLE) in body
        assert "<script>alert" not in body
        assert "<svg" not in body

    work_page = (await client.get(f"/oeuvres/{work['id']}")).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in work_page
    assert "&lt;svg onload=alert(2)&gt;" in work_page


async def test_unpublished_work_page_is_not_found(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"], titles={"fr": "Brouillon secret"})
    page = await client.get(f"/oeuvres/{work['id']}")
    assert page.status_code == 404
    assert "Brouillon secret" not in page.text
