"""The load scenario (locust): listeners browse, search, play previews, buy with the test
payment and stream what they bought; one creator uploads a small generated file a minute.

Run by `bench/load_bench.py`, which seeds the catalogue and passes it in `LAKOU_LOAD_CATALOGUE`
(a JSON file: the buyers' e-mails and password, the works). Every request's time is kept by
kind (`read`: pages and API reads; `write`; `media`: playlists and segments) and written to
`LAKOU_LOAD_REPORT` when locust quits.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from locust import FastHttpUser, between, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_figures import hls_url, kind_of, playlist_uris

CATALOGUE: dict[str, Any] = (
    json.loads(Path(os.environ["LAKOU_LOAD_CATALOGUE"]).read_text())
    if os.environ.get("LAKOU_LOAD_CATALOGUE")
    else {"buyers": [], "password": "", "works": [], "clip": "", "seller": ""}
)
_buyers = itertools.count()
# (when it ended, seconds since the epoch; how long it took, ms) by kind of request.
TIMES: dict[str, list[tuple[float, float]]] = {"read": [], "write": [], "media": []}
FAILURES: list[str] = []


@events.request.add_listener
def _timed(request_type: str, name: str, response_time: float, exception: Any, **_: Any) -> None:
    TIMES[kind_of(request_type, name)].append((time.time(), response_time))
    if exception is not None:
        FAILURES.append(f"{request_type} {name}: {exception}"[:300])


@events.quitting.add_listener
def _report(**_: Any) -> None:
    path = os.environ.get("LAKOU_LOAD_REPORT")
    if path:
        Path(path).write_text(json.dumps({"times": TIMES, "failures": FAILURES}))


class Listener(FastHttpUser):
    """Someone from the audience: mostly reads, sometimes buys, then listens to what they own."""

    wait_time = between(1, 4)

    def on_start(self) -> None:
        email = CATALOGUE["buyers"][next(_buyers) % len(CATALOGUE["buyers"])]
        answer = self.client.post(
            "/api/auth/login", json={"email": email, "password": CATALOGUE["password"]}
        )
        self.auth = {"Authorization": f"Bearer {answer.json()['token']}"}
        self.owned: set[str] = set()

    def _work(self, plays: bool = False) -> dict[str, Any]:
        works = [work for work in CATALOGUE["works"] if work["plays"] or not plays]
        return random.choice(works or CATALOGUE["works"])

    @task(4)
    def browse(self) -> None:
        work = self._work()
        self.client.get("/", name="/")
        self.client.get(f"/oeuvres/{work['work_id']}", name="/oeuvres/[id]")
        self.client.get(f"/createurs/{work['creator_id']}", name="/createurs/[id]")
        self.client.get(f"/api/works/{work['work_id']}", name="/api/works/[id]")

    @task(3)
    def search(self) -> None:
        word = random.choice(CATALOGUE["words"])
        self.client.get(f"/api/search?q={word}", name="/api/search")
        self.client.get(f"/recherche?q={word}", name="/recherche")

    @task(3)
    def preview(self) -> None:
        work = self._work(plays=True)
        playback = self.client.get(
            f"/api/works/{work['work_id']}/playback", name="/api/works/[id]/playback"
        ).json()
        self._play(hls_url(playback.get("preview") or {}))

    @task(2)
    def stream_bought(self) -> None:
        owned = [w for w in CATALOGUE["works"] if w["work_id"] in self.owned and w["plays"]]
        if not owned:
            return
        work = random.choice(owned)
        playback = self.client.get(
            f"/api/works/{work['work_id']}/playback",
            name="/api/works/[id]/playback",
            headers=self.auth,
        ).json()
        self._play(hls_url(playback.get("full") or {}))
        self.client.get("/api/library", name="/api/library", headers=self.auth)

    @task(1)
    def buy(self) -> None:
        on_sale = [
            work
            for work in CATALOGUE["works"]
            if work["offer_id"] and work["work_id"] not in self.owned
        ]
        if not on_sale:
            return
        # Works that play first, so that listeners have something of their own to stream.
        work = random.choice([w for w in on_sale if w["plays"]] or on_sale)
        self.client.post("/api/cart/items", json={"offer_id": work["offer_id"]}, headers=self.auth)
        order = self.client.post("/api/checkout", json={"country": "MQ"}, headers=self.auth).json()
        self.client.post(
            f"/api/orders/{order['id']}/test-payment",
            json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
            name="/api/orders/[id]/test-payment",
            headers=self.auth,
        )
        self.owned.add(work["work_id"])

    def _play(self, url: str | None) -> None:
        """The player's first requests: the playlist, a variant's playlist, its first segment."""
        for _ in range(3):
            if url is None:
                return
            answer = self.client.get(url, name="/media/[playlist or segment]")
            if not url.split("?")[0].endswith(".m3u8"):
                return
            uris = playlist_uris(answer.text)
            url = urljoin(url, uris[0]) if uris else None


class Creator(FastHttpUser):
    """One creator adds a work and uploads a small file once a minute."""

    fixed_count = 1
    wait_time = constant(60)

    def on_start(self) -> None:
        answer = self.client.post(
            "/api/auth/login",
            json={"email": CATALOGUE["seller"], "password": CATALOGUE["password"]},
        )
        self.auth = {"Authorization": f"Bearer {answer.json()['token']}"}
        self.creator_id = self.client.post(
            "/api/creators", json={"kind": "person", "name": "Atelier chaj"}, headers=self.auth
        ).json()["id"]
        self.clip = Path(CATALOGUE["clip"]).read_bytes()

    @task
    def upload(self) -> None:
        work = self.client.post(
            "/api/works",
            json={"creator_id": self.creator_id, "titles": {"fr": "Chaj"}, "discipline": "music"},
            headers=self.auth,
        ).json()
        upload = self.client.post(
            f"/api/works/{work['id']}/uploads",
            json={"kind": "audio", "filename": "chaj.flac", "size": len(self.clip)},
            name="/api/works/[id]/uploads",
            headers=self.auth,
        ).json()
        self.client.put(
            f"/api/uploads/{upload['id']}/content",
            data=self.clip,
            name="/api/uploads/[id]/content",
            headers=self.auth,
        )
