-- activity.0001_entries (SQLite): frozen. The DDL piccolo 1.38.0 generated for ActivityEntry
-- when this migration was released; databases already ran it. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_activity" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "kind" VARCHAR(60) NOT NULL DEFAULT '', "work_id" UUID NOT NULL DEFAULT None, "creator_id" UUID NOT NULL DEFAULT None, "owner_id" UUID NOT NULL DEFAULT None, "actor_id" UUID NOT NULL DEFAULT None, "title" VARCHAR(300) NOT NULL DEFAULT '', "occurred_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_activity_work_id ON "lakou_activity" ("work_id");
CREATE INDEX IF NOT EXISTS lakou_activity_owner_id ON "lakou_activity" ("owner_id");
