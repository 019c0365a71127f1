-- markets.0007_meeting_cancel (PostgreSQL): frozen. Who called a booked meeting off, and when
-- (its state becomes 'cancelled'; the reason goes to the existing "reason"). Never edit.
ALTER TABLE "lakou_market_meetings" ADD COLUMN IF NOT EXISTS "cancelled_by" UUID DEFAULT null;
ALTER TABLE "lakou_market_meetings" ADD COLUMN IF NOT EXISTS "cancelled_at" TIMESTAMPTZ DEFAULT null;
