"""The composition root: the one place that chooses adapters and wires the contexts.

Nothing here runs at import. `build_container` is called once per process (API, worker,
relay, CLI command, test) with settings read at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from piccolo.engine.base import Engine
from piccolo.table import Table
from redis.asyncio import Redis

from infra.db.engine import bind_tables, make_engine
from infra.db.migrations import Migration
from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events import tables as event_tables
from infra.identity import tables as identity_tables
from infra.identity.rate_limit import InMemoryRateLimiter, RedisRateLimiter
from infra.identity.service import IdentityService
from infra.settings import PaymentBackend, SearchBackend, Settings, StorageBackend
from marketplace.activity import tables as activity_tables
from marketplace.catalogue import tables as catalogue_tables
from marketplace.catalogue.main_media import AssetMainMedia
from marketplace.catalogue.media_events import MediaFollower
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.catalogue.service import CatalogueService
from marketplace.catalogue.work_directory import CatalogueSellableWorks, CatalogueWorkDirectory
from marketplace.imports import tables as import_tables
from marketplace.imports.service import ImportService
from marketplace.offers import tables as offer_tables
from marketplace.offers.service import OfferService
from marketplace.orders import tables as order_tables
from marketplace.orders.checkout import CheckoutService
from marketplace.orders.library import LibraryService
from marketplace.orders.settlement import Settlement
from marketplace.payments import tables as payment_tables
from marketplace.payments.dev import tables as dev_payment_tables
from marketplace.payments.dev.gateway import DevPaymentGateway
from marketplace.payments.notifications import PaymentNotifications
from marketplace.payments.port import PaymentGateway
from marketplace.pricing.vat import VatTable
from marketplace.revenue import tables as revenue_tables
from marketplace.revenue.wiring import RevenueServices, build_revenue
from media.access.entitlements import EntitlementService
from media.access.playback import PlaybackService
from media.access.tokens import TokenSigner
from media.assets import tables as media_tables
from media.assets.repository import AssetRepository
from media.plays import PlayService
from media.processing.service import ProcessingService
from media.storage.local import LocalFolderStorage
from media.storage.port import ObjectStorage
from media.storage.s3 import S3Storage
from media.uploads.service import UploadService
from search.meili_index import MeiliIndex
from search.port import SearchIndex
from search.service import IndexingService, SearchService
from search.source import CatalogueSource
from search.tantivy_index import TantivyIndex

# Order matters for foreign keys: identity and catalogue before what refers to them.
TABLES: Sequence[type[Table]] = (
    *event_tables.TABLES,
    *identity_tables.TABLES,
    *catalogue_tables.TABLES,
    *activity_tables.TABLES,
    *media_tables.TABLES,
    *import_tables.TABLES,
    *offer_tables.TABLES,
    *order_tables.TABLES,
    *payment_tables.TABLES,
    *dev_payment_tables.TABLES,
    *revenue_tables.TABLES,
)
MIGRATIONS: Sequence[Migration] = (
    *event_tables.MIGRATIONS,
    *identity_tables.MIGRATIONS,
    *catalogue_tables.MIGRATIONS,
    *activity_tables.MIGRATIONS,
    *media_tables.MIGRATIONS,
    *import_tables.MIGRATIONS,
    *offer_tables.MIGRATIONS,
    *order_tables.MIGRATIONS,
    *payment_tables.MIGRATIONS,
    *dev_payment_tables.MIGRATIONS,
    *revenue_tables.MIGRATIONS,
)


@dataclass
class Container:
    settings: Settings
    engine: Engine[Any]
    redis_url: str | None
    redis: Redis | None
    storage: ObjectStorage
    identity: IdentityService
    catalogue: CatalogueService
    media_follower: MediaFollower
    entitlements: EntitlementService
    uploads: UploadService
    processing: ProcessingService
    playback: PlaybackService
    plays: PlayService
    imports: ImportService
    search: SearchService
    indexing: IndexingService
    payment_gateway: PaymentGateway
    payment_notifications: PaymentNotifications
    offers: OfferService
    settlement: Settlement
    checkout: CheckoutService
    library: LibraryService
    revenue: RevenueServices


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


def connect_database(settings: Settings) -> Engine[Any]:
    engine = make_engine(settings.database)
    bind_tables(engine, TABLES)
    return engine


def build_container(
    settings: Settings, redis_url: str | None, *, payment_gateway: PaymentGateway | None = None
) -> Container:
    """`redis_url` is None only for one-shot commands that need no broker (migrate, seed).

    `payment_gateway` replaces the one the settings choose (tests put a faulty network in
    front of Stripe this way).
    """
    engine = connect_database(settings)
    redis = Redis.from_url(redis_url) if redis_url else None
    limiter = RedisRateLimiter(redis) if redis else InMemoryRateLimiter()
    http, media = settings.http, settings.media
    unit_of_work = partial(PiccoloUnitOfWork, engine)
    storage = make_storage(settings)
    catalogue_repository = PiccoloCatalogueRepository()
    catalogue = CatalogueService(
        catalogue_repository, unit_of_work, AssetMainMedia(AssetRepository())
    )
    works = CatalogueWorkDirectory(catalogue)
    entitlements = EntitlementService()
    uploads = UploadService(media, storage, works, unit_of_work)
    search_index = make_search_index(settings)
    payments = settings.payment
    gateway = payment_gateway or make_payment_gateway(settings)
    sellable = CatalogueSellableWorks(catalogue)
    settlement = Settlement(
        gateway=gateway,
        entitlements=entitlements,
        unit_of_work=unit_of_work,
        livemode=(payments.stripe_secret_key or "").startswith("sk_live"),
        fee_bp=payments.fee_bp,
        fee_fixed_cents=payments.fee_fixed_cents,
    )
    playback = PlaybackService(
        works,
        entitlements,
        TokenSigner(settings.secret_key),
        media.playback_ttl_s,
        download_ttl_s=payments.download_ttl_s,
    )
    return Container(
        settings=settings,
        engine=engine,
        redis_url=redis_url,
        redis=redis,
        storage=storage,
        identity=IdentityService(limiter, http.login_attempts_per_window, http.login_window_s),
        catalogue=catalogue,
        media_follower=MediaFollower(catalogue_repository, unit_of_work),
        entitlements=entitlements,
        uploads=uploads,
        processing=ProcessingService(media, storage, unit_of_work),
        playback=playback,
        plays=PlayService(unit_of_work),
        imports=ImportService(catalogue, uploads, unit_of_work),
        search=SearchService(search_index),
        indexing=IndexingService(search_index, CatalogueSource(catalogue_repository)),
        payment_gateway=gateway,
        payment_notifications=PaymentNotifications(gateway, unit_of_work),
        offers=OfferService(sellable, unit_of_work, entitlements),
        settlement=settlement,
        checkout=CheckoutService(
            works=sellable,
            gateway=gateway,
            settlement=settlement,
            vat_table=VatTable.load(payments.vat_table_path),
            unit_of_work=unit_of_work,
        ),
        library=LibraryService(
            entitlements=entitlements,
            links=playback,
            unit_of_work=unit_of_work,
            download_limit=payments.download_limit,
        ),
        revenue=build_revenue(settings.payment, catalogue, catalogue_repository, unit_of_work),
    )
