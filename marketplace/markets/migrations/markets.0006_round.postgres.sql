-- markets.0006_round (PostgreSQL): frozen. The DDL piccolo 1.38.0 generated for RoundRow and
-- RoundWishRow, and the unique index the classes cannot say. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_market_rounds" ("market_id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "day" VARCHAR(10) NOT NULL DEFAULT '', "categories" JSON NOT NULL DEFAULT '{}', "state" VARCHAR(10) NOT NULL DEFAULT '', "opened_by" UUID NOT NULL DEFAULT gen_random_uuid(), "opened_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "ran_at" TIMESTAMPTZ DEFAULT null, "result" JSON NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS "lakou_market_round_wishes" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "market_id" UUID NOT NULL DEFAULT gen_random_uuid(), "side" VARCHAR(10) NOT NULL DEFAULT '', "owner_id" UUID NOT NULL DEFAULT gen_random_uuid(), "wishes" JSON NOT NULL DEFAULT '{}', "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
-- One list per side and owner in a market's round: saving again replaces it (ON CONFLICT).
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_round_wishes_owner ON "lakou_market_round_wishes" ("market_id", "side", "owner_id");
