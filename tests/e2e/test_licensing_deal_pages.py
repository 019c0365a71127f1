"""The deal page's forms for the rights side: each deliverable's file uploaded from the page
(stated limit, the SHA-256 shown, replaceable until the partner downloads it, then the count),
and the choice of who invoices, its refusals shown on the form in the reader's language. The
list of licences filters by stage. Real database, worker, object storage."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.licensing.contracts.repository import ContractRepository
from marketplace.licensing.invoicing.domain import holder_series
from tests.helpers import CSRF_INPUT, deliver_events, page_log_in, staff_headers
from tests.integration.test_licensing_deals import _ask, _film_with_mandate, _offer, _partner
from tests.integration.test_licensing_organisation_deals import _join
from tests.licensing_paperwork import DEALS, accept_contract, drawn_contract, invoiced

MASTER = b"ProRes master, frame one" * 100


async def _page_as(client: AsyncTestClient, headers: dict[str, str]) -> None:
    email = (await client.get("/api/auth/me", headers=headers)).json()["email"]
    await page_log_in(client, email)


async def _csrf(client: AsyncTestClient, page: str, **headers: str) -> str:
    shown = await client.get(page, headers=headers)
    token = CSRF_INPUT.search(shown.text)
    assert token, shown.text[:300]
    return token.group(1)


async def _accepted_with_items(
    client: AsyncTestClient, owner: dict[str, str], partner: dict[str, str], work_id: str
) -> tuple[str, dict[str, str]]:
    """An accepted deal quoting a master and subtitles: its id and the items' ids by kind."""
    deal = (await client.post(DEALS, json=_ask(work_id), headers=partner)).json()["id"]
    items = {"items": [{"kind": "master", "label": "ProRes 4K"}, {"kind": "subtitles"}]}
    listed = await client.put(f"{DEALS}/{deal}/deliverables", json=items, headers=owner)
    assert listed.status_code == 200, listed.text
    assert (await client.post(f"{DEALS}/{deal}/offer", json=_offer(), headers=owner)).is_success
    assert (await client.post(f"{DEALS}/{deal}/accept", headers=partner)).is_success
    return str(deal), {item["kind"]: item["id"] for item in listed.json()}


async def _listed(client: AsyncTestClient, deal: str, headers: dict[str, str]) -> dict[str, Any]:
    answer = await client.get(f"{DEALS}/{deal}/deliverables", headers=headers)
    return {item["kind"]: item for item in answer.json()}


