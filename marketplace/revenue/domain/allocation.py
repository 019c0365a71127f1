"""Where every cent of a sale goes, and how a refund takes cents back.

For each order line, entries add up to the line's gross exactly:

1. `vat`: the line's VAT, as the order computed it.
2. `payment_fee`: the order's payment fee, spread over lines by gross (largest remainder) and
   never more than a line's net; a fee larger than the whole order's net is capped there (the
   platform bears the rest, outside the rights holders' ledger).
3. `platform_commission`: `commission_bp` of the net after the fee, rounded down (the cent
   that rounding leaves goes to the rights holders, not the platform).
4. `holder_share`: the rest, spread over the line's works by their weights, then over each
   work's split sheet by share (largest remainder both times, ties to the earlier item). A line
   with side terms (a sync licence of a music work) first shares each work's part between
   the master and publishing sides (`sides.py`), then each side by its holders' shares. A line
   that sells no work (a fee, a pass: anything sold through the orders' `Sellable` port) gives
   the rest to its seller's holder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from marketplace.revenue.domain.money import basis_points_floor, largest_remainder
from marketplace.revenue.domain.sides import Side, SidedShare, split_by_sides


class EntryKind(StrEnum):
    VAT = "vat"
    PAYMENT_FEE = "payment_fee"
    PLATFORM_COMMISSION = "platform_commission"
    HOLDER_SHARE = "holder_share"
    # Money the seller took in hand (cash at a market stand) for a sale Lakou is the seller of
    # record of: a debt of the seller's, set against what Lakou owes them (negative).
    CASH_COLLECTED = "cash_collected"


class InvalidSale(ValueError):
    """A sale whose figures do not add up; never allocated, so no cent is invented."""


@dataclass(frozen=True)
class SaleLine:
    line_id: str
    work_ids: tuple[UUID, ...]
    work_weights: tuple[int, ...]
    gross_cents: int
    net_cents: int
    vat_cents: int
    # Who takes the holders' part of a line that sells no work.
    seller_holder: UUID | None = None
    # The holder who kept the gross (paid in cash to the seller, not to Lakou): owes it back.
    collected_by: UUID | None = None
    # The master side's share of the holders' part (a sync fee); None: the sheet as one.
    master_bp: int | None = None


@dataclass(frozen=True)
class WorkSplit:
    """A work's split sheet as it was at the time of sale."""

    work_id: UUID
    sheet_version: int
    shares: tuple[tuple[UUID, int], ...]  # (holder id, basis points), in sheet order
    # The same holders with their sides, for lines shared between sides (empty: none known).
    sided: tuple[SidedShare, ...] = ()


@dataclass(frozen=True)
class Allocation:
    line_id: str
    kind: EntryKind
    amount_cents: int
    work_id: UUID | None = None
    holder_id: UUID | None = None
    sheet_version: int | None = None
    side: Side | None = None


@dataclass(frozen=True)
class WorkSale:
    """One work's part of one line: its share of the line's gross, for creators' summaries."""

    line_id: str
    work_id: UUID
    gross_cents: int


@dataclass(frozen=True)
class OrderAllocation:
    entries: tuple[Allocation, ...]
    work_sales: tuple[WorkSale, ...]


def _check(line: SaleLine) -> None:
    if len(line.work_ids) != len(line.work_weights):
        raise InvalidSale(f"line {line.line_id}: one weight per work")
    if not line.work_ids and line.seller_holder is None:
        raise InvalidSale(f"line {line.line_id}: no work and no seller to pay")
    if any(weight < 0 for weight in line.work_weights):
        raise InvalidSale(f"line {line.line_id}: negative work weight")
    if line.gross_cents < 0 or not 0 <= line.vat_cents <= line.gross_cents:
        raise InvalidSale(f"line {line.line_id}: gross and VAT must satisfy 0 <= vat <= gross")
    if line.net_cents != line.gross_cents - line.vat_cents:
        raise InvalidSale(f"line {line.line_id}: net + vat must equal gross")
    if line.master_bp is not None and not 0 <= line.master_bp <= 10_000:
        raise InvalidSale(f"line {line.line_id}: the master side's share is 0..10000 bp")


