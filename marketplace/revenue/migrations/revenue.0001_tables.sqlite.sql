-- revenue.0001_tables (SQLite): frozen. The DDL piccolo 1.38.0 generated for RightsHolderRow, SplitSheetRow, SaleRow, LedgerEntryRow, PayoutRunRow, PayoutRow
-- when this migration was released; databases already ran it. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_rights_holders" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "owner_id" UUID NOT NULL DEFAULT None, "name" VARCHAR(200) NOT NULL DEFAULT '', "user_id" UUID DEFAULT null, "payout_account" VARCHAR(80) DEFAULT null, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_rights_holders_owner_id ON "lakou_rights_holders" ("owner_id");
CREATE INDEX IF NOT EXISTS lakou_rights_holders_user_id ON "lakou_rights_holders" ("user_id");
CREATE TABLE IF NOT EXISTS "lakou_split_sheets" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "work_id" UUID NOT NULL DEFAULT None, "version" INTEGER NOT NULL DEFAULT 0, "holders" JSON NOT NULL DEFAULT '{}', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "created_by" UUID DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_split_sheets_work_id ON "lakou_split_sheets" ("work_id");
CREATE TABLE IF NOT EXISTS "lakou_revenue_sales" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "order_id" VARCHAR(64) NOT NULL DEFAULT '', "line_id" VARCHAR(64) NOT NULL DEFAULT '', "work_id" UUID NOT NULL DEFAULT None, "owner_id" UUID NOT NULL DEFAULT None, "gross_cents" INTEGER NOT NULL DEFAULT 0, "paid_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_revenue_sales_order_id ON "lakou_revenue_sales" ("order_id");
CREATE INDEX IF NOT EXISTS lakou_revenue_sales_work_id ON "lakou_revenue_sales" ("work_id");
CREATE INDEX IF NOT EXISTS lakou_revenue_sales_owner_id ON "lakou_revenue_sales" ("owner_id");
CREATE TABLE IF NOT EXISTS "lakou_revenue_entries" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "order_id" VARCHAR(64) NOT NULL DEFAULT '', "line_id" VARCHAR(64) NOT NULL DEFAULT '', "kind" VARCHAR(30) NOT NULL DEFAULT '', "amount_cents" INTEGER NOT NULL DEFAULT 0, "work_id" UUID DEFAULT null, "holder_id" UUID DEFAULT null, "sheet_version" INTEGER DEFAULT null, "refund_id" VARCHAR(100) DEFAULT null, "reverses_id" UUID DEFAULT null, "occurred_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "payout_id" UUID DEFAULT null, "transfer_id" VARCHAR(100) DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_revenue_entries_order_id ON "lakou_revenue_entries" ("order_id");
CREATE INDEX IF NOT EXISTS lakou_revenue_entries_work_id ON "lakou_revenue_entries" ("work_id");
CREATE INDEX IF NOT EXISTS lakou_revenue_entries_holder_id ON "lakou_revenue_entries" ("holder_id");
CREATE INDEX IF NOT EXISTS lakou_revenue_entries_payout_id ON "lakou_revenue_entries" ("payout_id");
CREATE TABLE IF NOT EXISTS "lakou_payout_runs" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "requested_by" UUID DEFAULT null, "requested_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "min_payout_cents" INTEGER NOT NULL DEFAULT 0, "status" VARCHAR(20) NOT NULL DEFAULT '', "completed_at" TIMESTAMPTZ DEFAULT null);
CREATE TABLE IF NOT EXISTS "lakou_payouts" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "run_id" UUID NOT NULL DEFAULT None, "holder_id" UUID NOT NULL DEFAULT None, "destination_account" VARCHAR(80) NOT NULL DEFAULT '', "amount_cents" INTEGER NOT NULL DEFAULT 0, "currency" VARCHAR(3) NOT NULL DEFAULT '', "status" VARCHAR(20) NOT NULL DEFAULT '', "transfer_id" VARCHAR(100) DEFAULT null, "failure" VARCHAR(200) DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "sent_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_payouts_run_id ON "lakou_payouts" ("run_id");
CREATE INDEX IF NOT EXISTS lakou_payouts_holder_id ON "lakou_payouts" ("holder_id");
