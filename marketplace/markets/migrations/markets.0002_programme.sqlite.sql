-- markets.0002_programme (SQLite): frozen. The DDL piccolo 1.38.0 generated for ProgrammeRoomRow,
-- ProgrammeSessionRow, AgendaEntryRow, and the unique indexes the classes cannot say. Never
-- edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_market_rooms" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "market_id" UUID NOT NULL DEFAULT None, "name" VARCHAR(200) NOT NULL DEFAULT '', "seats" INTEGER NOT NULL DEFAULT 0, "resource_id" UUID NOT NULL DEFAULT None, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_market_rooms_market_id ON "lakou_market_rooms" ("market_id");
CREATE TABLE IF NOT EXISTS "lakou_market_sessions" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "market_id" UUID NOT NULL DEFAULT None, "room_id" UUID NOT NULL DEFAULT None, "kind" VARCHAR(20) NOT NULL DEFAULT '', "audience" VARCHAR(20) NOT NULL DEFAULT '', "titles" JSON NOT NULL DEFAULT '{}', "descriptions" JSON NOT NULL DEFAULT '{}', "speakers" JSON NOT NULL DEFAULT '{}', "work_ids" JSON NOT NULL DEFAULT '{}', "starts_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "ends_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "booking_group_id" UUID NOT NULL DEFAULT None, "state" VARCHAR(20) NOT NULL DEFAULT '', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_market_sessions_market_id ON "lakou_market_sessions" ("market_id");
CREATE INDEX IF NOT EXISTS lakou_market_sessions_room_id ON "lakou_market_sessions" ("room_id");
CREATE TABLE IF NOT EXISTS "lakou_market_agenda" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "session_id" UUID NOT NULL DEFAULT None, "user_id" UUID NOT NULL DEFAULT None, "seat" INTEGER NOT NULL DEFAULT 0, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_market_agenda_session_id ON "lakou_market_agenda" ("session_id");
CREATE INDEX IF NOT EXISTS lakou_market_agenda_user_id ON "lakou_market_agenda" ("user_id");
-- One seat of a session per agenda entry, one entry per person and session: the insert that
-- loses the race for a seat does nothing and tries the next one (a full room refuses).
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_agenda_one_per_seat ON "lakou_market_agenda" ("session_id", "seat");
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_agenda_once ON "lakou_market_agenda" ("session_id", "user_id");
