-- markets.0008_visuals (PostgreSQL): frozen. The DDL piccolo 1.38.0 generates for
-- MarketVisualRow, and the unique index the class cannot say. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_market_visuals" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "market_id" UUID NOT NULL DEFAULT gen_random_uuid(), "role" VARCHAR(20) NOT NULL DEFAULT '', "sha256" VARCHAR(64) NOT NULL DEFAULT '', "width" INTEGER NOT NULL DEFAULT 0, "height" INTEGER NOT NULL DEFAULT 0, "widths" JSON NOT NULL DEFAULT '{}', "uploaded_by" UUID NOT NULL DEFAULT gen_random_uuid(), "uploaded_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
-- One current visual per market and role: a new upload replaces the row (ON CONFLICT).
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_visuals_role ON "lakou_market_visuals" ("market_id", "role");
