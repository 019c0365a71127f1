-- offers.0001_offers (SQLite): frozen. The DDL piccolo 1.38.0 generated for OfferRow, OfferWorkRow, DiscountCodeRow
-- when this migration was released; databases already ran it. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_offers" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "seller_id" UUID NOT NULL DEFAULT None, "kind" VARCHAR(10) NOT NULL DEFAULT '', "work_id" UUID DEFAULT null, "work_ids" JSON NOT NULL DEFAULT '{}', "work_weights" JSON NOT NULL DEFAULT '{}', "pricing" VARCHAR(20) NOT NULL DEFAULT '', "price_cents" INTEGER NOT NULL DEFAULT 0, "minimum_cents" INTEGER NOT NULL DEFAULT 0, "title" VARCHAR(200) NOT NULL DEFAULT '', "active" BOOLEAN NOT NULL DEFAULT true, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_offers_seller_id ON "lakou_offers" ("seller_id");
CREATE INDEX IF NOT EXISTS lakou_offers_work_id ON "lakou_offers" ("work_id");
CREATE TABLE IF NOT EXISTS "lakou_offer_works" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "offer_id" UUID NOT NULL DEFAULT None, "work_id" UUID NOT NULL DEFAULT None);
CREATE INDEX IF NOT EXISTS lakou_offer_works_offer_id ON "lakou_offer_works" ("offer_id");
CREATE INDEX IF NOT EXISTS lakou_offer_works_work_id ON "lakou_offer_works" ("work_id");
CREATE TABLE IF NOT EXISTS "lakou_discount_codes" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "code" VARCHAR(40) UNIQUE NOT NULL DEFAULT '', "kind" VARCHAR(10) NOT NULL DEFAULT '', "value" INTEGER NOT NULL DEFAULT 0, "issuer_id" UUID NOT NULL DEFAULT None, "seller_id" UUID DEFAULT null, "max_uses" INTEGER DEFAULT null, "used" INTEGER NOT NULL DEFAULT 0, "expires_at" TIMESTAMPTZ DEFAULT null, "stackable" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_discount_codes_issuer_id ON "lakou_discount_codes" ("issuer_id");
