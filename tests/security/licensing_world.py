"""The authorisation matrix's licensing: an exclusive SVOD mandate for North America on the
owner's published work, signed by the first holder of its split sheet."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar.testing import AsyncTestClient

MANDATE = {
    "medium": "svod",
    "territory": "north_america",
    "starts_on": "2030-01-01",
    "ends_on": "2031-12-31",
    "exclusive": True,
}


async def _ok(
    client: AsyncTestClient, method: str, url: str, headers: Mapping[str, str], **extra: Any
) -> Any:
    response = await client.request(method, url, headers=dict(headers), **extra)
    assert response.is_success, f"{method} {url}: {response.status_code} {response.text}"
    return response.json()


async def mandate_on(client: AsyncTestClient, owner: Mapping[str, str], work_id: str) -> str:
    """A new mandate on the owner's work (signed by its sheet's first holder): its id."""
    sheet = await _ok(client, "GET", f"/api/works/{work_id}/splits", owner)
    body = {**MANDATE, "signatory_id": sheet["holders"][0]["holder_id"]}
    made = await _ok(client, "POST", f"/api/licensing/works/{work_id}/mandates", owner, json=body)
    return str(made["id"])


async def matrix_licensing(
    client: AsyncTestClient, owner: Mapping[str, str], work_id: str
) -> dict[str, str]:
    return {"mandate_id": await mandate_on(client, owner, work_id)}
