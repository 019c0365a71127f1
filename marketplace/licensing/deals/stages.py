"""Where each deal of a list stands (`Stage`): its state, refined for accepted deals by
whether their contract is drawn and their invoice issued. Two queries for a whole list, read
from the paperwork's tables (the contracts' and invoices' own modules write them)."""

from __future__ import annotations

from uuid import UUID

from infra.db.values import as_uuid
from infra.errors import InvalidInput
from infra.i18n.context import N_
from marketplace.licensing.contracts.tables import ContractRow
from marketplace.licensing.deals.domain import Deal, DealState, Paperwork, Stage, stage_of
from marketplace.licensing.deals.errors import DealError
from marketplace.licensing.invoicing.tables import InvoiceRow

STAGE_LABELS = {
    Stage.REQUESTED: N_("Demandée"),
    Stage.QUOTED: N_("Offre reçue"),
    Stage.ACCEPTED: N_("Acceptée, contrat en rédaction"),
    Stage.CONTRACT: N_("Contrat à accepter"),
    Stage.INVOICED: N_("Facturée, à payer"),
    Stage.LICENSED: N_("Payée, licence accordée"),
    Stage.CLOSED: N_("Refusée, expirée ou annulée"),
}


def parse_stage(raw: str | None) -> Stage | None:
    """A list's filter (None: every stage); 422 `unknown_stage` for anything else."""
    if not raw:
        return None
    try:
        return Stage(raw)
    except ValueError:
        allowed = ", ".join(stage.value for stage in Stage)
        raise InvalidInput(DealError.UNKNOWN_STAGE, allowed=allowed) from None


async def stages_of(deals: list[Deal]) -> dict[UUID, Stage]:
    accepted = [deal.id for deal in deals if deal.state is DealState.ACCEPTED]
    drawn: set[UUID] = set()
    invoiced: set[UUID] = set()
    if accepted:
        contracts = await ContractRow.select(ContractRow.deal_id).where(
            ContractRow.deal_id.is_in(accepted)
        )
        drawn = {as_uuid(row["deal_id"]) for row in contracts}
        invoices = await InvoiceRow.select(InvoiceRow.deal_id).where(
            InvoiceRow.deal_id.is_in(accepted)
        )
        invoiced = {as_uuid(row["deal_id"]) for row in invoices}
    return {
        deal.id: stage_of(deal.state, Paperwork(deal.id in drawn, deal.id in invoiced))
        for deal in deals
    }


async def filtered(deals: list[Deal], stage: Stage | None) -> tuple[list[Deal], dict[UUID, Stage]]:
    """The deals at `stage` (all when None), with every listed deal's stage."""
    stages = await stages_of(deals)
    return [deal for deal in deals if stage is None or stages[deal.id] is stage], stages
