-- markets.0007_meeting_cancel (SQLite): frozen. Who called a booked meeting off, and when
-- (its state becomes 'cancelled'; the reason goes to the existing "reason"). Never edit.
ALTER TABLE "lakou_market_meetings" ADD COLUMN "cancelled_by" UUID DEFAULT null;
ALTER TABLE "lakou_market_meetings" ADD COLUMN "cancelled_at" TIMESTAMPTZ DEFAULT null;
