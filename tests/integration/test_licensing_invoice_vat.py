"""The invoice's VAT as the buyer and the seller make it: an EU business whose number VIES
confirms (a named local fake: VIES cannot be reached from here) is reverse-charged; a holder
invoicing itself under the franchise in base charges none, in a series of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import facturx
import pytest
from litestar.testing import AsyncTestClient
from lxml import etree

from infra.settings import Settings
from lakou.bootstrap import Container
from marketplace.licensing.invoicing.facturx_xml import RAM
from tests.fakes.vies_fake import FakeVies, fake_vies
from tests.integration.test_licensing_deals import _accepted, _ask, _film_with_mandate, _partner
from tests.licensing_paperwork import invoiced


@pytest.fixture
def vies() -> Iterator[FakeVies]:
    with fake_vies({"DE136695976": "Kino Berlin GmbH"}) as fake:
        yield fake


@pytest.fixture
def settings(settings: Settings, vies: FakeVies) -> Settings:
    return Settings.from_env({**settings.variables, "LAKOU_LICENSING_VIES_URL": vies.url})


async def test_an_eu_business_confirmed_by_vies_is_reverse_charged(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any, vies: FakeVies
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _accepted(client, owner, partner, _ask(work_id, territory="US"))
    billing = {"country": "DE", "vat_number": "DE 136 695 976", "address": ["Berlin"]}
    invoice = await invoiced(client, broker, worker, deal, owner, partner, billing)
    assert vies.asked == ["DE136695976"]
    assert (invoice["vat_rule"], invoice["vies"], invoice["vat_cents"]) == (
        "eu_reverse_charge",
        "valid",
        0,
    )
    assert invoice["buyer_vat_number"] == "DE136695976"
    pdf = (await client.get(invoice["url"], headers=partner)).content
    _, xml = facturx.get_xml_from_pdf(pdf)
    root = etree.fromstring(xml)
    categories = {node.text for node in root.iter(f"{{{RAM}}}CategoryCode")}
    assert categories == {"AE"}
    buyer_vat = [node.text for node in root.iter(f"{{{RAM}}}ID") if node.get("schemeID") == "VA"]
    assert "DE136695976" in buyer_vat


async def test_a_holder_under_the_franchise_invoices_without_vat_in_its_own_series(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    holder = {
        "by": "holder",
        "legal_name": "Man Ya Productions",
        "address": ["12 rue Victor Hugo", "97200 Fort-de-France"],
        "country": "MQ",
        "vat_status": "franchise",
    }
    first = await _accepted(client, owner, partner, _ask(work_id, territory="US"))
    invoice = await invoiced(
        client, broker, worker, first, owner, partner, {"country": "MQ"}, holder
    )
    assert (invoice["issued_by"], invoice["vat_rule"], invoice["vat_cents"]) == (
        "holder",
        "franchise_293b",
        0,
    )
    assert invoice["number"].startswith("H")
    assert invoice["number"].endswith("-000001")
    pdf = (await client.get(invoice["url"], headers=owner)).content
    _, xml = facturx.get_xml_from_pdf(pdf)
    assert b"TVA non applicable, art. 293 B du CGI" in xml
