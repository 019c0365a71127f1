"""A mandate held by an organisation (a production company, a label, a publisher): its acting
members answer the deals asked under it (quote, deliverables, contract, invoicer), a read-only
member only reads, anyone else gets 404, a member removed from it loses the deals at once, and
the invoice names the organisation as the organisations module holds it. Only a member acting
for the organisation who owns the work may have it hold a mandate. Real PostgreSQL or SQLite,
Redis worker."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import facturx
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.licensing.invoicing.domain import holder_series
from tests.helpers import deliver_events, sign_up_and_log_in
from tests.integration.test_licensing_deals import _ask, _film_with_mandate, _offer, _partner
from tests.integration.test_licensing_organisation_deals import _code, _join
from tests.licensing_paperwork import accept_contract, drawn_contract
from tests.organisation_helpers import create_organisation, new_siren, recording_notifier

DEALS = "/api/licensing/deals"


def _vat_number(siren: str) -> str:
    """The French VAT number of a company: its key is (12 + 3 * (SIREN mod 97)) mod 97."""
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


async def _producer_company(
    client: AsyncTestClient, owner: dict[str, str]
) -> tuple[dict[str, str], str]:
    """The owner's production company, with its French VAT number as legal identity."""
    siren = new_siren()
    company = await create_organisation(
        client,
        owner,
        kind="cultural_company",
        partner_kind=None,
        name="Kannari Films SARL",
        legal_identity={"scheme": "eu_vat", "number": _vat_number(siren)},
    )
    return {**owner, "X-Lakou-Organisation": company["id"]}, str(company["id"])


def _mandate(holders: list[str], organisation: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "medium": "tvod",
        "territory": "CA US",
        "starts_on": "2027-01-01",
        "ends_on": "2028-12-31",
        "exclusive": True,
        "signatory_id": holders[0],
        "holder_org_id": organisation,
        **extra,
    }


