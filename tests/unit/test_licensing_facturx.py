"""A licence invoice as Factur-X: the CII XML passes the BASIC profile's XSD, is embedded in a
PDF/A-3 and comes back out with its totals and VAT."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime

import facturx
import pypdf
import pytest
from lxml import etree

from marketplace.documents.pdf import html_to_pdf_a3
from marketplace.licensing.invoicing.domain import Invoice, IssuedBy, Party
from marketplace.licensing.invoicing.facturx_xml import RAM, cii_xml, embed
from marketplace.licensing.invoicing.vat_rules import RULES, split_price


def _invoice(code: str, price: int) -> Invoice:
    rule = RULES[code]
    return Invoice(
        id=uuid.uuid4(),
        deal_id=uuid.uuid4(),
        number="LK-2026-000042",
        issuer="LK",
        issued_by=IssuedBy.LAKOU,
        issued_at=datetime(2026, 12, 7, 15, tzinfo=UTC),
        due_on=date(2027, 1, 6),
        language="fr",
        seller=Party("Lakou", ("Fort-de-France", "972 Martinique"), "MQ", "FR40303265045"),
        buyer=Party("Kino GmbH", ("Berlin",), "DE", "DE136695976"),
        line="Licence SVOD",
        rule=rule,
        amounts=split_price(price, rule),
        vies="valid",
    )


def _text(root: etree._Element, tag: str) -> list[str]:
    return [node.text for node in root.iter(f"{{{RAM}}}{tag}")]


@pytest.mark.parametrize(
    ("code", "vat", "net", "category"),
    [("dom_standard", "85.00", "1000.00", "S"), ("eu_reverse_charge", "0.00", "1085.00", "AE")],
)
def test_the_xml_comes_back_out_of_the_pdf(code: str, vat: str, net: str, category: str) -> None:
    invoice = _invoice(code, 108_500)
    pdf = embed(html_to_pdf_a3("<html><body><p>Facture</p></body></html>"), cii_xml(invoice), "fr")
    filename, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert filename == "factur-x.xml"
    root = etree.fromstring(xml)
    assert _text(root, "TaxTotalAmount") == [vat]
    assert _text(root, "GrandTotalAmount") == ["1085.00"]
    assert _text(root, "TaxBasisTotalAmount") == [net]
    assert set(_text(root, "CategoryCode")) == {category}
    assert _text(root, "ID")[1] == "LK-2026-000042"  # after the profile's id
    # PDF/A-3 B, as its XMP metadata declares it.
    metadata = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object()
    xmp = metadata.get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp


def test_a_franchise_invoice_says_why_no_vat() -> None:
    xml = cii_xml(_invoice("franchise_293b", 50_000))
    root = etree.fromstring(xml)
    assert _text(root, "ExemptionReason") == ["TVA non applicable, art. 293 B du CGI"]
    assert _text(root, "TaxTotalAmount") == ["0.00"]
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="basic")
