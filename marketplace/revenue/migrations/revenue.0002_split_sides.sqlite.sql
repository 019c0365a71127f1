-- revenue.0002_split_sides (SQLite): frozen. A music work's split sheet has a master and a publishing side:
-- the ledger's entries say which side they pay (LedgerEntryRow.side), and LineSidesRow keeps how a sync fee's
-- line is shared between the sides (the DDL piccolo 1.38 generates). Never edit: add a migration.
ALTER TABLE lakou_revenue_entries ADD COLUMN "side" VARCHAR(20) DEFAULT null;
CREATE TABLE IF NOT EXISTS "lakou_revenue_line_sides" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "order_id" VARCHAR(64) NOT NULL DEFAULT '', "line_id" VARCHAR(64) NOT NULL DEFAULT '', "master_bp" INTEGER NOT NULL DEFAULT 0, "recorded_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_revenue_line_sides_order_id ON "lakou_revenue_line_sides" ("order_id");
