"""The public dashboard: a period's figures folded from events, with their trend, the same
numbers as the open-data endpoint, small counts of people hidden, and a clear bad-period page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from uuid import UUID

from litestar.testing import AsyncTestClient

from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.indicators.service import IndicatorLedger
from tests.helpers import create_creator, create_work, sign_up_and_log_in
from tests.indicator_events import envelope, paid, played

MARCH = datetime(2026, 3, 10, 15, tzinfo=UTC)
FEBRUARY = datetime(2026, 2, 20, 15, tzinfo=UTC)


def headline(html: str, indicator: str) -> str:
    found = re.search(
        rf'data-indicator="{indicator}"><dt>[^<]*</dt><dd><strong>(.*?)</strong>', html
    )
    assert found, indicator
    return found.group(1)


def row(html: str, table: str, value: str) -> list[str]:
    """The cells of one row of a table, as text (tags dropped)."""
    body = re.split(rf'<table id="{table}"[^>]*>', html, maxsplit=1)[1].split("</table>", 1)[0]
    found = re.search(rf'<tr data-value="{re.escape(value)}">(.*?)</tr>', body, re.S)
    assert found, (table, value)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1))
    ]


async def fold_a_few_events(container: Container, client: AsyncTestClient) -> list[UUID]:
    """March: three works played in Saint Lucia, one sold to France, three accreditations and
    two organisations; February: one work played in Martinique."""
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    works = [
        UUID((await create_work(client, seller, creator["id"], discipline=discipline))["id"])
        for discipline in ("music", "music", "film", "music")
    ]
    events = [played(work, "LC", MARCH) for work in works[:3]]
    events.append(paid(new_id(), [works[3]], "FR", MARCH))
    events += [
        envelope("accreditation.granted", {"user_id": str(new_id())}, MARCH) for _ in range(3)
    ]
    events += [
        envelope("organisation.created", {"organisation_id": str(new_id())}, MARCH)
        for _ in range(2)
    ]
    events.append(played(works[0], "MQ", FEBRUARY))
    ledger = container.services.get(IndicatorLedger)
    for event in events:
        assert await ledger.record(event)
    return works


async def test_the_dashboard_shows_the_period_with_its_trend_and_breakdowns(
    container: Container, client: AsyncTestClient
) -> None:
    await fold_a_few_events(container, client)

    page = await client.get("/indicateurs", params={"grain": "month", "period": "2026-03"})

    assert page.status_code == 200
    html = page.text
    assert headline(html, "works_diffused") == "4"
    assert 'data-change="3"' in html  # four works against one in February
    assert headline(html, "markets_reached") == "2"
    assert headline(html, "new_markets") == "2"
    # 3 players, 1 buyer, 3 accredited and February's player: 8 people, 2 organisations.
    assert headline(html, "active_members") == "10"
    assert row(html, "indicator-territories", "caribbean") == ["3", "1", "1"]
    assert row(html, "indicator-territories", "france") == ["1", "1", "1"]
    assert row(html, "indicator-territories", "martinique") == ["0", "0", "0"]
    assert row(html, "indicator-disciplines", "music") == ["3"]
    assert row(html, "indicator-disciplines", "film") == ["1"]
    assert "Le Marigot" in html
    # Every table (the trend and the countries too) has its caption and headers.
    assert html.count("<caption>") == 6
    assert '<th scope="col">' in html
    assert '<th scope="row">' in html


async def test_the_map_and_the_charts_show_the_markets_reached(
    container: Container, client: AsyncTestClient
) -> None:
    await fold_a_few_events(container, client)

    html = (await client.get("/indicateurs?grain=month&period=2026-03")).text

    # Both countries are new markets in March: drawn in the new markets' colour, named.
    svg = html.split('<svg xmlns="http://www.w3.org/2000/svg"', 1)[1].split("</svg>", 1)[0]
    # Saint Lucia is too small to see at this scale: a marked point.
    assert re.search(r'<circle [^>]*fill="#d98b2b"[^>]*><title>Sainte-Lucie \(nouveau', svg)
    assert 'fill="#d98b2b"><title>France (nouveau marché)</title>' in svg
    # Martinique is a marked point, apart from France, reached by nobody in March.
    assert ">MQ</text>" in svg
    assert row_of_country(html, "LC") == ["Reste de la Caraïbe", "oui"]
    assert row_of_country(html, "FR") == ["France hexagonale", "oui"]
    # The trend chart's table: eight months up to March, February's one work diffused.
    trend = re.split(r'<table id="indicator-series"[^>]*>', html, maxsplit=1)[1]
    assert re.search(
        r'<tr data-period="2026-02"><th scope="row">2026-02</th><td data-n="1">', trend
    )
    # The charts are drawn by the library Lakou serves itself, from the tables' data-n cells.
    assert '<script src="/static/vendor/chart.umd.min.js" defer></script>' in html
    assert html.count("data-chart=") == 5
    served = await client.get("/static/vendor/chart.umd.min.js")
    assert served.status_code == 200
    assert b"Chart" in served.content[:2000]


def row_of_country(html: str, code: str) -> list[str]:
    body = html.split('<table id="indicator-countries">', 1)[1].split("</table>", 1)[0]
    found = re.search(rf'<tr data-country="{code}">(.*?)</tr>', body, re.S)
    assert found, code
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td>(.*?)</td>", found.group(1))
    ]


async def test_a_small_count_of_people_is_hidden_with_its_complement(
    container: Container, client: AsyncTestClient
) -> None:
    await fold_a_few_events(container, client)

    html = (await client.get("/indicateurs?grain=month&period=2026-03")).text

    # Two organisations are under five; the eight people are hidden too, or 10 - 8 would tell.
    assert row(html, "indicator-members", "organisation")[0] == "masqué"
    assert row(html, "indicator-members", "person")[0] == "masqué"
    assert "2" not in row(html, "indicator-members", "organisation")[0]


async def test_the_page_shows_the_numbers_the_open_data_endpoint_publishes(
    container: Container, client: AsyncTestClient
) -> None:
    await fold_a_few_events(container, client)
    html = (await client.get("/indicateurs?grain=quarter&period=2026-Q1")).text
    data = (
        await client.get(
            "/api/indicators/open-data", params={"grain": "quarter", "period": "2026-Q1"}
        )
    ).json()

    totals = {c["indicator"]: c for c in data["cells"] if c["dimension"] == "total"}
    for indicator in ("works_diffused", "markets_reached", "new_markets", "active_members"):
        shown = headline(html, indicator)
        expected = totals[indicator]
        assert shown == ("masqué" if expected["suppressed"] else str(expected["count"])), indicator
    for cell in data["cells"]:
        if cell["indicator"] == "works_diffused" and cell["dimension"] == "discipline":
            assert row(html, "indicator-disciplines", cell["value"]) == [str(cell["count"])]


async def test_a_bad_period_gives_a_clear_error_page(client: AsyncTestClient) -> None:
    for params, code in (
        ({"grain": "month", "period": "2026-13"}, "invalid_period"),
        ({"grain": "quarter", "period": "2026-03"}, "invalid_period"),
        ({"grain": "day", "period": "2026-03-07"}, "invalid_grain"),
        ({"grain": "decade"}, "invalid_grain"),
    ):
        page = await client.get("/indicateurs", params=params)

        assert page.status_code == 422, params
        assert page.headers["content-type"].startswith("text/html")
        assert f'data-error-code="{code}"' in page.text
        assert "Période invalide" in page.text
        assert 'id="indicator-period"' in page.text  # the form to choose again


async def test_the_site_navigation_links_the_dashboard(client: AsyncTestClient) -> None:
    html = (await client.get("/recherche")).text

    assert 'href="/indicateurs"' in html


async def test_the_page_speaks_the_visitors_language(client: AsyncTestClient) -> None:
    english = await client.get("/indicateurs", headers={"Accept-Language": "en"})
    creole = await client.get("/indicateurs?grain=decade", headers={"Accept-Language": "gcf"})

    assert "Works diffused" in english.text
    assert "Pewiòd-la pa bon" in creole.text


async def test_a_board_rendered_for_one_language_is_not_served_in_another(
    client: AsyncTestClient,
) -> None:
    # The board is rendered once per version of the cells: the same version, asked in English
    # then in French, must give each visitor their own language.
    english = await client.get(
        "/indicateurs?grain=year&period=2026", headers={"Accept-Language": "en"}
    )
    french = await client.get(
        "/indicateurs?grain=year&period=2026", headers={"Accept-Language": "fr"}
    )
    english_again = await client.get(
        "/indicateurs?grain=year&period=2026", headers={"Accept-Language": "en"}
    )

    assert "Works diffused" in english.text
    assert "Œuvres diffusées par discipline" in french.text
    assert "Works diffused" not in french.text
    assert english_again.text == english.text
