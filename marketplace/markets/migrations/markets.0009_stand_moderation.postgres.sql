-- markets.0009_stand_moderation (PostgreSQL): frozen. A stand reported and hidden or taken down
-- by staff ('' when it is not); what piccolo 1.38.0 generates for the new columns. Never edit.
ALTER TABLE "lakou_market_stands" ADD COLUMN IF NOT EXISTS "moderation" VARCHAR(20) NOT NULL DEFAULT '';
ALTER TABLE "lakou_market_stands" ADD COLUMN IF NOT EXISTS "moderation_reason" VARCHAR(500) NOT NULL DEFAULT '';
