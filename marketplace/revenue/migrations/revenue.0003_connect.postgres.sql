-- revenue.0003_connect (PostgreSQL): frozen. Rights holders' own Stripe Connect accounts (one
-- per person, DDL piccolo 1.38 generated for ConnectAccountRow), and the period of scheduled
-- payout runs, unique so that two schedulers firing at once make one run. Never edit.
CREATE TABLE IF NOT EXISTS "lakou_connect_accounts" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "user_id" UUID UNIQUE NOT NULL DEFAULT gen_random_uuid(), "account_id" VARCHAR(80) UNIQUE NOT NULL DEFAULT '', "country" VARCHAR(2) NOT NULL DEFAULT '', "details_submitted" BOOLEAN NOT NULL DEFAULT false, "payouts_enabled" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
ALTER TABLE "lakou_payout_runs" ADD COLUMN IF NOT EXISTS "period" VARCHAR(20) DEFAULT null;
CREATE UNIQUE INDEX IF NOT EXISTS lakou_payout_runs_period ON "lakou_payout_runs" ("period");
