"""What the deal page shows of a deal's contract and invoice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from infra.errors import NotFound
from marketplace.licensing.contracts.domain import Contract
from marketplace.licensing.contracts.service import ContractService
from marketplace.licensing.invoicing.service import InvoiceIssuer


@dataclass(frozen=True)
class Paperwork:
    """What the deal page shows of the contract and the invoice (None: not yet there)."""

    contract: Contract | None
    invoice: dict[str, Any] | None

    def accepted_by(self, side: str) -> bool:
        if self.contract is None:
            return False
        return (self.contract.partner if side == "partner" else self.contract.rights) is not None


async def paperwork_of(
    contracts: ContractService, invoices: InvoiceIssuer, who: Principal, deal_id: UUID
) -> Paperwork:
    try:
        _, _, contract = await contracts.of_deal(who, deal_id)
    except NotFound:
        return Paperwork(None, None)
    try:
        invoice = await invoices.of_deal(who, deal_id)
    except NotFound:
        invoice = None
    return Paperwork(contract, invoice)