async def test_the_rights_side_uploads_each_file_from_the_deal_page_until_it_is_downloaded(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal, items = await _accepted_with_items(client, owner, partner, work_id)
    page = f"/licences/{deal}"
    upload = f"{page}/livrables/{items['master']}/fichier"

    await _page_as(client, owner)
    shown = await client.get(page)
    assert 'id="deliverable-upload-master"' in shown.text
    assert "25 Mo" in shown.text  # the limit, stated
    assert shown.text.count('data-uploaded="no"') == 2
    token = await _csrf(client, page)

    # No file: refused on the page, nothing stored.
    empty = await client.post(upload, data={"_csrf_token": token}, files={"file": ("m.mov", b"")})
    assert empty.status_code == 422
    assert 'id="deal-error"' in empty.text
    assert not (await _listed(client, deal, owner))["master"]["uploaded"]

    sent = await client.post(
        upload,
        data={"_csrf_token": token},
        files={"file": ("master.mov", MASTER, "video/quicktime")},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    master = (await _listed(client, deal, owner))["master"]
    assert master["sha256"] == hashlib.sha256(MASTER).hexdigest()
    assert master["size"] == len(MASTER)
    assert master["downloads"] == 0
    shown = await client.get(page)
    assert master["sha256"][:16] in shown.text
    assert 'data-deliverable-downloads="0"' in shown.text

    # Replaced before any download: the new file's hash.
    again = await client.post(
        upload, data={"_csrf_token": token}, files={"file": ("master.mov", MASTER + b"v2")}
    )
    assert again.status_code == 200  # followed to the deal page
    replaced = (await _listed(client, deal, owner))["master"]
    assert replaced["sha256"] == hashlib.sha256(MASTER + b"v2").hexdigest()

    # Paid (by a transfer staff record), the partner downloads it once.
    invoice = await invoiced(client, broker, worker, deal, owner, partner, {"country": "CA"})
    transfer = {"amount_cents": invoice["gross_cents"], "reference": "VIR 7"}
    staff = await staff_headers(client, container)
    recorded = await client.post(
        f"/api/staff/licensing/deals/{deal}/bank-transfer", json=transfer, headers=staff
    )
    assert recorded.status_code == 200, recorded.text
    link = await client.post(
        f"{DEALS}/{deal}/deliverables/{items['master']}/links", headers=partner
    )
    got = await client.get(link.json()["url"], headers=partner)
    assert got.content == MASTER + b"v2"

    # Downloaded: counted on the page, no longer replaceable (page and API), nothing changed.
    shown = await client.get(page)
    assert 'data-deliverable-downloads="1"' in shown.text
    assert 'id="deliverable-upload-master"' not in shown.text
    assert 'id="deliverable-upload-subtitles"' in shown.text
    late = await client.post(
        upload, data={"_csrf_token": token}, files={"file": ("master.mov", b"other")}
    )
    assert late.status_code == 409
    api = await client.put(
        f"{DEALS}/{deal}/deliverables/{items['master']}/file", content=b"other", headers=owner
    )
    assert api.status_code == 409
    assert api.json()["error"]["code"] == "deliverable_downloaded"
    assert (await _listed(client, deal, partner))["master"]["sha256"] == replaced["sha256"]

    # The partner's page offers downloads, never uploads.
    await _page_as(client, partner)
    shown = await client.get(page)
    assert 'id="deliverable-get-master"' in shown.text
    assert "deliverable-upload-" not in shown.text


async def test_the_rights_side_chooses_that_the_holder_invoices_from_the_deal_page(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, holders = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal, _ = await _accepted_with_items(client, owner, partner, work_id)
    contract = await drawn_contract(client, broker, worker, deal, partner)
    await accept_contract(client, deal, partner, contract["sha256"], billing={"country": "CA"})
    page = f"/licences/{deal}"
    await _page_as(client, owner)
    english = {"accept-language": "en"}
    shown = await client.get(page, headers=english)
    assert 'id="invoicer-holder"' in shown.text
    form = {
        "_csrf_token": await _csrf(client, page, **english),
        "sha256": contract["sha256"],
        "name": "Man Ya",
        "invoicer": "holder",
        "legal_name": "",
        "seller_address": "12 rue Victor Hugo\n97200 Fort-de-France",
        "seller_country": "MQ",
        "vat_status": "registered",
        "seller_vat_number": "FR00123456789",
    }
    accept = f"{page}/contrat/acceptation"
    # No legal name, then a VAT number whose key is wrong: refused in English, on the form,
    # what was typed kept; the contract still waits for the rights side.
    missing = await client.post(accept, data=form, headers=english)
    assert missing.status_code == 422
    assert "legal name" in missing.text
    assert 'value="FR00123456789"' in missing.text
    assert 'id="invoicer-holder" checked' in missing.text
    bad_vat = await client.post(
        accept, data={**form, "legal_name": "Man Ya Films"}, headers=english
    )
    assert bad_vat.status_code == 422
    assert "VAT number" in bad_vat.text
    assert (await ContractRepository().details(UUID(deal)))[1] == {}

    # In the franchise, without a VAT number: accepted, and the holder's own series invoices.
    accepted = await client.post(
        accept,
        data={
            **form,
            "legal_name": "Man Ya Films",
            "vat_status": "franchise",
            "seller_vat_number": "",
        },
        follow_redirects=False,
    )
    assert accepted.status_code == 303, accepted.text
    _, invoicer = await ContractRepository().details(UUID(deal))
    assert invoicer["by"] == "holder"
    assert invoicer["legal_name"] == "Man Ya Films"
    assert invoicer["address"] == ["12 rue Victor Hugo", "97200 Fort-de-France"]
    assert invoicer["vat_status"] == "franchise"
    await deliver_events(broker, worker)
    invoice = (await client.get(f"{DEALS}/{deal}/invoice", headers=partner)).json()
    assert invoice["number"].startswith(holder_series(UUID(holders[0])))


async def test_the_licences_page_filters_by_stage(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal, _ = await _accepted_with_items(client, owner, partner, work_id)
    asked = (await client.post(DEALS, json=_ask(work_id, territory="US"), headers=partner)).json()
    await _page_as(client, partner)
    everything = await client.get("/licences")
    assert deal in everything.text
    assert asked["id"] in everything.text
    requested = await client.get("/licences", params={"etape": "requested"})
    assert asked["id"] in requested.text
    assert deal not in requested.text
    assert 'data-deal-stage="requested"' in requested.text
    assert 'aria-current="true"' in requested.text
    drafting = await client.get("/licences", params={"etape": "accepted"})
    assert deal in drafting.text
    assert asked["id"] not in drafting.text


async def test_a_read_only_member_reads_the_deal_page_and_acts_on_nothing(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    reader, _ = await _join(client, container, partner, "viewer")
    deal = (await client.post(DEALS, json=_ask(work_id), headers=partner)).json()["id"]
    assert (await client.post(f"{DEALS}/{deal}/offer", json=_offer(), headers=owner)).is_success
    page = f"/licences/{deal}"
    await _page_as(client, reader)
    shown = await client.get(page)
    assert 'id="deal-read-only"' in shown.text
    assert 'id="deal-accept"' not in shown.text
    assert 'id="deal-cancel"' not in shown.text
    # A form posted anyway is refused on the page with the reason; nothing moves.
    token = CSRF_INPUT.search(shown.text)
    assert token
    refused = await client.post(f"{page}/acceptation", data={"_csrf_token": token.group(1)})
    assert refused.status_code == 403
    assert "lecture seule" in refused.text
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "offered"
