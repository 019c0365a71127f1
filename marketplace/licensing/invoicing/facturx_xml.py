"""The invoice as Factur-X: the UN/CEFACT Cross Industry Invoice (CII) XML of the BASIC profile,
and its embedding in the PDF/A-3 (the `factur-x` package checks the XML against the profile's
XSD and writes the attachment and the XMP metadata)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import facturx

from marketplace.licensing.invoicing.domain import Invoice, Party
from marketplace.licensing.invoicing.vat_rules import Category

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
PROFILE = "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic"
COMMERCIAL_INVOICE = "380"  # UNTDID 1001
CREDIT_NOTE = "381"
for prefix, uri in (("rsm", RSM), ("ram", RAM), ("udt", UDT)):
    ET.register_namespace(prefix, uri)


def amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _el(parent: ET.Element, ns: str, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _day(parent: ET.Element, tag: str, value: str) -> None:
    _el(_el(parent, RAM, tag), UDT, "DateTimeString", value, format="102")


def _party(parent: ET.Element, tag: str, party: Party) -> None:
    node = _el(parent, RAM, tag)
    _el(node, RAM, "Name", party.name or "-")
    if party.siret:
        _el(
            _el(node, RAM, "SpecifiedLegalOrganization"),
            RAM,
            "ID",
            party.siret[:9],
            schemeID="0002",
        )
    address = _el(node, RAM, "PostalTradeAddress")
    for tag_name, line in zip(("LineOne", "LineTwo", "LineThree"), party.address, strict=False):
        _el(address, RAM, tag_name, line)
    _el(address, RAM, "CountryID", party.country)
    if party.vat_number:
        _el(_el(node, RAM, "SpecifiedTaxRegistration"), RAM, "ID", party.vat_number, schemeID="VA")


def _tax(parent: ET.Element, invoice: Invoice, *, header: bool) -> None:
    tax = _el(parent, RAM, "ApplicableTradeTax")
    if header:
        _el(tax, RAM, "CalculatedAmount", amount(invoice.amounts.vat_cents))
    _el(tax, RAM, "TypeCode", "VAT")
    category = invoice.rule.category
    if header and category is not Category.STANDARD:
        _el(tax, RAM, "ExemptionReason", invoice.rule.mention)
    if header:
        _el(tax, RAM, "BasisAmount", amount(invoice.amounts.net_cents))
    _el(tax, RAM, "CategoryCode", category.value)
    if category is not Category.NOT_SUBJECT:
        _el(tax, RAM, "RateApplicablePercent", amount(invoice.rule.rate_bp))


def cii_xml(invoice: Invoice, credit_of: str = "") -> bytes:
    """The invoice's XML; with `credit_of` (the original invoice's number), a credit note
    (type 381) for `invoice.amounts`, referencing it (EN 16931 BG-3), with no due day."""
    root = ET.Element(f"{{{RSM}}}CrossIndustryInvoice")
    context = _el(root, RSM, "ExchangedDocumentContext")
    _el(_el(context, RAM, "GuidelineSpecifiedDocumentContextParameter"), RAM, "ID", PROFILE)
    document = _el(root, RSM, "ExchangedDocument")
    _el(document, RAM, "ID", invoice.number)
    _el(document, RAM, "TypeCode", CREDIT_NOTE if credit_of else COMMERCIAL_INVOICE)
    _day(document, "IssueDateTime", invoice.issued_at.strftime("%Y%m%d"))
    note = _el(document, RAM, "IncludedNote")
    _el(note, RAM, "Content", f"{invoice.rule.mention} ({invoice.rule.source})")

    transaction = _el(root, RSM, "SupplyChainTradeTransaction")
    item = _el(transaction, RAM, "IncludedSupplyChainTradeLineItem")
    _el(_el(item, RAM, "AssociatedDocumentLineDocument"), RAM, "LineID", "1")
    _el(_el(item, RAM, "SpecifiedTradeProduct"), RAM, "Name", invoice.line)
    price = _el(_el(item, RAM, "SpecifiedLineTradeAgreement"), RAM, "NetPriceProductTradePrice")
    _el(price, RAM, "ChargeAmount", amount(invoice.amounts.net_cents))
    delivery = _el(item, RAM, "SpecifiedLineTradeDelivery")
    _el(delivery, RAM, "BilledQuantity", "1", unitCode="C62")
    line_settlement = _el(item, RAM, "SpecifiedLineTradeSettlement")
    _tax(line_settlement, invoice, header=False)
    line_sum = _el(line_settlement, RAM, "SpecifiedTradeSettlementLineMonetarySummation")
    _el(line_sum, RAM, "LineTotalAmount", amount(invoice.amounts.net_cents))

    agreement = _el(transaction, RAM, "ApplicableHeaderTradeAgreement")
    _party(agreement, "SellerTradeParty", invoice.seller)
    _party(agreement, "BuyerTradeParty", invoice.buyer)
    _el(transaction, RAM, "ApplicableHeaderTradeDelivery")
    settlement = _el(transaction, RAM, "ApplicableHeaderTradeSettlement")
    _el(settlement, RAM, "InvoiceCurrencyCode", "EUR")
    _tax(settlement, invoice, header=True)
    if not credit_of:
        terms = _el(settlement, RAM, "SpecifiedTradePaymentTerms")
        _day(terms, "DueDateDateTime", invoice.due_on.strftime("%Y%m%d"))
    totals = _el(settlement, RAM, "SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(totals, RAM, "LineTotalAmount", amount(invoice.amounts.net_cents))
    _el(totals, RAM, "TaxBasisTotalAmount", amount(invoice.amounts.net_cents))
    _el(totals, RAM, "TaxTotalAmount", amount(invoice.amounts.vat_cents), currencyID="EUR")
    _el(totals, RAM, "GrandTotalAmount", amount(invoice.amounts.gross_cents))
    _el(totals, RAM, "DuePayableAmount", amount(invoice.amounts.gross_cents))
    if credit_of:
        _el(_el(settlement, RAM, "InvoiceReferencedDocument"), RAM, "IssuerAssignedID", credit_of)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue()


def embed(pdf: bytes, xml: bytes, language: str) -> bytes:
    """The PDF/A-3 with the XML attached as factur-x.xml (checked against the XSD first)."""
    return bytes(
        facturx.generate_from_binary(
            pdf, xml, flavor="factur-x", level="basic", check_xsd=True, lang=language
        )
    )
