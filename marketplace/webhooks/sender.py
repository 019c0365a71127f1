"""One HTTP attempt at a partner's URL, through the pinned transport (`ssrf.py`).

The whole attempt has a deadline (a receiver that trickles its answer slowly forever would
never trip a read timeout), no redirect is followed, and at most `MAX_RESPONSE_CHARS` of the
answer are read and kept.

At most `PER_ENDPOINT` requests are in flight to one endpoint (scheme, host and port) from an
event loop: a burst of events (a batch of the fan-out, the job's claimed deliveries) goes over
a few kept-alive connections instead of opening one each, which a receiver's accept queue may
refuse (the test receiver's holds five). The wait for a turn counts in the attempt's deadline,
so an attempt never outlives the lease of its delivery.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from marketplace.webhooks.domain import MAX_RESPONSE_CHARS, truncated
from marketplace.webhooks.ssrf import (
    ForbiddenTarget,
    PinnedTransport,
    Resolver,
    SystemResolver,
    pinned_address,
)

# Requests in flight to one endpoint at once (see the module's docstring).
PER_ENDPOINT = 4


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
        self._turns: dict[tuple[asyncio.AbstractEventLoop, str], asyncio.Semaphore] = {}

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

    def _turn(self, url: str) -> asyncio.Semaphore:
        parts = urlsplit(url)
        key = (asyncio.get_running_loop(), f"{parts.scheme}://{parts.netloc}")
        turn = self._turns.get(key)
        if turn is None:
            for gone in [other for other in self._turns if other[0].is_closed()]:
                del self._turns[gone]
            turn = self._turns[key] = asyncio.Semaphore(PER_ENDPOINT)
        return turn

    async def check_target(self, host: str, port: int) -> None:
        """Raises ForbiddenTarget when the name leads where Lakou does not send."""
        await pinned_address(self._resolver, host, port, self._allow_loopback)

    async def post(self, url: str, headers: dict[str, str], body: str) -> Answer:
        started = time.monotonic()
        status: int | None = None
        kept = ""
        error = ""
        turn = self._turn(url)
        sending = False
        try:
            async with asyncio.timeout(self.deadline_s), turn:
                sending = True
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
            error = (
                f"no complete answer within {self.deadline_s:g} s"
                if sending
                else f"not sent: {PER_ENDPOINT} requests to this endpoint took the whole "
                f"{self.deadline_s:g} s"
            )
        except httpx.HTTPError as failed:
            error = f"{type(failed).__name__}: {failed}"[:300]
        if status is not None and 300 <= status < 400:
            error = "redirects are not followed"
        return Answer(status, kept, error, int((time.monotonic() - started) * 1000))

    async def aclose(self) -> None:
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()
