"""The funders' report: a staff member downloads the year's PDF (its figures, charts, map and
methodology inside), and the same period as CSV and JSON; nobody else gets it; a bad period is
a 422 with its code."""

from __future__ import annotations

import csv
import io
import re
import uuid
from pathlib import Path

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from accounts.domain import Role
from lakou.bootstrap import Container
from tests.helpers import PASSWORD, page_log_in, sign_up_and_log_in
from tests.integration.test_indicators_dashboard import fold_a_few_events

REPORT = "/staff/indicateurs/rapport"
# Kept for a person to look at (var/ is ignored by git).
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "reports"
STAFF = "report-staff@example.test"


async def staff_in_browser(client: AsyncTestClient, container: Container) -> None:
    await container.identity.create_user(STAFF, PASSWORD, "Staff", Role.STAFF)
    await page_log_in(client, STAFF)


async def test_staff_download_the_years_report_with_its_figures(
    container: Container, client: AsyncTestClient
) -> None:
    await fold_a_few_events(container, client)
    await staff_in_browser(client, container)

    # The dashboard links staff to the report of the period they look at.
    page = await client.get("/indicateurs", params={"grain": "year", "period": "2026"})
    assert f'href="{REPORT}.pdf?grain=year&amp;period=2026"' in page.text

    response = await client.get(f"{REPORT}.pdf", params={"grain": "year", "period": "2026"})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="lakou-indicateurs-2026.pdf"' in response.headers["content-disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Indicateurs de diffusion — 2026" in text
    # 2026: four works diffused (three played, one sold); three markets reached, all new
    # (Martinique in February, Saint Lucia and France in March).
    assert re.search(r"Œuvres diffusées ?4", text), text[:600]
    assert re.search(r"Marchés atteints ?3", text)
    for country in ("Sainte-Lucie (LC)", "France (FR)", "Martinique (MQ)"):
        assert country in text
    # The sources of countries: France declared at checkout, Saint Lucia and Martinique by
    # the proxy.
    assert re.search(r"Déclaré par l'acheteur ?1", text)
    assert re.search(r"Réseau de l'auditeur \(en-tête du proxy\) ?2", text)
    for heading in ("Définitions", "Méthode", "Les sources des pays", "Limites des données"):
        assert heading in text
    # The charts and the map are drawn in the PDF itself (SVG rendered by WeasyPrint).
    assert "Évolution sur les dernières périodes" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "indicators-report-2026.pdf").write_bytes(response.content)


async def test_the_report_as_csv_and_json_holds_the_periods_published_cells(
    container: Container, client: AsyncTestClient
) -> None:
    await fold_a_few_events(container, client)
    await staff_in_browser(client, container)
    params = {"grain": "month", "period": "2026-03"}

    as_csv = await client.get(f"{REPORT}.csv", params=params)
    as_json = await client.get(f"{REPORT}.json", params=params)
    # The endpoint is cached a minute by its query, and the app outlives a test: an unused
    # parameter reads this test's figures, not another test's.
    fresh = {**params, "fresh": uuid.uuid4().hex}
    open_data = await client.get("/api/indicators/open-data", params=fresh)

    assert as_csv.status_code == as_json.status_code == 200
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {"indicator": "works_diffused", "period": "2026-03", "dimension": "total"}.items() <= (
        next(r for r in rows if r["indicator"] == "works_diffused" and r["dimension"] == "total")
    ).items()
    body = as_json.json()
    assert body["cells"] == open_data.json()["cells"]  # the same cells, suppression included
    assert len(rows) == len(body["cells"])
    assert body["country_sources"]["declared"] == 1
    assert body["country_sources"]["proxy"] == 1


async def test_only_staff_get_the_report_and_a_bad_period_is_refused(
    container: Container, client: AsyncTestClient
) -> None:
    anonymous = await client.get(f"{REPORT}.pdf", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/connexion")
    await sign_up_and_log_in(client, email="report-creator@example.test")
    await page_log_in(client, "report-creator@example.test")
    assert (await client.get(f"{REPORT}.csv")).status_code == 403

    await staff_in_browser(client, container)
    for params, code in (
        ({"grain": "year", "period": "2026-13"}, "invalid_period"),
        ({"grain": "day", "period": "2026-03-01"}, "invalid_grain"),
    ):
        refused = await client.get(f"{REPORT}.pdf", params=params)
        assert refused.status_code == 422
        assert code in refused.text
