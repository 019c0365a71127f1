"""Liveness and readiness. `/ready` checks every dependency and says which one failed."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import MediaType, Request, Response, get

from infra.db.engine import ping as ping_database

CHECK_TIMEOUT_S = 3.0


async def _ping_broker(redis: Any) -> None:
    if redis is None:
        raise ConnectionError("no broker configured")
    await redis.ping()


@get("/health", tags=["operations"], media_type=MediaType.JSON, sync_to_thread=False)
def health() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@get("/ready", tags=["operations"], media_type=MediaType.JSON)
async def ready(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    """Database, broker, storage and search reachable: 200, else 503 naming what failed."""
    container = request.app.state.container
    checks = {
        "database": ping_database(container.engine),
        "broker": _ping_broker(container.redis),
        "storage": asyncio.to_thread(container.storage.ping),
        "search": container.search.ping(),
    }
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            await asyncio.wait_for(check, CHECK_TIMEOUT_S)
            results[name] = "ok"
        except Exception as error:  # any failure of a dependency means "not ready"
            results[name] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in results.values())
    return Response(
        {"status": "ready" if healthy else "unavailable", "checks": results},
        status_code=200 if healthy else 503,
    )
