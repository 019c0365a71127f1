"""Revenue rows. Only the revenue repositories read and write them.

Money columns are BigInt cents; ledger rows are never updated except to mark which payout
reserved them (`payout_id`) and which transfer paid them (`transfer_id`).
"""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, BigInt, Boolean, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, run_sql, sql_files


class RightsHolderRow(Table, tablename="lakou_rights_holders"):
    id = UUID(primary_key=True)
    # The work owner who manages this holder: only their sheets may name it again.
    owner_id = UUID(index=True)
    name = Varchar(length=200)
    user_id = UUID(null=True, default=None, index=True)
    payout_account = Varchar(length=80, null=True, default=None)
    updated_at = Timestamptz()


class SplitSheetRow(Table, tablename="lakou_split_sheets"):
    id = UUID(primary_key=True)
    work_id = UUID(index=True)
    version = Integer()
    holders = JSON()  # the lines as saved: holder id, name, role, share, user, account
    created_at = Timestamptz()
    created_by = UUID(null=True, default=None)


class SaleRow(Table, tablename="lakou_revenue_sales"):
    """One work's part of one paid order line (for counts and gross in summaries)."""

    id = UUID(primary_key=True)
    order_id = Varchar(length=64, index=True)
    line_id = Varchar(length=64)
    work_id = UUID(index=True)
    owner_id = UUID(index=True)
    gross_cents = BigInt()
    paid_at = Timestamptz()


class LedgerEntryRow(Table, tablename="lakou_revenue_entries"):
    id = UUID(primary_key=True)
    order_id = Varchar(length=64, index=True)
    line_id = Varchar(length=64)
    kind = Varchar(length=30)
    amount_cents = BigInt()  # negative for refund reversals
    work_id = UUID(null=True, default=None, index=True)
    holder_id = UUID(null=True, default=None, index=True)
    sheet_version = Integer(null=True, default=None)
    refund_id = Varchar(length=100, null=True, default=None)
    reverses_id = UUID(null=True, default=None)  # the sale entry a reversal takes from
    occurred_at = Timestamptz()
    payout_id = UUID(null=True, default=None, index=True)
    transfer_id = Varchar(length=100, null=True, default=None)
    side = Varchar(length=20, null=True, default=None)  # master or publishing (a sync fee)


class LineSidesRow(Table, tablename="lakou_revenue_line_sides"):
    """How a paid line's holders' part is shared between a music work's two sides (a sync
    licence's tier terms), recorded by the selling module when the line is paid."""

    id = UUID(primary_key=True)  # derived from the order and the line: recorded once
    order_id = Varchar(length=64, index=True)
    line_id = Varchar(length=64)
    master_bp = Integer()
    recorded_at = Timestamptz()


class PayoutRunRow(Table, tablename="lakou_payout_runs"):
    id = UUID(primary_key=True)
    requested_by = UUID(null=True, default=None)
    requested_at = Timestamptz()
    min_payout_cents = BigInt()
    status = Varchar(length=20)
    completed_at = Timestamptz(null=True, default=None)
    # The schedule's period a scheduled run pays ("2026-12", "2026-W49"); unique (0003_connect),
    # so two schedulers firing at once make one run. None for runs staff or operators ask for.
    period = Varchar(length=20, null=True, default=None)


class PayoutRow(Table, tablename="lakou_payouts"):
    id = UUID(primary_key=True)
    run_id = UUID(index=True)
    holder_id = UUID(index=True)
    destination_account = Varchar(length=80)
    amount_cents = BigInt()
    currency = Varchar(length=3)
    status = Varchar(length=20)
    transfer_id = Varchar(length=100, null=True, default=None)
    failure = Varchar(length=200, null=True, default=None)
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)


class ConnectAccountRow(Table, tablename="lakou_connect_accounts"):
    """A person's Stripe Connect account, as Stripe last reported it; one per person."""

    id = UUID(primary_key=True)
    user_id = UUID(unique=True)
    account_id = Varchar(length=80, unique=True)
    country = Varchar(length=2)
    details_submitted = Boolean(default=False)
    payouts_enabled = Boolean(default=False)
    # Stripe told Lakou the person disconnected it (0004): never paid into until they
    # onboard again, whatever `payouts_enabled` last said.
    disconnected_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (
    RightsHolderRow,
    SplitSheetRow,
    SaleRow,
    LedgerEntryRow,
    PayoutRunRow,
    PayoutRow,
    ConnectAccountRow,
    LineSidesRow,
)

MIGRATIONS = (
    sql_files(FROZEN, "revenue.0001_tables"),
    Migration(
        "revenue.0002_unique_keys",
        run_sql(
            # One row per version of a work's sheet: two racing saves cannot both be "v3".
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_split_sheets_version "
            "ON lakou_split_sheets (work_id, version)",
            # One payout per holder per run: the idempotency key's uniqueness, in the database.
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_payouts_run_holder "
            "ON lakou_payouts (run_id, holder_id)",
        ),
    ),
    sql_files(FROZEN, "revenue.0002_split_sides"),
    sql_files(FROZEN, "revenue.0003_connect"),
    sql_files(FROZEN, "revenue.0004_direct_sales"),
)
