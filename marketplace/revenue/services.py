"""The revenue context's services as one group (built by the composition root)."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.revenue.connect.service import ConnectService
from marketplace.revenue.connect.views import HolderViews
from marketplace.revenue.ledger_service import LedgerService
from marketplace.revenue.payout_service import PayoutService
from marketplace.revenue.split_service import SplitService
from marketplace.revenue.statement_service import StatementService


@dataclass
class RevenueServices:
    splits: SplitService
    ledger: LedgerService
    payouts: PayoutService
    statements: StatementService
    connect: ConnectService
    holder_views: HolderViews
