"""One HTTP attempt at a partner's URL, through the pinned transport (`ssrf.py`).

The whole attempt has a deadline (a receiver that trickles its answer slowly forever would
never trip a read timeout), no redirect is followed, and at most `MAX_RESPONSE_CHARS` of the
answer are read and kept.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from marketplace.webhooks.domain import MAX_RESPONSE_CHARS, truncated
from marketplace.webhooks.ssrf import (
    ForbiddenTarget,
    PinnedTransport,
    Resolver,
    SystemResolver,
    pinned_address,
)


@dataclass(frozen=True)
class Answer:
    status: int | None
    response: str
    error: str
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return not self.error and self.status is not None and 200 <= self.status < 300


class WebhookSender:
    def __init__(
        self,
        *,
        deadline_s: float = 15.0,
        allow_loopback: bool = False,
        resolver: Resolver | None = None,
    ) -> None:
        self.deadline_s = deadline_s
        self._resolver = resolver or SystemResolver()
        self._allow_loopback = allow_loopback
        self._clients: dict[asyncio.AbstractEventLoop, httpx.AsyncClient] = {}

    def _http(self) -> httpx.AsyncClient:
        # One pool per event loop: a worker's actors and the relay's jobs run in their own
        # loops, and a connection belongs to the loop that opened it.
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            for gone in [other for other in self._clients if other.is_closed()]:
                del self._clients[gone]
            client = self._clients[loop] = httpx.AsyncClient(
                transport=PinnedTransport(self._resolver, allow_loopback=self._allow_loopback),
                follow_redirects=False,
                timeout=httpx.Timeout(self.deadline_s, connect=min(5.0, self.deadline_s)),
                headers={"user-agent": "Lakou-Webhooks/1"},
            )
        return client

    async def check_target(self, host: str, port: int) -> None:
        """Raises ForbiddenTarget when the name leads where Lakou does not send."""
        await pinned_address(self._resolver, host, port, self._allow_loopback)

    async def post(self, url: str, headers: dict[str, str], body: str) -> Answer:
        started = time.monotonic()
        status: int | None = None
        kept = ""
        error = ""
        try:
            async with asyncio.timeout(self.deadline_s):
                async with self._http().stream(
                    "POST", url, content=body.encode(), headers=headers
                ) as response:
                    status = response.status_code
                    read = bytearray()
                    async for chunk in response.aiter_bytes():
                        read += chunk
                        if len(read) > MAX_RESPONSE_CHARS * 4:
                            break
                    kept = truncated(read.decode("utf-8", "replace"))
        except ForbiddenTarget as refused:
            error = f"forbidden target: {refused}"
        except TimeoutError:
            error = f"no complete answer within {self.deadline_s:g} s"
        except httpx.HTTPError as failed:
            error = f"{type(failed).__name__}: {failed}"[:300]
        if status is not None and 300 <= status < 400:
            error = "redirects are not followed"
        return Answer(status, kept, error, int((time.monotonic() - started) * 1000))

    async def aclose(self) -> None:
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()
