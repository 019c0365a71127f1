"""How the composition root builds the revenue context (one call from infra/bootstrap.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from infra.db.unit_of_work import UnitOfWork
from infra.settings import PaymentBackend, PaymentSettings
from marketplace.catalogue.repository import CatalogueRepository
from marketplace.catalogue.service import CatalogueService
from marketplace.payments.port import PayoutGateway
from marketplace.revenue.catalogue_works import CatalogueWorks
from marketplace.revenue.ledger_repository import PiccoloLedgerRepository
from marketplace.revenue.ledger_service import LedgerService
from marketplace.revenue.payout_repository import PiccoloPayoutRepository
from marketplace.revenue.payout_service import PayoutService
from marketplace.revenue.split_repository import PiccoloSplitRepository
from marketplace.revenue.split_service import SplitService
from marketplace.revenue.statement_service import StatementService


@dataclass
class RevenueServices:
    splits: SplitService
    ledger: LedgerService
    payouts: PayoutService
    statements: StatementService


def make_payout_gateway(payments: PaymentSettings) -> PayoutGateway:
    """Stripe Connect when Stripe is configured; otherwise the labelled test payouts."""
    if payments.backend is PaymentBackend.STRIPE and payments.stripe_secret_key:
        from marketplace.payments.stripe.connect import StripeConnectPayouts

        return StripeConnectPayouts.from_settings(payments)
    from marketplace.payments.dev.payouts import TestPayouts

    return TestPayouts()


def build_revenue(
    payments: PaymentSettings,
    catalogue: CatalogueService,
    catalogue_repository: CatalogueRepository,
    unit_of_work: Callable[[], UnitOfWork],
    gateway: PayoutGateway | None = None,
) -> RevenueServices:
    works = CatalogueWorks(catalogue, catalogue_repository)
    splits = PiccoloSplitRepository()
    ledger = PiccoloLedgerRepository()
    return RevenueServices(
        splits=SplitService(splits, works, unit_of_work),
        ledger=LedgerService(splits, ledger, works, payments.commission_bp),
        payouts=PayoutService(
            PiccoloPayoutRepository(),
            ledger,
            splits,
            gateway or make_payout_gateway(payments),
            unit_of_work,
        ),
        statements=StatementService(ledger, splits, works),
    )
