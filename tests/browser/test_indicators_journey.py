"""The public dashboard and the studio's analytics in Chromium, in each interface language.

A buyer in Canada pays for a demo work (through the test payment, settled by the server's own
worker): the sale reaches the dashboard live (relay, worker, fold). A visitor reads the year's
indicators, their charts (drawn by the Chart.js Lakou serves) and the map of markets reached,
the same figures as the open-data endpoint; a bad period gets its error. The creator finds the
map, charts and the markets the works opened in the studio; staff download the year's report
as a PDF.
"""

from __future__ import annotations

import io
import json
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts.auth import SESSION_COOKIE
from tests.browser.conftest import (
    DEMO_PASSWORD,
    Server,
    Texts,
    get_json,
    log_in,
    screenshot,
    wait_until,
)
from tests.browser.test_audit_journey import PASSWORD, _create_staff

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CREATOR = "tanbou@demo.lakou.mq"
TITLE = "Kréyòl an tanbou"


def _api(base: str, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}{path}", data=data, method=method, headers=headers
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback only
        text = response.read()
    return json.loads(text) if text else None


def _login(base: str, email: str, password: str) -> str:
    return str(
        _api(base, "POST", "/api/auth/login", {"email": email, "password": password})["token"]
    )


def _year() -> str:
    return str(datetime.now(ZoneInfo("America/Martinique")).year)


def _open_data(base: str) -> dict[tuple[str, str, str], Any]:
    # The endpoint is cached for a minute by its query: an unused parameter asks afresh.
    query = f"grain=year&period={_year()}&fresh={uuid.uuid4().hex}"
    cells = get_json(f"{base}/api/indicators/open-data?{query}")["cells"]
    return {(c["indicator"], c["dimension"], c["value"]): c["count"] for c in cells}


@pytest.fixture
def sold_to_canada(server: Server) -> Iterator[str]:
    """A demo work priced for the test, bought from Canada and settled; its former terms back
    afterwards. Yields the work's id once the sale is on the open-data endpoint."""
    token = _login(server.base, CREATOR, DEMO_PASSWORD)
    work_id = str(server.work_titled(TITLE)["id"])
    offer = f"/api/works/{work_id}/offer"
    before = [o for o in _api(server.base, "GET", f"{offer}s") if o["kind"] == "work"]
    priced = _api(server.base, "PUT", offer, {"pricing": "fixed", "price_cents": 500}, token)
    email = f"buyer-{uuid.uuid4().hex[:8]}@example.test"
    _api(server.base, "POST", "/api/auth/signup",
         {"email": email, "password": PASSWORD, "role": "audience", "display_name": "Buyer"})  # fmt: skip
    buyer = _login(server.base, email, PASSWORD)
    _api(server.base, "POST", "/api/cart/items", {"offer_id": priced["id"]}, buyer)
    order = _api(server.base, "POST", "/api/checkout", {"country": "CA"}, buyer)
    _api(server.base, "POST", f"/api/orders/{order['id']}/test-payment",
         {"client_secret": order["payment"]["client_secret"], "outcome": "succeed"}, buyer)  # fmt: skip
    # Live: the payment's settlement, the relay and the fold run in the server's worker.
    wait_until(
        lambda: (_open_data(server.base).get(("markets_reached", "country", "CA")) or 0) > 0,
        30,
        "the sale to Canada on the open-data endpoint",
    )
    yield work_id
    if before:
        terms = {k: before[0][k] for k in ("pricing", "price_cents", "minimum_cents")}
        _api(server.base, "PUT", offer, terms, token)
    else:
        _api(server.base, "DELETE", offer, None, token)


def test_journey_the_dashboard_and_the_studio_show_the_markets_reached(
    page: Page,
    server: Server,
    t: Texts,
    sold_to_canada: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    year = _year()
    published = _open_data(server.base)

    page.goto(f"{server.base}/indicateurs?grain=year&period={year}")
    # The page shows the open-data endpoint's figures.
    for name in ("works_diffused", "markets_reached"):
        headline = page.locator(f'[data-indicator="{name}"] strong')
        expect(headline).to_have_text(str(published[name, "total", ""]))
    expect(page.locator('#indicator-countries [data-country="CA"]')).to_be_visible()
    # The map names Canada in the page's language; the charts are drawn from their tables.
    world = page.locator("svg.world-map")
    expect(world).to_be_visible()
    assert world.locator("title").count() >= 1
    charts = page.locator("table[data-chart]")
    expect(page.locator("table[data-chart-drawn]")).to_have_count(charts.count())
    expect(page.locator(".chart canvas").first).to_be_visible()
    screenshot(page, "indicators-1-dashboard")

    # A period written wrong: the form comes back with the error's code.
    page.get_by_label(t("Période"), exact=True).fill(f"{year}-13")
    page.get_by_role("button", name=t("Afficher")).click()
    expect(page.locator('[role="alert"][data-error-code="invalid_period"]')).to_be_visible()
    screenshot(page, "indicators-2-bad-period")

    # The creator's studio: the listeners' map and the charts.
    log_in(page, t, server.base, CREATOR, DEMO_PASSWORD, "/studio/statistiques")
    expect(page.locator("[data-listeners-map] svg.world-map")).to_be_visible()
    expect(page.locator("table[data-outcomes][data-chart-drawn]")).to_be_attached()
    # The markets the creator's works opened: Canada's sale this month, marked new.
    expect(
        page.locator('table[data-new-markets] tr[data-new-market="CA"][data-new]')
    ).to_be_visible()
    screenshot(page, "indicators-3-studio-analytics")

    # Staff download the year's report from the dashboard.
    staff = f"indicators-staff-{uuid.uuid4().hex[:8]}@example.test"
    _create_staff(tmp_path_factory, staff)
    # Signed out (the language's cookie stays).
    page.context.clear_cookies(name=SESSION_COOKIE)
    log_in(page, t, server.base, staff, PASSWORD, "/indicateurs")
    page.goto(f"{server.base}/indicateurs?grain=year&period={year}")
    with page.expect_download() as download:
        page.locator("[data-report-links] a", has_text="PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "(CA)" in text
    assert year in text
