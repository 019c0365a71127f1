-- scheduling.0001_calendars (SQLite): frozen. The DDL piccolo 1.38.0 generated for the scheduling
-- tables when this migration was released, and the unique indexes that keep bookings, person
-- resources and waiting-list entries from doubling. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_scheduling_calendars" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "scope_kind" VARCHAR(40) NOT NULL DEFAULT '', "scope_id" UUID NOT NULL DEFAULT None, "name" VARCHAR(200) NOT NULL DEFAULT '', "time_zone" VARCHAR(64) NOT NULL DEFAULT '', "slot_minutes" INTEGER NOT NULL DEFAULT 0, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_scheduling_calendars_scope_id ON "lakou_scheduling_calendars" ("scope_id");
CREATE TABLE IF NOT EXISTS "lakou_scheduling_resources" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "calendar_id" UUID NOT NULL DEFAULT None, "kind" VARCHAR(20) NOT NULL DEFAULT '', "ref_id" UUID DEFAULT null, "name" VARCHAR(200) NOT NULL DEFAULT '', "capacity" INTEGER NOT NULL DEFAULT 1, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_scheduling_resources_calendar_id ON "lakou_scheduling_resources" ("calendar_id");
CREATE TABLE IF NOT EXISTS "lakou_scheduling_windows" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "calendar_id" UUID NOT NULL DEFAULT None, "day" VARCHAR(10) NOT NULL DEFAULT '', "starts" VARCHAR(5) NOT NULL DEFAULT '', "ends" VARCHAR(5) NOT NULL DEFAULT '', "starts_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "ends_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_scheduling_windows_calendar_id ON "lakou_scheduling_windows" ("calendar_id");
CREATE TABLE IF NOT EXISTS "lakou_scheduling_bookings" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "group_id" UUID NOT NULL DEFAULT None, "calendar_id" UUID NOT NULL DEFAULT None, "resource_id" UUID NOT NULL DEFAULT None, "slot_start" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "slot_end" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "seat" INTEGER NOT NULL DEFAULT 0, "booked_by" UUID NOT NULL DEFAULT None, "label" VARCHAR(200) NOT NULL DEFAULT '', "status" VARCHAR(20) NOT NULL DEFAULT '', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "cancelled_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_scheduling_bookings_group_id ON "lakou_scheduling_bookings" ("group_id");
CREATE INDEX IF NOT EXISTS lakou_scheduling_bookings_calendar_id ON "lakou_scheduling_bookings" ("calendar_id");
CREATE INDEX IF NOT EXISTS lakou_scheduling_bookings_resource_id ON "lakou_scheduling_bookings" ("resource_id");
CREATE INDEX IF NOT EXISTS lakou_scheduling_bookings_booked_by ON "lakou_scheduling_bookings" ("booked_by");
CREATE TABLE IF NOT EXISTS "lakou_scheduling_waits" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "resource_id" UUID NOT NULL DEFAULT None, "slot_start" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "user_id" UUID NOT NULL DEFAULT None, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_scheduling_waits_resource_id ON "lakou_scheduling_waits" ("resource_id");
CREATE INDEX IF NOT EXISTS lakou_scheduling_waits_user_id ON "lakou_scheduling_waits" ("user_id");
CREATE TABLE IF NOT EXISTS "lakou_scheduling_feeds" ("user_id" UUID PRIMARY KEY NOT NULL DEFAULT None, "nonce" VARCHAR(64) NOT NULL DEFAULT '', "rotated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE UNIQUE INDEX IF NOT EXISTS lakou_scheduling_bookings_one_per_seat ON "lakou_scheduling_bookings" ("resource_id", "slot_start", "seat") WHERE status = 'booked';
CREATE UNIQUE INDEX IF NOT EXISTS lakou_scheduling_resources_one_person ON "lakou_scheduling_resources" ("calendar_id", "ref_id") WHERE kind = 'person';
CREATE UNIQUE INDEX IF NOT EXISTS lakou_scheduling_waits_once ON "lakou_scheduling_waits" ("resource_id", "slot_start", "user_id");
