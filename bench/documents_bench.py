"""What a PDF receipt costs: rendering its HTML, turning it into a PDF, issuing it.

- `html`: `ReceiptRenderer.html` (Jinja with gettext, money and dates in the buyer's language):
  the bare baseline, what the same receipt costs as a web page.
- `pdf`: the same HTML laid out and written as PDF by WeasyPrint (`html_to_pdf`).
- `issue`: `ReceiptIssuer.issue` in its write transaction: the number allocated (counter row
  locked), the HTML and PDF, the object stored (local storage), the document row written. The
  counter row stays locked meanwhile, so 1 / issue is the most receipts one issuer gives out per
  second.

A receipt of `LAKOU_BENCH_LINES` (3) lines in Creole; medians of `LAKOU_BENCH_RECEIPTS` (40)
receipts. SQLite in a temporary folder unless `LAKOU_BENCH_DATABASE_URL` names another database.
Last line: RESULT html_ms=<x> pdf_ms=<x> pdf_over_html=<x> issue_ms=<x> pdf_kb=<x>
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infra.db.engine import ensure_pool, write_transaction
from infra.db.migrations import migrate
from infra.ids import new_id
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import build_container, connect_database, enabled_modules
from marketplace.documents.domain import Receipt, ReceiptLine
from marketplace.documents.parties import Buyer
from marketplace.documents.pdf import html_to_pdf
from marketplace.documents.rendering import ReceiptRenderer
from marketplace.documents.service import ReceiptIssuer
from marketplace.documents.settings import DocumentSettings
from marketplace.orders.domain import Order, OrderLine, OrderStatus

RECEIPTS = int(os.environ.get("LAKOU_BENCH_RECEIPTS", "40"))
LINES = int(os.environ.get("LAKOU_BENCH_LINES", "3"))
LANGUAGE = "gcf-MQ"


def _lines() -> tuple[OrderLine, ...]:
    return tuple(
        OrderLine(
            id=new_id(),
            item_id=new_id(),
            kind="work",
            seller_id=new_id(),
            title=f"Bèlè de la Lune {n}",
            work_ids=(),
            work_weights=(),
            pricing="fixed",
            list_cents=800,
            discount_cents=0,
            gross_cents=800,
            vat_rate_bp=850,
            vat_cents=63,
            net_cents=737,
        )
        for n in range(LINES)
    )


def _order() -> Order:
    now = datetime.now(UTC)
    return Order(
        id=new_id(),
        buyer_id=new_id(),
        buyer_country="MQ",
        status=OrderStatus.PAID,
        lines=_lines(),
        checkout_key="bench",
        created_at=now,
        updated_at=now,
        gateway="test",
        paid_at=now,
    )


def _receipt(order: Order) -> Receipt:
    return Receipt(
        number="LK-2026-000001",
        order_id=order.id,
        issued_at=datetime.now(UTC),
        paid_at=datetime.now(UTC),
        buyer_name="Ti Jo",
        buyer_country="MQ",
        language=LANGUAGE,
        test_payment=True,
        lines=tuple(
            ReceiptLine(line.title, "Léna Tanbouyé", 1, 737, 850, 63, 800) for line in order.lines
        ),
    )


def _median_s(action: object, times: int) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


async def run(settings: Settings) -> str:
    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, None)
    await ensure_pool(container.engine, settings.database.pool_size)
    seller = container.services.get(DocumentSettings).seller
    renderer = ReceiptRenderer()
    receipt = _receipt(_order())
    renderer.html(receipt, seller)  # templates compiled, fonts loaded: not what is measured
    html_to_pdf(renderer.html(receipt, seller))
    html_s = _median_s(lambda: renderer.html(receipt, seller), RECEIPTS)
    pdf_s = _median_s(lambda: html_to_pdf(renderer.html(receipt, seller)), RECEIPTS)
    size = len(html_to_pdf(renderer.html(receipt, seller)))

    issuer = container.services.get(ReceiptIssuer)
    buyer = Buyer(name="Ti Jo", language=LANGUAGE)
    issue_s = []
    for _ in range(RECEIPTS):
        order = _order()
        names = {line.id: "Léna Tanbouyé" for line in order.lines}
        started = time.perf_counter()
        async with write_transaction(container.engine):
            await issuer.issue(order, buyer, names)
        issue_s.append(time.perf_counter() - started)
    issue = statistics.median(issue_s)
    print(f"receipt of {LINES} lines, {RECEIPTS} receipts, {settings.database.url.split(':')[0]}")
    print(f"html (Jinja + gettext)    {html_s * 1000:8.2f} ms")
    print(f"html + pdf (WeasyPrint)   {pdf_s * 1000:8.2f} ms  ({pdf_s / html_s:.0f} x html)")
    print(f"issue (number, pdf, store, row) {issue * 1000:8.2f} ms  ({1 / issue:.1f} receipts/s)")
    return (
        f"RESULT html_ms={html_s * 1000:.2f} pdf_ms={pdf_s * 1000:.1f} "
        f"pdf_over_html={pdf_s / html_s:.0f} issue_ms={issue * 1000:.1f} pdf_kb={size / 1024:.1f}"
    )


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="lakou-documents-bench-"))
    try:
        settings = Settings.from_env(
            {
                "LAKOU_VAR_DIR": str(folder),
                "LAKOU_SECRET_KEY": "bench-secret-key-" + "x" * 32,
                "LAKOU_DATABASE_URL": os.environ.get("LAKOU_BENCH_DATABASE_URL")
                or f"sqlite:///{folder / 'bench.sqlite3'}",
            }
        )
        print(asyncio.run(run(settings)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
