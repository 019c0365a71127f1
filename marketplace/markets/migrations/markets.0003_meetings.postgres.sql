-- markets.0003_meetings (PostgreSQL): frozen. The DDL piccolo 1.38.0 generated for MeetingSettingsRow
-- and MeetingRow, and the unique index the classes cannot say. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_market_meeting_settings" ("market_id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "calendar_id" UUID NOT NULL DEFAULT gen_random_uuid(), "quotas" JSON NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS "lakou_market_meetings" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "market_id" UUID NOT NULL DEFAULT gen_random_uuid(), "stand_id" UUID NOT NULL DEFAULT gen_random_uuid(), "professional_id" UUID NOT NULL DEFAULT gen_random_uuid(), "category" VARCHAR(20) NOT NULL DEFAULT '', "proposed" JSON NOT NULL DEFAULT '{}', "message" TEXT NOT NULL DEFAULT '', "state" VARCHAR(20) NOT NULL DEFAULT '', "slot_start" TIMESTAMPTZ DEFAULT null, "day" VARCHAR(10) DEFAULT null, "group_id" UUID DEFAULT null, "table_id" UUID DEFAULT null, "exhibitor_id" UUID DEFAULT null, "reason" TEXT NOT NULL DEFAULT '', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "decided_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_market_meetings_market_id ON "lakou_market_meetings" USING btree ("market_id");
CREATE INDEX IF NOT EXISTS lakou_market_meetings_stand_id ON "lakou_market_meetings" USING btree ("stand_id");
CREATE INDEX IF NOT EXISTS lakou_market_meetings_professional_id ON "lakou_market_meetings" USING btree ("professional_id");
-- A professional waits for one answer per stand at a time (a second request while one is
-- pending is refused, even when both arrive at once).
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_meetings_one_pending ON "lakou_market_meetings" ("stand_id", "professional_id") WHERE state = 'requested';
-- Quotas count a professional's booked meetings per day.
CREATE INDEX IF NOT EXISTS lakou_market_meetings_day ON "lakou_market_meetings" ("professional_id", "day");
