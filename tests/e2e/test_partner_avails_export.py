"""The EMA Avails spreadsheet through the partner API: read back with openpyxl, one row per
audiovisual work, medium and country that can be licensed, typed text never a formula, a
saved search's matches only when asked, bad parameters refused with their codes."""

from __future__ import annotations

import io
from typing import Any

from litestar.testing import AsyncTestClient
from openpyxl import load_workbook

from lakou.bootstrap import Container
from marketplace.partners.avails_sheet import COLUMNS
from tests.helpers import deliver_events
from tests.partner_helpers import film_with_rights, partner_key

EXPORT = "/api/partner/v1/avails/export.xlsx"


def _rows(content: bytes) -> list[dict[str, Any]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Movies"]
    rows = list(book["Movies"].iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    # Empty trailing cells are not written: a row is as long as its last value.
    return [
        dict(zip(COLUMNS, (*row, *[None] * 44)[: len(COLUMNS)], strict=True)) for row in rows[1:]
    ]


async def test_the_avails_sheet_lists_what_can_be_licensed_in_the_territory(
    client: AsyncTestClient, container: Container
) -> None:
    key = await partner_key(client, container, "avails:read")
    _, film = await film_with_rights(
        client, titles={"fr": "=HYPERLINK(\"http://x\")", "en": "Sea song"}, languages=["en"],
        duration_s=95 * 60, year=2026,
    )  # fmt: skip
    _, short = await film_with_rights(client, territory="FR", medium="tvod", exclusive=False)
    await film_with_rights(client, discipline="music")  # not an audiovisual avail
    await film_with_rights(client, medium="theatrical")  # not a digital license type

    answer = await client.get(EXPORT, params={"territory": "CA US FR"}, headers=key)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in answer.headers["content-disposition"]
    rows = _rows(answer.content)
    found = {(r["ContentID"].split(":")[-1], r["Territory"], r["LicenseType"]): r for r in rows}
    assert set(found) == {(film, "CA", "SVOD"), (film, "US", "SVOD"), (short, "FR", "VOD")}
    canada = found[(film, "CA", "SVOD")]
    assert canada["WorkType"] == "Movie"
    assert canada["LicenseRightsDescription"] == "Exclusive"
    assert (canada["Start"], canada["End"]) == ("2027-01-01", "2029-12-31")
    assert canada["StoreLanguage"] == "en"
    assert canada["TitleDisplayUnlimited"] == "Sea song"
    assert canada["TotalRunTime"] == "1:35:00"
    # The title typed by a person stays text: the cell is no formula.
    assert canada["TitleInternalAlias"] == '=HYPERLINK("http://x")'
    book = load_workbook(io.BytesIO(answer.content))
    titles = [row[5] for row in book["Movies"].iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in titles)
    assert found[(short, "FR", "VOD")]["LicenseRightsDescription"] == "Non-exclusive"

    only_svod = _rows(
        (
            await client.get(EXPORT, params={"territory": "CA", "medium": "svod"}, headers=key)
        ).content
    )
    assert [(r["Territory"], r["LicenseType"]) for r in only_svod] == [("CA", "SVOD")]


async def test_a_saved_searchs_avails_and_bad_parameters(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    key = await partner_key(client, container, "avails:read", "searches:write", "catalogue:read")
    saved = await client.post(
        "/api/partner/v1/saved-searches",
        json={"name": "SVOD", "filters": {"territory": ["CA"], "licence_type": ["svod"]}},
        headers=key,
    )
    assert saved.status_code == 201, saved.text
    _, matched = await film_with_rights(client)
    await film_with_rights(client, territory="FR")  # not matched
    await deliver_events(broker, worker)

    rows = _rows(
        (
            await client.get(
                EXPORT,
                params={"territory": "world", "saved_search": saved.json()["id"]},
                headers=key,
            )
        ).content
    )
    assert {r["ContentID"] for r in rows} == {f"urn:lakou:work:{matched}"}

    other = await partner_key(client, container, "avails:read")
    refused = [
        (other, {"territory": "CA", "saved_search": saved.json()["id"]}, 404, "not_found"),
        (key, {"territory": "atlantis"}, 422, "unknown_territory"),
        (key, {"territory": "CA", "medium": "theatrical"}, 422, "not_an_avails_medium"),
        (key, {"territory": "CA", "medium": "opera"}, 422, "unknown_medium"),
        (key, {}, 400, None),
    ]
    for caller, params, status, code in refused:
        answer = await client.get(EXPORT, params=params, headers=caller)
        assert answer.status_code == status, (params, answer.text)
        if code:
            assert answer.json()["error"]["code"] == code
    reader = await partner_key(client, container, "catalogue:read")
    scoped = await client.get(EXPORT, params={"territory": "CA"}, headers=reader)
    assert scoped.json()["error"]["code"] == "api_key_scope_missing"
