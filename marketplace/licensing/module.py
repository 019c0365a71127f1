"""Licensing: rights held (mandates by territory, medium, period, exclusivity and language
version), availability (mandates minus licensed windows) precomputed per work and medium, and
licence deals from a partner's request to a paid, licensed window (sold through the orders
module's `Sellable` port), availability as a map and a calendar, and ready-made sync licences
for music at fixed prices by tier."""

from __future__ import annotations

from pathlib import Path

from accounts.audit.port import AuditTrail
from accounts.organisations.repository import OrganisationRepository
from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.i18n.context import N_
from infra.modules import Consumer, Job, ModuleSpec, NavEntry
from infra.notifications import Notifier
from infra.services import Services
from infra.settings import Settings
from marketplace.catalogue.events import WORK_PUBLISHED
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.catalogue.service import CatalogueService
from marketplace.documents.pdf import html_to_pdf, html_to_pdf_a3
from marketplace.documents.settings import DocumentSettings
from marketplace.licensing import events, tables
from marketplace.licensing.adapters import CatalogueRightsWorks, OrganisationMembers
from marketplace.licensing.availability_pages import AvailabilityPages
from marketplace.licensing.consumers import RightsFollower
from marketplace.licensing.contracts.controllers import PaperworkController, StaffPaymentController
from marketplace.licensing.contracts.pages import DeliveryPages, PaperworkPages
from marketplace.licensing.contracts.service import ContractService
from marketplace.licensing.controllers import (
    AvailabilityController,
    MandateController,
    StaffWindowController,
)
from marketplace.licensing.deals import notifications as deal_notifications
from marketplace.licensing.deals.controllers import DealController
from marketplace.licensing.deals.pages import DealPages
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.deals.sellable import DealSellable
from marketplace.licensing.deals.service import DealService
from marketplace.licensing.deliverables.controllers import (
    DeliverableController,
    DeliveryController,
)
from marketplace.licensing.deliverables.service import DeliverableService
from marketplace.licensing.deliverables.upload_controllers import DeliverableUploadController
from marketplace.licensing.deliverables.uploads import DeliverableUploads
from marketplace.licensing.events import (
    CONTRACT_ACCEPTED,
    CREDIT_NOTE_ISSUED,
    DEAL_SIGNED,
    INVOICE_PAID,
    SYNC_LICENCE_PAID,
)
from marketplace.licensing.invoicing.credit_note_controllers import (
    CreditNoteController,
    CreditNotePages,
    StaffRefundController,
)
from marketplace.licensing.invoicing.credit_notes import CreditNoteIssuer, reverse_fee
from marketplace.licensing.invoicing.notices import CREDIT_NOTE, CreditNoteNotices
from marketplace.licensing.invoicing.paid import TransferredLicences, share_fee
from marketplace.licensing.invoicing.service import InvoiceIssuer
from marketplace.licensing.invoicing.staff_pages import StaffTransferPages
from marketplace.licensing.invoicing.staff_refund_pages import StaffRefundPages
from marketplace.licensing.invoicing.vies import ViesClient
from marketplace.licensing.pages import RightsPages
from marketplace.licensing.repository import LicensingRepository
from marketplace.licensing.service import LicensingService
from marketplace.licensing.settings import LicensingSettings
from marketplace.licensing.sync.billing import OrganisationBilling
from marketplace.licensing.sync.certificate import CertificateRenderer
from marketplace.licensing.sync.controllers import SyncController
from marketplace.licensing.sync.invoice_routes import SyncInvoiceController, SyncInvoicePages
from marketplace.licensing.sync.invoicing import SyncInvoicing
from marketplace.licensing.sync.pages import SyncPages
from marketplace.licensing.sync.repository import SyncRepository
from marketplace.licensing.sync.sellable import SyncSellable
from marketplace.licensing.sync.service import SyncService
from marketplace.orders.events import ORDER_REFUNDED
from marketplace.orders.library import LibraryService
from marketplace.orders.sellable import Sellables
from marketplace.revenue.ledger_service import LedgerService
from marketplace.revenue.split_service import SplitService
from media.access.entitlements import EntitlementService
from media.storage.port import ObjectStorage