async def test_the_organisation_holding_the_mandate_answers_its_deals_by_role(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, holders = await _film_with_mandate(client)
    company, company_id = await _producer_company(client, owner)
    colleague, colleague_id = await _join(client, container, company, "member")
    reader, _ = await _join(client, container, company, "viewer")
    mandates = f"/api/licensing/works/{work_id}/mandates"

    # An organisation the owner does not belong to cannot hold the owner's mandate; nor can
    # a member of the company who does not own the work declare one.
    stranger = await sign_up_and_log_in(client)
    _, foreign = await _producer_company(client, stranger)
    refused = await client.post(mandates, json=_mandate(holders, foreign), headers=owner)
    assert refused.status_code == 422
    assert _code(refused) == "holder_organisation"
    by_colleague = await client.post(
        mandates, json=_mandate(holders, company_id), headers=colleague
    )
    assert by_colleague.status_code == 403
    assert _code(by_colleague) == "not_owner"
    declared = await client.post(mandates, json=_mandate(holders, company_id), headers=owner)
    assert declared.status_code == 201, declared.text
    assert declared.json()["holder_org_id"] == company_id

    # A partner asks under it: the company's acting members are told, not its reader.
    mail = recording_notifier(container)
    partner = await _partner(client, container)
    asked = await client.post(DEALS, json=_ask(work_id, medium="tvod"), headers=partner)
    assert asked.status_code == 201, asked.text
    deal = asked.json()["id"]
    url = f"{DEALS}/{deal}"
    told = {sent.to for sent in mail.sent if sent.kind == "licensing.deal_requested"}
    owner_id = (await client.get("/api/auth/me", headers=owner)).json()["id"]
    assert told == {owner_id, colleague_id}

    # Every member lists it to answer and reads it; nobody else does.
    for member in (owner, colleague, reader):
        answering = (await client.get(DEALS, headers=member)).json()["answering"]
        assert [d["id"] for d in answering] == [deal]
        assert (await client.get(url, headers=member)).status_code == 200
    assert (await client.get(url, headers=stranger)).status_code == 404
    assert (await client.get(DEALS, headers=stranger)).json()["answering"] == []
    assert (await client.post(f"{url}/offer", json=_offer(), headers=stranger)).status_code == 404

    # The reader cannot quote, list deliverables or decline; the colleague (not the work's
    # owner) quotes with a master to deliver.
    items = {"items": [{"kind": "master", "label": "Master ProRes"}]}
    for path, body in (("offer", _offer()), ("decline", {"note": "Non"})):
        read_only = await client.post(f"{url}/{path}", json=body, headers=reader)
        assert read_only.status_code == 403
        assert _code(read_only) == "read_only"
    listed = await client.put(f"{url}/deliverables", json=items, headers=reader)
    assert listed.status_code == 403
    assert (await client.get(url, headers=partner)).json()["state"] == "requested"
    listed = await client.put(f"{url}/deliverables", json=items, headers=colleague)
    assert listed.status_code == 200, listed.text
    item = listed.json()[0]["id"]
    offered = await client.post(f"{url}/offer", json=_offer(90000), headers=colleague)
    assert offered.status_code == 200, offered.text
    assert (await client.post(f"{url}/accept", headers=partner)).json()["state"] == "accepted"

    # The colleague uploads the master; the reader may not.
    file_url = f"{url}/deliverables/{item}/file"
    master = b"\x00\x00\x00\x18ftypqt  " + bytes(range(256)) * 64
    kind = {"content-type": "video/quicktime"}
    assert (
        await client.put(file_url, content=master, headers={**reader, **kind})
    ).status_code == 403
    uploaded = await client.put(file_url, content=master, headers={**colleague, **kind})
    assert uploaded.status_code == 200, uploaded.text

    # The contract: the reader cannot accept it; the colleague does, the company invoicing
    # itself. What the form says of its name and address is replaced by what the
    # organisations module holds (its VAT number among them).
    contract = await drawn_contract(client, broker, worker, deal, partner)
    await accept_contract(client, deal, partner, contract["sha256"], billing={"country": "CA"})
    signing = {"name": "Ti Jo", "sha256": contract["sha256"], "invoicer": {"by": "holder"}}
    refused = await client.post(f"{url}/contract/accept", json=signing, headers=reader)
    assert refused.status_code == 403
    assert _code(refused) == "read_only"
    signing["invoicer"] = {"by": "holder", "legal_name": "Autre nom", "address": ["Ailleurs"]}
    accepted = await client.post(f"{url}/contract/accept", json=signing, headers=colleague)
    assert accepted.status_code == 200, accepted.text
    await deliver_events(broker, worker)
    invoice = (await client.get(f"{url}/invoice", headers=partner)).json()
    assert invoice["issued_by"] == "holder"
    # Numbered in the company's own series, whichever of its members signed.
    assert invoice["number"].startswith(holder_series(UUID(company_id)))
    pdf = (await client.get(invoice["url"], headers=colleague)).content
    _, xml = facturx.get_xml_from_pdf(pdf)
    assert b"Kannari Films SARL" in xml
    assert b"Autre nom" not in xml
    assert b"1 rue Victor Hugo" in xml

    # The colleague leaves the company: at once, the deal is no longer theirs.
    removed = await client.delete(
        f"/api/organisations/{company_id}/members/{colleague_id}", headers=company
    )
    assert removed.status_code == 204, removed.text
    assert (await client.get(url, headers=colleague)).status_code == 404
    assert (await client.get(DEALS, headers=colleague)).json()["answering"] == []
    again = await client.put(file_url, content=master, headers={**colleague, **kind})
    assert again.status_code == 404


async def test_a_person_mandate_stays_the_owner_s_and_an_organisation_s_leaves_them(
    client: AsyncTestClient, container: Container
) -> None:
    """A mandate without an organisation is answered by the work's owner as before; under the
    company's mandate the owner answers only while a member of it."""
    owner, work_id, holders = await _film_with_mandate(client)
    company, company_id = await _producer_company(client, owner)
    partner = await _partner(client, container)
    own = (await client.post(DEALS, json=_ask(work_id), headers=partner)).json()["id"]
    mandates = f"/api/licensing/works/{work_id}/mandates"
    declared = await client.post(mandates, json=_mandate(holders, company_id), headers=owner)
    assert declared.status_code == 201, declared.text
    held = (await client.post(DEALS, json=_ask(work_id, medium="tvod"), headers=partner)).json()[
        "id"
    ]
    listed = (await client.get(DEALS, headers=owner)).json()["answering"]
    assert {d["id"] for d in listed} == {own, held}

    # The owner hands the company to a colleague and leaves it.
    colleague, colleague_id = await _join(client, container, company, "admin")
    members = f"/api/organisations/{company_id}/members"
    promoted = await client.put(
        f"{members}/{colleague_id}", json={"role": "owner"}, headers=company
    )
    assert promoted.status_code == 204, promoted.text
    owner_id = (await client.get("/api/auth/me", headers=owner)).json()["id"]
    left = await client.delete(f"{members}/{owner_id}", headers=colleague)
    assert left.status_code == 204, left.text
    listed = (await client.get(DEALS, headers=owner)).json()["answering"]
    assert [d["id"] for d in listed] == [own]
    assert (await client.get(f"{DEALS}/{held}", headers=owner)).status_code == 404
    quoted = await client.post(f"{DEALS}/{held}/offer", json=_offer(), headers=colleague)
    assert quoted.status_code == 200, quoted.text
