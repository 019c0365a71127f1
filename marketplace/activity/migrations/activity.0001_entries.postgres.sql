-- activity.0001_entries (PostgreSQL): frozen. The DDL piccolo 1.38.0 generated for ActivityEntry
-- when this migration was released; databases already ran it. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_activity" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "kind" VARCHAR(60) NOT NULL DEFAULT '', "work_id" UUID NOT NULL DEFAULT gen_random_uuid(), "creator_id" UUID NOT NULL DEFAULT gen_random_uuid(), "owner_id" UUID NOT NULL DEFAULT gen_random_uuid(), "actor_id" UUID NOT NULL DEFAULT gen_random_uuid(), "title" VARCHAR(300) NOT NULL DEFAULT '', "occurred_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_activity_work_id ON "lakou_activity" USING btree ("work_id");
CREATE INDEX IF NOT EXISTS lakou_activity_owner_id ON "lakou_activity" USING btree ("owner_id");