def wire(services: Services) -> None:
    works = CatalogueRightsWorks(
        services.get(CatalogueService), PiccoloCatalogueRepository(), services.get(SplitService)
    )

    def unit_of_work() -> PiccoloUnitOfWork:
        return PiccoloUnitOfWork(tables.MandateRow._meta.db)

    members = OrganisationMembers(OrganisationRepository())
    licensing = LicensingService(LicensingRepository(), works, unit_of_work, members)
    services.register(licensing)

    def notifier() -> Notifier:
        # Looked up when a deal changes: the notifications module may be wired after this one.
        return services.get(Notifier)  # type: ignore[type-abstract]

    deals = DealService(licensing, works, DealRepository(), members, notifier, unit_of_work)
    services.register(deals)
    settings = services.get(LicensingSettings)
    storage = services.get(ObjectStorage)  # type: ignore[type-abstract]

    def audit() -> AuditTrail | None:
        return services.get(AuditTrail)  # type: ignore[type-abstract]

    vies = ViesClient(settings.vies_url, settings.vies_timeout_ms)
    invoices = InvoiceIssuer(
        deals,
        services.get(DocumentSettings),
        settings,
        vies,
        storage,
        unit_of_work,
        html_to_pdf_a3,
        audit,
        services.get(EntitlementService),
    )
    services.register(invoices)
    services.register(
        CreditNoteIssuer(
            deals,
            services.get(DocumentSettings),
            storage,
            unit_of_work,
            html_to_pdf_a3,
            services.get(EntitlementService),
            audit,
        )
    )
    services.register(CreditNoteNotices(works, notifier))
    services.get(LibraryService).add_acquisitions(TransferredLicences())
    services.register(
        ContractService(deals, licensing, works, storage, settings, unit_of_work, html_to_pdf)
    )
    deliverables = DeliverableService(deals, storage)
    services.register(deliverables)
    media = services.get(Settings).media
    # Large masters are staged in parts beside the media module's uploads, in a folder of
    # their own.
    staging = media.staging_dir / "licensing-deliverables"
    services.register(DeliverableUploads(deliverables, storage, staging, media.part_size))
    services.get(Sellables).add(DealSellable(deals, services.get(EntitlementService), invoices))
    services.register(RightsFollower(licensing))

    def ledger() -> LedgerService:
        # Looked up when a licence is paid: a test may swap the revenue services meanwhile.
        return services.get(LedgerService)

    billing = OrganisationBilling(OrganisationRepository(), vies)
    sync = SyncService(works, SyncRepository(), ledger, unit_of_work, billing)
    services.register(sync)
    services.register(
        SyncInvoicing(sync, services.get(DocumentSettings), storage, html_to_pdf_a3, unit_of_work)
    )
    services.register(CertificateRenderer())
    services.get(Sellables).add(SyncSellable(sync))


async def expire_unpaid(invoices: InvoiceIssuer) -> int:
    return await invoices.expire_overdue()


async def sweep_staged(uploads: DeliverableUploads) -> int:
    return await uploads.sweep()


MODULE = ModuleSpec(
    name="licensing",
    package="marketplace.licensing",
    description=(
        "rights held (mandates by territory, medium, period, exclusivity, language version) "
        "and availability precomputed per work and medium; the licensed windows' port"
    ),
    depends_on=("catalogue", "revenue", "orders", "media", "organisations", "documents"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(
        MandateController,
        AvailabilityController,
        StaffWindowController,
        RightsPages,
        DealController,
        DealPages,
        AvailabilityPages,
        SyncController,
        SyncPages,
        PaperworkController,
        PaperworkPages,
        DeliveryPages,
        StaffPaymentController,
        StaffTransferPages,
        DeliverableController,
        DeliveryController,
        DeliverableUploadController,
        StaffRefundController,
        CreditNoteController,
        CreditNotePages,
        SyncInvoiceController,
        SyncInvoicePages,
        StaffRefundPages,
    ),
    static=Path(__file__).parent / "static",
    # One entry for both sides: partners' requests and licences, creators' deals to answer.
    nav=(NavEntry(N_("Licences"), "/licences", order=44, audience="signed_in"),),
    notifications=(*deal_notifications.KINDS, CREDIT_NOTE),
    templates=Path(__file__).parent / "templates",
    publishes=events.PUBLISHED,
    consumers=(
        Consumer(
            actor="licensing.follow_release",
            events=(WORK_PUBLISHED,),
            service=RightsFollower,
            handle=RightsFollower.handle,
        ),
        Consumer(
            actor="licensing.draw_contract",
            events=(DEAL_SIGNED,),
            service=ContractService,
            handle=ContractService.on_deal_signed,
        ),
        Consumer(
            actor="licensing.issue_invoice",
            events=(CONTRACT_ACCEPTED,),
            service=InvoiceIssuer,
            handle=InvoiceIssuer.on_contract_accepted,
        ),
        # Revenue's ledger shares a transfer-paid fee by the split sheet (declared here:
        # licensing depends on revenue, which owns the `DirectSale` it allocates).
        Consumer(
            actor="revenue.allocate_licence_fee",
            events=(INVOICE_PAID,),
            service=LedgerService,
            handle=share_fee,
        ),
        # A licence's refund: its credit note (an order's refund; staff record a transfer's).
        Consumer(
            actor="licensing.credit_refund",
            events=(ORDER_REFUNDED,),
            service=CreditNoteIssuer,
            handle=CreditNoteIssuer.on_order_refunded,
        ),
        # A paid sync licence billed to an organisation: its invoice; its refunds: credit notes.
        Consumer(
            actor="licensing.invoice_sync_licence",
            events=(SYNC_LICENCE_PAID,),
            service=SyncInvoicing,
            handle=SyncInvoicing.on_paid,
        ),
        Consumer(
            actor="licensing.credit_sync_refund",
            events=(ORDER_REFUNDED,),
            service=SyncInvoicing,
            handle=SyncInvoicing.on_order_refunded,
        ),
        # Both parties of a credit note told, once.
        Consumer(
            actor="licensing.tell_credit_note",
            events=(CREDIT_NOTE_ISSUED,),
            service=CreditNoteNotices,
            handle=CreditNoteNotices.on_issued,
        ),
        Consumer(
            actor="revenue.reverse_licence_fee",
            events=(CREDIT_NOTE_ISSUED,),
            service=LedgerService,
            handle=reverse_fee,
        ),
    ),
    jobs=(
        Job("licensing.expire_unpaid_deals", 300.0, InvoiceIssuer, expire_unpaid),
        Job("licensing.sweep_staged_deliverables", 3600.0, DeliverableUploads, sweep_staged),
    ),
    settings=LicensingSettings.read,
    wire=wire,
)
