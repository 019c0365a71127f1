"""The adapters the settings choose (storage, search, payments, payouts) and the revenue
services, built for the composition root (`lakou.bootstrap`); tests build revenue with a payout
provider of their own."""

from __future__ import annotations

from collections.abc import Callable

from accounts.audit.port import AuditTrail
from infra.db.unit_of_work import UnitOfWork
from infra.settings import PaymentBackend, PaymentSettings, SearchBackend, Settings, StorageBackend
from marketplace.catalogue.repository import CatalogueRepository
from marketplace.catalogue.service import CatalogueService
from marketplace.payments.dev.accounts import TestConnectedAccounts
from marketplace.payments.dev.gateway import DevPaymentGateway
from marketplace.payments.dev.payouts import TestPayouts
from marketplace.payments.port import PaymentGateway, PayoutGateway
from marketplace.revenue.catalogue_works import CatalogueWorks
from marketplace.revenue.connect.accounts import ConnectPayoutAccounts
from marketplace.revenue.connect.ports import ConnectedAccounts
from marketplace.revenue.connect.repository import PiccoloConnectRepository
from marketplace.revenue.connect.service import ConnectService
from marketplace.revenue.connect.views import HolderViews
from marketplace.revenue.ledger_repository import PiccoloLedgerRepository
from marketplace.revenue.ledger_service import LedgerService
from marketplace.revenue.payout_repository import PiccoloPayoutRepository
from marketplace.revenue.payout_service import PayoutService
from marketplace.revenue.ports import SellerNames
from marketplace.revenue.services import RevenueServices
from marketplace.revenue.split_repository import PiccoloSplitRepository
from marketplace.revenue.split_service import SplitService
from marketplace.revenue.statement_service import StatementService
from media.storage.local import LocalFolderStorage
from media.storage.port import ObjectStorage
from media.storage.s3 import S3Storage
from search.meili_index import MeiliIndex
from search.port import SearchIndex
from search.tantivy import TantivyIndex


def make_storage(settings: Settings) -> ObjectStorage:
    storage = settings.storage
    if storage.backend is StorageBackend.LOCAL:
        return LocalFolderStorage(storage.local_root)
    return S3Storage(
        bucket=storage.s3_bucket,
        endpoint_url=storage.s3_endpoint_url,
        access_key_id=storage.s3_access_key_id,
        secret_access_key=storage.s3_secret_access_key,
        region=storage.s3_region,
        public_endpoint_url=storage.s3_public_endpoint_url,
    )


def make_search_index(settings: Settings) -> SearchIndex:
    search = settings.search
    if search.backend is SearchBackend.TANTIVY:
        return TantivyIndex(search.tantivy_path)
    return MeiliIndex(search.meilisearch_url or "", search.meilisearch_key)


def make_payment_gateway(settings: Settings) -> PaymentGateway:
    if settings.payment.backend is PaymentBackend.DEV:
        return DevPaymentGateway()
    # Imported here: only a process configured for Stripe loads its SDK.
    from marketplace.payments.stripe.gateway import StripeGateway

    return StripeGateway.from_settings(settings.payment)


def make_payout_gateway(payments: PaymentSettings) -> PayoutGateway:
    """Stripe Connect when Stripe is configured; otherwise the labelled test payouts."""
    if payments.backend is PaymentBackend.STRIPE and payments.stripe_secret_key:
        from marketplace.payments.stripe.connect import StripeConnectPayouts

        return StripeConnectPayouts.from_settings(payments)
    return TestPayouts()


def make_connected_accounts(payments: PaymentSettings) -> ConnectedAccounts:
    """Stripe Connect Express accounts when Stripe is configured; otherwise the labelled test
    accounts (no account is made anywhere)."""
    if payments.backend is PaymentBackend.STRIPE and payments.stripe_secret_key:
        from marketplace.payments.stripe.accounts import StripeConnectedAccounts

        return StripeConnectedAccounts.from_settings(payments)
    return TestConnectedAccounts()


def build_revenue(
    payments: PaymentSettings,
    catalogue: CatalogueService,
    catalogue_repository: CatalogueRepository,
    unit_of_work: Callable[[], UnitOfWork],
    gateway: PayoutGateway,
    sellers: SellerNames,
    audit: AuditTrail,
    *,
    connected_accounts: ConnectedAccounts | None = None,
    public_url: str = "http://127.0.0.1:8000",
) -> RevenueServices:
    works = CatalogueWorks(catalogue, catalogue_repository)
    splits = PiccoloSplitRepository()
    ledger = PiccoloLedgerRepository()
    connect = PiccoloConnectRepository()
    return RevenueServices(
        splits=SplitService(splits, works, unit_of_work),
        ledger=LedgerService(splits, ledger, works, sellers, payments.commission_bp),
        payouts=PayoutService(
            PiccoloPayoutRepository(),
            ledger,
            splits,
            gateway,
            unit_of_work,
            audit,
            accounts=ConnectPayoutAccounts(connect),
        ),
        statements=StatementService(ledger, splits, works),
        connect=ConnectService(
            connect, connected_accounts or TestConnectedAccounts(), unit_of_work, public_url
        ),
        holder_views=HolderViews(connect, works),
    )
