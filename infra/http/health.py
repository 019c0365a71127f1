"""Liveness and readiness. `/ready` checks every dependency and says which one failed.

The app factory puts the checks in the app state (`readiness`: a name and an awaitable factory
each), so this platform code knows no service.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from litestar import MediaType, Request, Response, get

CHECK_TIMEOUT_S = 3.0

ReadinessChecks = Mapping[str, Callable[[], Awaitable[object]]]


@get("/health", tags=["operations"], media_type=MediaType.JSON, sync_to_thread=False)
def health() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@get("/ready", tags=["operations"], media_type=MediaType.JSON)
async def ready(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    """Database, broker, storage and search reachable: 200, else 503 naming what failed."""
    checks: ReadinessChecks = request.app.state.readiness
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            await asyncio.wait_for(check(), CHECK_TIMEOUT_S)
            results[name] = "ok"
        except Exception as error:  # any failure of a dependency means "not ready"
            results[name] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in results.values())
    return Response(
        {"status": "ready" if healthy else "unavailable", "checks": results},
        status_code=200 if healthy else 503,
    )
