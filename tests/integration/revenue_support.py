"""Helpers for the revenue tests: a payout gateway of the test's choice, works and events."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any
from uuid import UUID, uuid4

from accounts.domain import Principal, Role
from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events.envelope import EventEnvelope
from infra.ids import new_id
from lakou.adapters import build_revenue
from lakou.bootstrap import Container
from marketplace.catalogue.creators import CreatorDetails
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import WorkDetails
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.catalogue.values import CreatorKind
from marketplace.payments.port import PayoutGateway
from marketplace.revenue.connect.ports import ConnectedAccounts
from marketplace.revenue.services import RevenueServices


async def attach_revenue(
    container: Container,
    gateway: PayoutGateway | None = None,
    *,
    connected_accounts: ConnectedAccounts | None = None,
) -> RevenueServices:
    if gateway is None and connected_accounts is None:
        return container.revenue
    services = build_revenue(
        container.settings.payment,
        container.catalogue,
        PiccoloCatalogueRepository(),
        partial(PiccoloUnitOfWork, container.engine),
        gateway or container.revenue.payouts._gateway,
        container.identity,
        container.audit,
        connected_accounts=connected_accounts,
        public_url=container.settings.http.public_url,
    )
    container.use_revenue(services)
    return services


def creator_principal(user_id: UUID | None = None) -> Principal:
    return Principal(user_id or uuid4(), "c@example.test", "Creator", Role.CREATOR)


async def make_work(container: Container, owner: Principal, title: str = "Bèlè lalin") -> UUID:
    creator = await container.catalogue.create_creator(
        owner, CreatorDetails(kind=CreatorKind.PERSON, name="Man Ya")
    )
    work = await container.catalogue.create_work(
        owner, creator.id, WorkDetails(titles={"fr": title}, discipline=Discipline("music"))
    )
    return work.id


def paid_event(
    lines: list[dict[str, Any]],
    fee: int = 0,
    order_id: str | None = None,
    paid_at: datetime | None = None,
) -> EventEnvelope:
    order_id = order_id or str(uuid4())
    moment = paid_at or datetime.now(UTC)
    payload = {
        "order_id": order_id,
        "buyer_id": str(uuid4()),
        "buyer_country": "MQ",
        "currency": "eur",
        "gateway": "test",
        "payment_id": "pay_1",
        "paid_at": moment.isoformat(),
        "total_cents": sum(line["gross_cents"] for line in lines),
        "payment_fee_cents": fee,
        "lines": lines,
    }
    return EventEnvelope(new_id(), "order.paid", uuid4(), payload, moment)


def line(
    work_ids: list[UUID], gross: int, vat: int = 0, weights: list[int] | None = None
) -> dict[str, Any]:
    return {
        "line_id": str(uuid4()),
        "offer_id": None,
        "kind": "work" if len(work_ids) == 1 else "bundle",
        "work_ids": [str(w) for w in work_ids],
        "work_weights": weights or [1] * len(work_ids),
        "quantity": 1,
        "gross_cents": gross,
        "net_cents": gross - vat,
        "vat_cents": vat,
        "vat_rate_bp": 850,
        "discount_cents": 0,
    }


def refunded_event(order_id: str, amount: int, total: int, refunded_so_far: int) -> EventEnvelope:
    payload = {
        "order_id": order_id,
        "refund_id": f"re_{uuid4().hex[:12]}",
        "amount_cents": amount,
        "total_refunded_cents": refunded_so_far,
        "total_cents": total,
        "full": refunded_so_far == total,
        "currency": "eur",
    }
    return EventEnvelope(new_id(), "order.refunded", uuid4(), payload, datetime.now(UTC))
