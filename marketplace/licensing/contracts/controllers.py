"""The deal's paperwork over the API: its contract (read, downloaded, accepted by each side),
its invoice (read, downloaded) and, for staff, a bank transfer received for it. Either side of
the deal only (404 for anyone else)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_staff, requires_user
from infra.http.dependencies import provide_service
from infra.http.request_context import client_ip_var
from marketplace.licensing.contracts import signing
from marketplace.licensing.contracts.domain import Acceptance, Contract
from marketplace.licensing.contracts.service import ContractService, Signing
from marketplace.licensing.deals.domain import Side
from marketplace.licensing.deals.ports import OrganisationIdentity
from marketplace.licensing.invoicing.service import InvoiceIssuer

DEAL = "/{deal_id:uuid}"
Cents = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)]


class AcceptanceOut(msgspec.Struct):
    name: str
    at: datetime
    sha256: str


class ContractOut(msgspec.Struct):
    deal_id: UUID
    kind: str
    languages: list[str]
    sha256: str
    size: int
    drawn_at: datetime
    partner: AcceptanceOut | None
    rights: AcceptanceOut | None
    accepted_by_both: bool
    url: str


class AcceptIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: str
    sha256: str
    billing: signing.BillingIn | None = None  # the partner's (required from the partner)
    invoicer: signing.InvoicerIn | None = None  # the rights side's (Lakou when absent)


class InvoiceOut(msgspec.Struct):
    deal_id: UUID
    number: str
    issued_by: str
    issued_at: datetime
    due_on: date
    vat_rule: str
    vat_rate_bp: int
    net_cents: int
    vat_cents: int
    gross_cents: int
    buyer_vat_number: str
    vies: str
    paid_at: datetime | None
    paid_via: str
    url: str


class BankTransferIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    amount_cents: Cents
    reference: str


def _acceptance(found: Acceptance | None) -> AcceptanceOut | None:
    return AcceptanceOut(found.name, found.at, found.sha256) if found else None


def contract_out(contract: Contract) -> ContractOut:
    return ContractOut(
        deal_id=contract.deal_id,
        kind=contract.kind.value,
        languages=list(contract.languages),
        sha256=contract.sha256,
        size=contract.size,
        drawn_at=contract.drawn_at,
        partner=_acceptance(contract.partner),
        rights=_acceptance(contract.rights),
        accepted_by_both=contract.accepted_by_both,
        url=f"/api/licensing/deals/{contract.deal_id}/contract.pdf",
    )


def invoice_out(row: dict[str, Any]) -> InvoiceOut:
    return InvoiceOut(
        deal_id=row["deal_id"],
        number=row["number"],
        issued_by=row["issued_by"],
        issued_at=row["issued_at"],
        due_on=row["due_on"],
        vat_rule=row["vat_rule"],
        vat_rate_bp=int(row["vat_rate_bp"]),
        net_cents=int(row["net_cents"]),
        vat_cents=int(row["vat_cents"]),
        gross_cents=int(row["gross_cents"]),
        buyer_vat_number=row["buyer_vat_number"],
        vies=row["vies"],
        paid_at=row["paid_at"],
        paid_via=row["paid_via"],
        url=f"/api/licensing/deals/{row['deal_id']}/invoice.pdf",
    )


def pdf_response(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content=content,
        media_type="application/pdf",
        headers={
            "content-disposition": f'inline; filename="{filename}"',
            "cache-control": "private, no-store",
        },
    )


def signing_of(data: AcceptIn, side: Side, holder: OrganisationIdentity | None) -> Signing:
    if side is Side.PARTNER:
        details = signing.billing(data.billing or signing.BillingIn(country=""))
    else:
        details = signing.invoicer(data.invoicer or signing.InvoicerIn(), holder)
    return Signing(data.name, data.sha256.strip().lower(), client_ip_var.get() or "", details)


class PaperworkController(Controller):
    path = "/api/licensing/deals"
    tags = ["licensing"]
    guards = [requires_user]
    dependencies = {
        "contracts": provide_service(ContractService),
        "invoices": provide_service(InvoiceIssuer),
        "me": Provide(provide_user),
    }

    @get(DEAL + "/contract")
    async def contract(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        contracts: NamedDependency[ContractService],
    ) -> ContractOut:
        """The deal's contract and who accepted it; 404 `contract_not_ready` until drawn (a
        worker draws it just after the partner accepts the quote)."""
        _, _, contract = await contracts.of_deal(me, deal_id)
        return contract_out(contract)

    @get(DEAL + "/contract.pdf", media_type="application/pdf")
    async def contract_pdf(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        contracts: NamedDependency[ContractService],
    ) -> Response[bytes]:
        contract, pdf = await contracts.pdf(me, deal_id)
        return pdf_response(pdf, f"contrat-{str(contract.deal_id)[-8:]}.pdf")

    @post(DEAL + "/contract/accept", status_code=HTTP_200_OK)
    async def accept_contract(
        self,
        deal_id: FromPath[UUID],
        data: JSONBody[AcceptIn],
        me: NamedDependency[Principal],
        contracts: NamedDependency[ContractService],
    ) -> ContractOut:
        """The caller's side accepts the contract whose `sha256` it read, signing with its
        name; the partner gives its billing details (country, VAT number), the rights side
        who invoices. Once both accepted, the invoice is issued and payment opens."""
        deal, side, _ = await contracts.of_deal(me, deal_id)
        holder = await contracts.holding_organisation(deal)
        return contract_out(await contracts.accept(me, deal_id, signing_of(data, side, holder)))

    @get(DEAL + "/invoice")
    async def invoice(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        invoices: NamedDependency[InvoiceIssuer],
    ) -> InvoiceOut:
        """The deal's invoice: its number, VAT rule, totals, due day and payment."""
        return invoice_out(await invoices.of_deal(me, deal_id))

    @get(DEAL + "/invoice.pdf", media_type="application/pdf")
    async def invoice_pdf(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        invoices: NamedDependency[InvoiceIssuer],
    ) -> Response[bytes]:
        """The Factur-X invoice: a PDF/A-3 carrying its CII XML."""
        row, pdf = await invoices.pdf(me, deal_id)
        return pdf_response(pdf, f"{row['number']}.pdf")


class StaffPaymentController(Controller):
    path = "/api/staff/licensing/deals"
    tags = ["licensing"]
    guards = [requires_staff]
    dependencies = {"invoices": provide_service(InvoiceIssuer), "me": Provide(provide_user)}

    @post(DEAL + "/bank-transfer", status_code=HTTP_200_OK)
    async def bank_transfer(
        self,
        deal_id: FromPath[UUID],
        data: JSONBody[BankTransferIn],
        me: NamedDependency[Principal],
        invoices: NamedDependency[InvoiceIssuer],
    ) -> InvoiceOut:
        """Staff record a bank transfer received for a deal's invoice (the exact amount due):
        the deal is licensed, and the audit trail keeps the record."""
        found = await invoices.record_bank_transfer(me, deal_id, data.amount_cents, data.reference)
        return invoice_out(found)
