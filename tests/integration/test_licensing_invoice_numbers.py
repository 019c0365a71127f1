"""Licence invoices under concurrent issuing: one holder's series has no gap and no duplicate,
even when some issuings fail and roll back (PostgreSQL: each transaction on its own
connection, the counter row's lock serialising them)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest

from infra.db.engine import write_transaction
from lakou.bootstrap import Container
from marketplace.licensing.deals.domain import Deal, DealState, Offer
from marketplace.licensing.domain import Grant, Period
from marketplace.licensing.invoicing.domain import holder_series
from marketplace.licensing.invoicing.repository import InvoiceRepository
from marketplace.licensing.invoicing.service import InvoiceIssuer
from marketplace.licensing.invoicing.vat_numbers import VatNumberCheck, ViesAnswer

HOLDER = uuid4()
FRANCHISE = {
    "by": "holder",
    "legal_name": "Ti Jo Musique",
    "address": ["Le Lamentin"],
    "country": "MQ",
    "vat_status": "franchise",
}
NO_NUMBER = VatNumberCheck("", False, ViesAnswer.NOT_ASKED, "", datetime.now(UTC))


class Abandoned(Exception):
    """Raised after issuing, inside the transaction, to roll it back."""


def _deal() -> Deal:
    now = datetime.now(UTC)
    grant = Grant("svod", "*", frozenset({"CA"}), Period.inclusive(date(2027, 1, 1), None), False)
    return Deal(
        id=uuid4(),
        work_id=uuid4(),
        grant=grant,
        territory="CA",
        partner_org_id=uuid4(),
        partner_user_id=uuid4(),
        licensee="Maple Films",
        rights_user_id=uuid4(),
        signatory_id=HOLDER,
        intended_use="",
        budget_cents=None,
        state=DealState.ACCEPTED,
        offer=Offer(50_000, "", now),
        note="",
        order_id=None,
        created_at=now,
        updated_at=now,
    )


async def _issue(container: Container, fail: bool) -> Any:
    issuer = container.services.get(InvoiceIssuer)
    async with write_transaction(container.engine):
        invoice = await issuer.issue(_deal(), {"country": "CA"}, FRANCHISE, NO_NUMBER, "fr", "")
        if fail:
            raise Abandoned
        return invoice


@pytest.mark.postgres_only
async def test_concurrent_invoices_of_one_holder_keep_a_gapless_series(
    container: Container,
) -> None:
    plan = [index % 4 == 3 for index in range(16)]  # every fourth issuing fails
    results = await asyncio.gather(
        *(_issue(container, fail) for fail in plan), return_exceptions=True
    )
    issued = [r for r in results if not isinstance(r, BaseException)]
    assert all(isinstance(r, Abandoned) for r in results if isinstance(r, BaseException))
    assert len(issued) == 12
    series = holder_series(HOLDER)
    year = issued[0].issued_at.year
    numbers = await InvoiceRepository().numbers(series)
    assert numbers == [f"{series}-{year}-{n:06d}" for n in range(1, 13)]
