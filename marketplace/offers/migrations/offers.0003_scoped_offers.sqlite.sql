-- offers.0003_scoped_offers (SQLite): an offer applies everywhere or in one market's
-- window; a work has one active offer of its own per scope. Released: never edit.
ALTER TABLE "lakou_offers" ADD COLUMN "scope_key" VARCHAR(60) NOT NULL DEFAULT 'everywhere';
ALTER TABLE "lakou_offers" ADD COLUMN "market_id" UUID DEFAULT null;
ALTER TABLE "lakou_offers" ADD COLUMN "starts_at" TIMESTAMPTZ DEFAULT null;
ALTER TABLE "lakou_offers" ADD COLUMN "ends_at" TIMESTAMPTZ DEFAULT null;
DROP INDEX IF EXISTS lakou_offers_one_active_per_work;
CREATE UNIQUE INDEX IF NOT EXISTS lakou_offers_one_active_per_scope ON lakou_offers (work_id, scope_key) WHERE active AND work_id IS NOT NULL;
