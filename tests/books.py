"""Do the books balance? Orders, payments, entitlements and ledger entries, read from the database.

The fault tests call `assert_books_balance` at their end (issue 19: "after each fault, the sums
of orders, payments, entitlements and ledger entries agree"); `bench/load_bench.py` calls it
after the load. The rules checked are the application's own:

- a settled order's total is the sum of its lines; what was refunded stays within it, and the
  status says how much (`marketplace/orders/domain.py`);
- paid through the test gateway: exactly one succeeded payment of the order's total, refunded as
  much as the order says; paid outside a gateway (cash at a stand, a code, a free order): no
  payment; a payment that succeeded for an order still pending is money taken for nothing;
- every work of a settled line sold by the offers' `Sellable` has its entitlement for the buyer,
  revoked when (and only when) the order is refunded in full; no purchase entitlement without
  its settled order;
- the ledger (`marketplace/revenue/domain/allocation.py`): each line's entries other than
  `cash_collected` add up to its gross, VAT to its VAT, the fee entries to the order's fee (capped
  at the net), the commission to its rate of the net after the fee (rounded down); a cash sale
  owes its gross back (`cash_collected`); the work sales add up to the line's gross;
- refunds: reversals add up to what was refunded, each takes from an entry of the same order no
  more than it holds, and each refund takes from every entry in proportion to what it still held
  (largest remainder: within one cent of the exact share).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from piccolo.engine.base import Engine

from infra.db.engine import bind_tables
from marketplace.orders.tables import OrderRow
from marketplace.payments.dev.tables import DevPaymentRow
from marketplace.revenue.domain.money import basis_points_floor
from marketplace.revenue.tables import LedgerEntryRow, SaleRow
from media.assets.tables import EntitlementRow

SETTLED = frozenset({"paid", "fulfilled", "partially_refunded", "refunded"})
# Gateways of orders settled outside a payment provider (marketplace/orders/recorded.py).
OUTSIDE = frozenset({"none", "stand", "code"})
CASH = "cash_collected"
TABLES = (OrderRow, DevPaymentRow, EntitlementRow, LedgerEntryRow, SaleRow)


@dataclass(frozen=True)
class Books:
    orders: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    entitlements: list[dict[str, Any]]
    entries: list[dict[str, Any]]
    sales: list[dict[str, Any]]


async def read_books(engine: Engine[Any]) -> Books:
    bind_tables(engine, TABLES)  # the engine the caller's container already bound, in tests
    orders = await OrderRow.select().output(load_json=True)
    return Books(
        orders=[{**row, "lines": _json(row["lines"])} for row in orders],
        payments=await DevPaymentRow.select(),
        entitlements=await EntitlementRow.select().where(EntitlementRow.source.like("order:%")),
        entries=await LedgerEntryRow.select(),
        sales=await SaleRow.select(),
    )


async def assert_books_balance(engine: Engine[Any], commission_bp: int | None = None) -> None:
    problems = books_problems(await read_books(engine), commission_bp)
    assert not problems, "the books do not balance:\n" + "\n".join(problems)


async def wait_until_books_balance(
    engine: Engine[Any], commission_bp: int | None = None, timeout_s: float = 60
) -> None:
    """The ledger and the settlements are written by workers: wait for them to catch up, then
    fail with what still does not balance."""
    deadline = time.monotonic() + timeout_s
    while True:
        problems = books_problems(await read_books(engine), commission_bp)
        if not problems:
            return
        if time.monotonic() > deadline:
            raise AssertionError("the books do not balance:\n" + "\n".join(problems))
        await asyncio.sleep(0.3)


def books_problems(books: Books, commission_bp: int | None = None) -> list[str]:
    problems: list[str] = []
    orders = {str(order["id"]): order for order in books.orders}
    payments = _group(books.payments, "order_id")
    entitlements = _group(books.entitlements, "source")
    entries = _group(books.entries, "order_id")
    sales = _group(books.sales, "line_id")
    for order_id, order in orders.items():
        order_problems = [
            *_payment_problems(order, payments.get(order_id, [])),
            *_entitlement_problems(order, entitlements.get(_source(order), [])),
            *_ledger_problems(order, entries.get(order_id, []), sales, commission_bp),
        ]
        problems.extend(f"order {order_id}: {problem}" for problem in order_problems)
    known_sources = {_source(order) for order in orders.values()}
    for source in sorted(set(entitlements) - known_sources):
        problems.append(f"entitlements of {source}, an order that does not exist")
    for order_id in sorted(set(entries) - set(orders)):
        problems.append(f"ledger entries for order {order_id}, which does not exist")
    return problems


def _payment_problems(order: Mapping[str, Any], payments: list[dict[str, Any]]) -> list[str]:
    total, refunded, status = order["total_cents"], order["refunded_cents"], order["status"]
    succeeded = [payment for payment in payments if payment["status"] == "succeeded"]
    if status not in SETTLED:
        return [f"{status} but its test payment succeeded"] if succeeded else []
    problems = []
    if total != sum(line["gross_cents"] for line in order["lines"]):
        problems.append(f"total {total} is not the sum of its lines")
    expected = "refunded" if total and refunded == total else None
    if 0 < refunded < total:
        expected = "partially_refunded"
    if not 0 <= refunded <= total or (expected and status != expected):
        problems.append(f"{status} with {refunded} of {total} cents refunded")
    if expected is None and status in {"refunded", "partially_refunded"}:
        problems.append(f"{status} with nothing refunded")
    gateway = order["gateway"]
    if gateway == "test":
        if len(succeeded) != 1:
            return [*problems, f"paid by {len(succeeded)} succeeded test payments, not one"]
        (payment,) = succeeded
        if payment["id"] != order["payment_id"] or payment["amount_cents"] != total:
            problems.append(f"paid by {payment['id']} of {payment['amount_cents']}, not its total")
        if payment["refunded_cents"] != refunded:
            problems.append(f"refunded {refunded} but its payment {payment['refunded_cents']}")
    elif gateway in OUTSIDE:
        if order["payment_id"] or succeeded:
            problems.append(f"settled outside a gateway ({gateway}) yet has a payment")
        if gateway in {"none", "code"} and total:
            problems.append(f"given for nothing ({gateway}) but its total is {total}")
    elif not order["payment_id"]:
        problems.append(f"paid through {gateway} without a payment")
    return problems


def _entitlement_problems(order: Mapping[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    if order["status"] not in SETTLED:
        return [f"{order['status']} yet grants {len(rows)} entitlements"] if rows else []
    works = {
        str(work_id)
        for line in order["lines"]
        if line.get("item_kind", "offer") == "offer"
        for work_id in line["work_ids"]
    }
    buyer = str(order["buyer_id"])
    held = {str(row["work_id"]): row for row in rows if str(row["user_id"]) == buyer}
    problems = [f"work {work} bought but not entitled" for work in sorted(works - set(held))]
    problems += [f"entitles work {work} it did not sell" for work in sorted(set(held) - works)]
    if len(held) != len(rows):
        problems.append("entitles someone other than its buyer")
    revoke = order["status"] == "refunded"
    for work, row in sorted(held.items()):
        if (row["revoked_at"] is not None) != revoke:
            state = "still entitled" if revoke else "revoked"
            problems.append(f"work {work} {state} while the order is {order['status']}")
    return problems


def _ledger_problems(
    order: Mapping[str, Any],
    rows: list[dict[str, Any]],
    sales: Mapping[str, list[dict[str, Any]]],
    commission_bp: int | None,
) -> list[str]:
    if order["status"] not in SETTLED:
        return [f"{order['status']} yet has {len(rows)} ledger entries"] if rows else []
    sale_rows = [row for row in rows if row["refund_id"] is None]
    if order["total_cents"] and not sale_rows:
        return ["paid but not in the ledger"]
    problems = _sale_problems(order, sale_rows, sales, commission_bp)
    reversals = [row for row in rows if row["refund_id"] is not None]
    return problems + _reversal_problems(order, sale_rows, reversals)


def _sale_problems(
    order: Mapping[str, Any],
    rows: list[dict[str, Any]],
    sales: Mapping[str, list[dict[str, Any]]],
    commission_bp: int | None,
) -> list[str]:
    problems = []
    by_line = _group(rows, "line_id")
    lines = {str(line["line_id"]): line for line in order["lines"]}
    for line_id in sorted(set(by_line) - set(lines)):
        problems.append(f"ledger entries for line {line_id}, not one of its lines")
    cash = order["gateway"] == "stand"
    fees = 0
    for line_id, line in lines.items():
        kinds = _sums(by_line.get(line_id, []))
        gross, vat = line["gross_cents"], line["vat_cents"]
        fee = kinds.get("payment_fee", 0)
        fees += fee
        if sum(kinds.values()) - kinds.get(CASH, 0) != gross:
            problems.append(f"line {line_id}: entries add up to {_total(kinds)}, not {gross}")
        if kinds.get("vat", 0) != vat:
            problems.append(f"line {line_id}: VAT {kinds.get('vat', 0)} in the ledger, not {vat}")
        if kinds.get(CASH, 0) != (-gross if cash else 0):
            problems.append(f"line {line_id}: cash collected {kinds.get(CASH, 0)}")
        if commission_bp is not None and gross - vat - fee >= 0:
            due = basis_points_floor(gross - vat - fee, commission_bp)
            if kinds.get("platform_commission", 0) != due:
                problems.append(f"line {line_id}: commission is not {due}")
        sold = sum(sale["gross_cents"] for sale in sales.get(line_id, []))
        if line["work_ids"] and sold != gross:
            problems.append(f"line {line_id}: work sales add up to {sold}, not {gross}")
    net = sum(line["gross_cents"] - line["vat_cents"] for line in order["lines"])
    if fees != min(order["payment_fee_cents"], net):
        problems.append(f"fee entries add up to {fees}, not {order['payment_fee_cents']}")
    return problems


def _reversal_problems(
    order: Mapping[str, Any], sale_rows: list[dict[str, Any]], reversals: list[dict[str, Any]]
) -> list[str]:
    problems = []
    taken_back = -sum(row["amount_cents"] for row in reversals)
    if taken_back != order["refunded_cents"]:
        problems.append(f"reversals take back {taken_back}, not the {order['refunded_cents']}")
    remaining = {str(row["id"]): row["amount_cents"] for row in sale_rows}
    refunds = _group(reversals, "refund_id")
    # Refunds in the order they were reversed: each shares over what the earlier ones left.
    for refund_id in sorted(refunds, key=lambda key: min(r["occurred_at"] for r in refunds[key])):
        parts: dict[str, int] = defaultdict(int)
        for row in refunds[refund_id]:
            parts[str(row["reverses_id"])] -= row["amount_cents"]
        if set(parts) - set(remaining) or any(cents < 0 for cents in parts.values()):
            problems.append(f"refund {refund_id} reverses entries that are not its sale's")
            continue
        amount, held = sum(parts.values()), sum(remaining.values())
        for entry_id, left in remaining.items():
            part = parts.get(entry_id, 0)
            exact = amount * left / held if held else 0
            if part > left or abs(part - exact) >= 1:
                problems.append(f"refund {refund_id} takes {part} of {left} from {entry_id}")
            remaining[entry_id] = left - part
    return problems


def _source(order: Mapping[str, Any]) -> str:
    order_id = order["id"]
    return f"order:{order_id.hex if hasattr(order_id, 'hex') else order_id.replace('-', '')}"


def _group(rows: Iterable[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[str(row[key])].append(row)
    return grouped


def _sums(rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for row in rows:
        sums[row["kind"]] += row["amount_cents"]
    return sums


def _total(kinds: Mapping[str, int]) -> int:
    return sum(cents for kind, cents in kinds.items() if kind != CASH)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
