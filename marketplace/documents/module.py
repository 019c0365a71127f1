"""Documents: receipts as PDF, numbered without gaps per issuer and per year."""

from __future__ import annotations

from pathlib import Path

from infra.modules import Consumer, ModuleSpec
from infra.services import Services
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.documents import tables
from marketplace.documents.controllers import ReceiptController, ReceiptPages
from marketplace.documents.order_documents import IssuedOrderDocuments
from marketplace.documents.parties import AccountsAndCatalogue
from marketplace.documents.pdf import html_to_pdf
from marketplace.documents.personal_data import PERSONAL_DATA
from marketplace.documents.rendering import ReceiptRenderer
from marketplace.documents.service import ReceiptIssuer
from marketplace.documents.settings import DocumentSettings
from marketplace.orders.events import ORDER_PAID, ORDER_REFUNDED
from marketplace.orders.repository import OrderRepository
from marketplace.orders.staff_orders import OrderDocuments
from media.storage.port import ObjectStorage


def wire(services: Services) -> None:
    storage: type[ObjectStorage] = ObjectStorage  # type: ignore[type-abstract]
    issuer = ReceiptIssuer(
        services.get(DocumentSettings),
        OrderRepository(),
        AccountsAndCatalogue(PiccoloCatalogueRepository()),
        services.get(storage),
        ReceiptRenderer(),
        html_to_pdf,
    )
    services.register(issuer)
    services.register(IssuedOrderDocuments(issuer), as_type=OrderDocuments)


MODULE = ModuleSpec(
    name="documents",
    package="marketplace.documents",
    description="receipts and credit notes as PDF documents, numbered without gaps per issuer "
    "and per year",
    depends_on=("orders",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(ReceiptController, ReceiptPages),
    templates=Path(__file__).parent / "templates",
    settings=DocumentSettings.read,
    wire=wire,
    personal_data=PERSONAL_DATA,
    consumers=(
        Consumer(
            actor="documents.issue_receipt",
            events=(ORDER_PAID,),
            service=ReceiptIssuer,
            handle=ReceiptIssuer.on_order_paid,
        ),
        Consumer(
            actor="documents.issue_credit_note",
            events=(ORDER_REFUNDED,),
            service=ReceiptIssuer,
            handle=ReceiptIssuer.on_order_refunded,
        ),
    ),
)
