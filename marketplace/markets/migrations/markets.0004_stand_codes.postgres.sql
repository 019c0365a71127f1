-- markets.0004_stand_codes (PostgreSQL): frozen. The DDL piccolo 1.38.0 generated for CodeBatchRow and
-- StandCodeRow (marketplace/markets/codes/tables.py), and the unique index the classes cannot say.
-- Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_market_code_batches" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "market_id" UUID NOT NULL DEFAULT gen_random_uuid(), "stand_id" UUID NOT NULL DEFAULT gen_random_uuid(), "work_id" UUID NOT NULL DEFAULT gen_random_uuid(), "created_by" UUID NOT NULL DEFAULT gen_random_uuid(), "size" INTEGER NOT NULL DEFAULT 0, "price_cents" INTEGER NOT NULL DEFAULT 0, "state" VARCHAR(20) NOT NULL DEFAULT '', "order_id" UUID DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "sold_at" TIMESTAMPTZ DEFAULT null, "voided_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_market_code_batches_market_id ON "lakou_market_code_batches" ("market_id");
CREATE INDEX IF NOT EXISTS lakou_market_code_batches_stand_id ON "lakou_market_code_batches" ("stand_id");
CREATE TABLE IF NOT EXISTS "lakou_market_codes" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "batch_id" UUID NOT NULL DEFAULT gen_random_uuid(), "position" INTEGER NOT NULL DEFAULT 0, "digest" VARCHAR(64) UNIQUE NOT NULL DEFAULT '', "redeemed_by" UUID DEFAULT null, "redeemed_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_market_codes_batch_id ON "lakou_market_codes" ("batch_id");
-- A sheet has one code per place.
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_codes_place ON "lakou_market_codes" ("batch_id", "position");
