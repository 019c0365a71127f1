"""The composition root: the one place that chooses adapters and wires the contexts.

Nothing here runs at import. `build_container` is called once per process (API, worker,
relay, CLI command, test) with settings read at start-up. Its keyword arguments replace an
adapter the settings would choose (tests put a faulty network in front of Stripe, or a payout
provider of their own). Every service is also registered by type in `services`, where the
actors, the periodic jobs and the extensions find them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from piccolo.engine.base import Engine
from redis.asyncio import Redis

import infra
from accounts.apikeys.wiring import register_api_keys
from accounts.audit.names import AccountNames, ActorNames
from accounts.audit.port import AuditTrail
from accounts.audit.trail import PiccoloAuditTrail
from accounts.notifications.wiring import Notifications, build_notifications
from accounts.organisations.wiring import register_organisations
from accounts.privacy.links import ExportLinks
from accounts.privacy.service import PrivacyService
from accounts.rate_limit import InMemoryRateLimiter, RateLimiter, RedisRateLimiter
from accounts.service import IdentityService
from calls.ports import ApplicantWorks
from calls.wiring import register_calls
from infra.changes import ChangeNotices, LocalChangeNotices, RedisChangeNotices
from infra.db.engine import bind_tables, make_engine
from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.i18n.catalogues import Catalogues
from infra.i18n.context import install as install_catalogues
from infra.mail import MailTransport, make_mail_transport
from infra.modules import (
    ModuleError,
    ModuleSpec,
    all_tables,
    check_events,
    locale_dir,
    ordered,
)
from infra.personal_data import PersonalDataSources
from infra.services import Services
from infra.settings import (
    Settings,
    SettingsError,
    SettingsReader,
)
from lakou.adapters import (
    build_revenue,
    make_connected_accounts,
    make_payment_gateway,
    make_payout_gateway,
    make_search_index,
    make_storage,
)
from lakou.call_adapters import CatalogueApplicantWorks
from lakou.call_fees import sell_entry_fees
from lakou.extensions import load_extensions
from lakou.moderation_adapters import CreatorTarget, WorkTarget
from lakou.modules import CORE_MODULES
from lakou.screener_streams import serve_marked_copies
from lakou.stand_moderation import StandTarget
from marketplace.activity.service import ActivityLog
from marketplace.catalogue.main_media import AssetMainMedia
from marketplace.catalogue.media_events import MediaFollower
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.catalogue.service import CatalogueService
from marketplace.catalogue.work_directory import (
    CatalogueOwnedTitles,
    CatalogueSellableWorks,
    CatalogueWorkDirectory,
    CatalogueWorkTitles,
)
from marketplace.imports.repository import ImportRepository
from marketplace.imports.service import ImportService
from marketplace.markets.programme.passes import PremierePasses
from marketplace.markets.stands import StandService
from marketplace.markets.wiring import register_markets
from marketplace.moderation.wiring import register_moderation
from marketplace.offers.repository import OfferRepository
from marketplace.offers.sellable import OfferSellable
from marketplace.offers.service import OfferService
from marketplace.orders.checkout import CheckoutService
from marketplace.orders.library import LibraryService
from marketplace.orders.notifications import OrderNotifications
from marketplace.orders.repository import OrderRepository
from marketplace.orders.sellable import Sellables
from marketplace.orders.settlement import Settlement
from marketplace.payments.notifications import PaymentNotifications
from marketplace.payments.port import PaymentGateway, PayoutGateway
from marketplace.pricing.vat import VatTable
from marketplace.revenue.notifications import RevenueNotifications
from marketplace.revenue.services import RevenueServices
from marketplace.revenue.split_repository import PiccoloSplitRepository
from marketplace.screeners.wiring import register_screeners
from marketplace.webhooks.wiring import register_webhooks
from media.access.entitlements import EntitlementService
from media.access.playback import PlaybackService
from media.access.tokens import TokenSigner
from media.assets.repository import AssetRepository
from media.plays.service import PlayService
from media.processing.service import ProcessingService
from media.storage.port import ObjectStorage
from media.uploads.service import UploadService
from scheduling.wiring import register_scheduling
from search.service import IndexingService, SearchService
from search.source import CatalogueSource


@dataclass
class Container:
    settings: Settings
    engine: Engine[Any]
    redis_url: str | None
    redis: Redis | None
    # Commits announced to whoever watches them (`infra.changes`).
    notices: ChangeNotices
    modules: tuple[ModuleSpec, ...]
    services: Services
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
    sellables: Sellables
    audit: AuditTrail
    notifications: Notifications

    def use_revenue(self, revenue: RevenueServices) -> None:
        """Swap the revenue services (a test's own payout provider), registry included."""
        self.revenue = revenue
        for service in vars(revenue).values():
            self.services.replace(service)


def enabled_modules(settings: Settings) -> tuple[ModuleSpec, ...]:
    """The core modules and the enabled extensions, dependencies first."""
    try:
        extensions = load_extensions(settings.extensions, CORE_MODULES)
        modules = tuple(ordered((*CORE_MODULES, *extensions)))
        check_events(modules)
        return modules
    except ModuleError as error:
        raise SettingsError(str(error)) from None


def connect_database(settings: Settings, modules: Sequence[ModuleSpec]) -> Engine[Any]:
    engine = make_engine(settings.database)
    bind_tables(engine, all_tables(modules))
    return engine


def build_container(
    settings: Settings,
    redis_url: str | None,
    *,
    payment_gateway: PaymentGateway | None = None,
    payout_gateway: PayoutGateway | None = None,
    mail_transport: MailTransport | None = None,
    storage: ObjectStorage | None = None,
) -> Container:
    """`redis_url` is None only for one-shot commands that need no broker (migrate, seed).
    The keyword arguments replace an adapter the settings would choose (tests' faults)."""
    modules = enabled_modules(settings)
    engine = connect_database(settings, modules)
    redis = Redis.from_url(redis_url) if redis_url else None
    notices = RedisChangeNotices(redis_url) if redis_url else LocalChangeNotices()
    limiter = RedisRateLimiter(redis) if redis else InMemoryRateLimiter()
    # Built first: most contexts tell people things through it.
    notifications = build_notifications(
        settings, modules, engine, mail_transport or make_mail_transport(settings)
    )
    identity = IdentityService(
        limiter, settings.http.login_attempts_per_window, settings.http.login_window_s
    )
    media = settings.media
    unit_of_work = partial(PiccoloUnitOfWork, engine)
    storage = storage or make_storage(settings)
    # Staff actions are recorded in the transaction that makes them (accounts.audit).
    audit = PiccoloAuditTrail()
    catalogue_repository = PiccoloCatalogueRepository()
    assets = AssetRepository()
    catalogue = CatalogueService(
        catalogue_repository, unit_of_work, AssetMainMedia(assets), audit=audit
    )
    works = CatalogueWorkDirectory(catalogue)
    entitlements = EntitlementService()
    uploads = UploadService(media, storage, works, unit_of_work, assets)
    search_index = make_search_index(settings)
    payments = settings.payment
    gateway = payment_gateway or make_payment_gateway(settings)
    sellable = CatalogueSellableWorks(catalogue)
    offer_repository, order_repository = OfferRepository(), OrderRepository()
    # Works and bundles are the first things sold; extensions add theirs in their `wire`.
    sellables = Sellables([OfferSellable(sellable, entitlements, offer_repository)])
    settlement = Settlement(
        gateway=gateway,
        sellables=sellables,
        unit_of_work=unit_of_work,
        livemode=(payments.stripe_secret_key or "").startswith("sk_live"),
        fee_bp=payments.fee_bp,
        fee_fixed_cents=payments.fee_fixed_cents,
        orders=order_repository,
        offers=offer_repository,
        audit=audit,
    )
    playback = PlaybackService(
        works,
        entitlements,
        TokenSigner(settings.secret_key),
        media.playback_ttl_s,
        download_ttl_s=payments.download_ttl_s,
        repository=assets,
    )
    container = Container(
        settings=settings,
        engine=engine,
        redis_url=redis_url,
        redis=redis,
        notices=notices,
        modules=modules,
        services=Services(),
        storage=storage,
        identity=identity,
        catalogue=catalogue,
        media_follower=MediaFollower(catalogue_repository, unit_of_work),
        entitlements=entitlements,
        uploads=uploads,
        processing=ProcessingService(media, storage, unit_of_work, assets, notices),
        playback=playback,
        plays=PlayService(
            unit_of_work, assets, works, TokenSigner(settings.secret_key), settings.secret_key
        ),
        imports=ImportService(catalogue, uploads, unit_of_work, ImportRepository(), assets),
        search=SearchService(search_index),
        indexing=IndexingService(search_index, CatalogueSource(catalogue_repository)),
        payment_gateway=gateway,
        payment_notifications=PaymentNotifications(gateway, unit_of_work),
        offers=OfferService(sellable, unit_of_work, entitlements, offer_repository, audit=audit),
        settlement=settlement,
        checkout=CheckoutService(
            sellables=sellables,
            gateway=gateway,
            settlement=settlement,
            vat_table=VatTable.load(payments.vat_table_path),
            unit_of_work=unit_of_work,
            offers=offer_repository,
            orders=order_repository,
        ),
        library=LibraryService(
            entitlements=entitlements,
            links=playback,
            unit_of_work=unit_of_work,
            download_limit=payments.download_limit,
            orders=order_repository,
            titles=CatalogueOwnedTitles(catalogue_repository),
        ),
        revenue=build_revenue(
            payments,
            catalogue,
            catalogue_repository,
            unit_of_work,
            payout_gateway or make_payout_gateway(payments),
            identity,
            audit,
            connected_accounts=make_connected_accounts(payments),
            public_url=settings.http.public_url,
        ),
        sellables=sellables,
        audit=audit,
        notifications=notifications,
    )
    # One limiter for every process's counters (stand codes' guesses among them).
    container.services.register(limiter, as_type=RateLimiter)
    _register(container)
    # What can be reported: works and creator profiles through the catalogue, markets' stands.
    report_targets = register_moderation(container.services, unit_of_work, limiter)
    report_targets.add(WorkTarget(catalogue, catalogue_repository))
    report_targets.add(CreatorTarget(catalogue))
    report_targets.add(StandTarget(container.services.get(StandService)))
    # Every process speaks the enabled modules' languages (pages, API errors, later e-mail).
    install_catalogues(Catalogues.load(catalogue_dirs(modules)))
    for section in module_settings(settings, modules):
        container.services.register(section)
    # Webhooks read their own settings section, registered just above.
    register_webhooks(container.services, partial(PiccoloUnitOfWork, container.engine))
    for spec in modules:
        if spec.wire is not None:
            spec.wire(container.services)
    # Media's wire registered its marked copies: the screeners serve them.
    serve_marked_copies(container.services)
    return container


def catalogue_dirs(modules: Sequence[ModuleSpec]) -> list[Path]:
    """The platform's catalogues, then each enabled module's."""
    platform = Path(infra.__file__).parent / "locale"
    return [platform, *(folder for spec in modules if (folder := locale_dir(spec)) is not None)]


def module_settings(settings: Settings, modules: Sequence[ModuleSpec]) -> list[object]:
    """Each module's own settings section, read once; a wrong value names its variable."""
    reader = SettingsReader(settings.variables)
    return [spec.settings(reader) for spec in modules if spec.settings is not None]


def _register(container: Container) -> None:
    """Every service the container holds, by its type (ports by the port's type)."""
    registry = container.services
    registry.register(container.settings)
    registry.register(container.storage, as_type=ObjectStorage)
    registry.register(container.payment_gateway, as_type=PaymentGateway)
    registry.register(container.sellables)
    registry.register(container.audit, as_type=AuditTrail)
    registry.register(container.notices, as_type=ChangeNotices)
    container.notifications.register(registry)
    registry.register(AccountNames(), as_type=ActorNames)
    for name in (
        "identity",
        "catalogue",
        "media_follower",
        "entitlements",
        "uploads",
        "processing",
        "playback",
        "plays",
        "imports",
        "search",
        "indexing",
        "payment_notifications",
        "offers",
        "settlement",
        "checkout",
        "library",
    ):
        registry.register(getattr(container, name))
    for service in vars(container.revenue).values():
        registry.register(service)
    registry.register(ActivityLog(CatalogueWorkTitles(PiccoloCatalogueRepository())))
    notifier = container.notifications.notifier
    registry.register(
        OrderNotifications(notifier, CatalogueOwnedTitles(PiccoloCatalogueRepository()))
    )
    registry.register(RevenueNotifications(notifier, PiccoloSplitRepository()))
    register_organisations(registry, partial(PiccoloUnitOfWork, container.engine))
    register_api_keys(registry, partial(PiccoloUnitOfWork, container.engine))
    register_calls(registry, partial(PiccoloUnitOfWork, container.engine))
    registry.register(CatalogueApplicantWorks(PiccoloCatalogueRepository()), as_type=ApplicantWorks)
    sell_entry_fees(registry)
    register_scheduling(
        registry, partial(PiccoloUnitOfWork, container.engine), container.settings.secret_key
    )
    register_markets(registry, partial(PiccoloUnitOfWork, container.engine))
    container.entitlements.add_passes(registry.get(PremierePasses))
    # Screeners (their marked copies are media's, plugged in once media is wired).
    register_screeners(registry, partial(PiccoloUnitOfWork, container.engine))
    # Personal data: the modules' declarations, and the service that exports and erases them.
    registry.register(
        PersonalDataSources(
            tuple(
                (spec.name, spec.personal_data) for spec in container.modules if spec.personal_data
            )
        )
    )
    registry.register(
        PrivacyService(
            registry,
            container.identity,
            container.storage,
            ExportLinks(container.settings.secret_key),
        )
    )
