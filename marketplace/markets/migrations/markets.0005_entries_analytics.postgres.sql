-- markets.0005_entries_analytics (PostgreSQL): frozen. The DDL piccolo 1.38.0 generated for
-- MarketDayRow (a market's counters per Martinique day), and the unique index the class cannot
-- say. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_market_days" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "market_id" UUID NOT NULL DEFAULT gen_random_uuid(), "day" VARCHAR(10) NOT NULL DEFAULT '', "stand_visits" INTEGER NOT NULL DEFAULT 0, "plays" INTEGER NOT NULL DEFAULT 0, "meetings" INTEGER NOT NULL DEFAULT 0, "accreditations" INTEGER NOT NULL DEFAULT 0, "sales_units" INTEGER NOT NULL DEFAULT 0, "sales_gross_cents" INTEGER NOT NULL DEFAULT 0, "redemptions" INTEGER NOT NULL DEFAULT 0);
-- One row per market and day: the consumers' upsert (ON CONFLICT … DO UPDATE) adds to it.
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_days_unique ON "lakou_market_days" ("market_id", "day");