def spread_fee(fee_cents: int, grosses: Sequence[int], nets: Sequence[int]) -> list[int]:
    """The fee over lines by gross, each part capped at the line's net (water-filling)."""
    if fee_cents < 0:
        raise InvalidSale("negative payment fee")
    remaining = min(fee_cents, sum(nets))
    parts = [0] * len(nets)
    while remaining > 0:
        weights = [g if parts[i] < nets[i] else 0 for i, g in enumerate(grosses)]
        if sum(weights) == 0:  # lines with room but no gross: share by room left instead
            weights = [nets[i] - parts[i] for i in range(len(nets))]
        offer = largest_remainder(remaining, weights)
        for index, extra in enumerate(offer):
            taken = min(extra, nets[index] - parts[index])
            parts[index] += taken
            remaining -= taken
    return parts


def _line_entries(
    line: SaleLine, fee: int, commission_bp: int, splits: Mapping[UUID, WorkSplit]
) -> tuple[list[Allocation], list[WorkSale]]:
    net = line.gross_cents - line.vat_cents
    commission = basis_points_floor(net - fee, commission_bp)
    entries = [
        Allocation(line.line_id, EntryKind.VAT, line.vat_cents),
        Allocation(line.line_id, EntryKind.PAYMENT_FEE, fee),
        Allocation(line.line_id, EntryKind.PLATFORM_COMMISSION, commission),
    ]
    if line.collected_by is not None:
        # Every share below is owed as for any sale; the seller owes the whole gross back.
        entries.append(
            Allocation(
                line.line_id,
                EntryKind.CASH_COLLECTED,
                -line.gross_cents,
                holder_id=line.collected_by,
            )
        )
    for_holders = net - fee - commission
    if not line.work_ids:
        entries.append(
            Allocation(
                line.line_id, EntryKind.HOLDER_SHARE, for_holders, holder_id=line.seller_holder
            )
        )
        return [entry for entry in entries if entry.amount_cents], []
    by_work = largest_remainder(for_holders, line.work_weights)
    gross_by_work = largest_remainder(line.gross_cents, line.work_weights)
    sales = []
    for work_id, work_cents, work_gross in zip(line.work_ids, by_work, gross_by_work, strict=True):
        split = splits[work_id]
        sales.append(WorkSale(line.line_id, work_id, work_gross))
        if line.master_bp is not None:
            sided = split.sided or tuple(SidedShare(h, bp, None) for h, bp in split.shares)
            entries += [
                Allocation(
                    line.line_id,
                    EntryKind.HOLDER_SHARE,
                    part.cents,
                    work_id=work_id,
                    holder_id=part.holder_id,
                    sheet_version=split.sheet_version,
                    side=part.side,
                )
                for part in split_by_sides(work_cents, line.master_bp, sided)
            ]
            continue
        shares = largest_remainder(work_cents, [bp for _, bp in split.shares])
        for (holder_id, _), cents in zip(split.shares, shares, strict=True):
            entries.append(
                Allocation(
                    line.line_id,
                    EntryKind.HOLDER_SHARE,
                    cents,
                    work_id=work_id,
                    holder_id=holder_id,
                    sheet_version=split.sheet_version,
                )
            )
    # Zero entries carry no money and nothing to reverse: the ledger keeps only real cents.
    return [entry for entry in entries if entry.amount_cents], sales


def allocate_order(
    lines: Sequence[SaleLine],
    payment_fee_cents: int,
    commission_bp: int,
    splits: Mapping[UUID, WorkSplit],
) -> OrderAllocation:
    for line in lines:
        _check(line)
        missing = [work_id for work_id in line.work_ids if work_id not in splits]
        if missing:
            raise InvalidSale(f"line {line.line_id}: no split sheet for work {missing[0]}")
    fees = spread_fee(
        payment_fee_cents,
        [line.gross_cents for line in lines],
        [line.gross_cents - line.vat_cents for line in lines],
    )
    entries: list[Allocation] = []
    sales: list[WorkSale] = []
    for line, fee in zip(lines, fees, strict=True):
        line_entries, line_sales = _line_entries(line, fee, commission_bp, splits)
        entries.extend(line_entries)
        sales.extend(line_sales)
    return OrderAllocation(tuple(entries), tuple(sales))


def reversal(amount_cents: int, remaining: Sequence[int]) -> list[int]:
    """How much of each entry a refund takes back: in proportion to what each still holds.

    Sharing over what remains (not over the original amounts) keeps every entry's total
    reversal within its original amount across any number of partial refunds, in any order.
    Returns non-negative cents; the caller writes them as negative entries.
    """
    if amount_cents < 0 or any(cents < 0 for cents in remaining):
        raise ValueError("amounts must not be negative")
    if amount_cents > sum(remaining):
        raise ValueError("cannot reverse more than remains allocated")
    if amount_cents == 0:
        return [0] * len(remaining)
    return largest_remainder(amount_cents, remaining)
