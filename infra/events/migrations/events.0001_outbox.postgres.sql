-- events.0001_outbox (PostgreSQL): frozen. The DDL piccolo 1.38.0 generated for OutboxMessage, HandledEvent
-- when this migration was released; databases already ran it. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_outbox" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "event_type" VARCHAR(100) NOT NULL DEFAULT '', "aggregate_id" UUID NOT NULL DEFAULT gen_random_uuid(), "payload" JSON NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "sent_at" TIMESTAMPTZ DEFAULT null, "attempts" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS lakou_outbox_sent_at ON "lakou_outbox" USING btree ("sent_at");
CREATE TABLE IF NOT EXISTS "lakou_handled_events" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "consumer" VARCHAR(100) NOT NULL DEFAULT '', "event_id" UUID NOT NULL DEFAULT gen_random_uuid(), "handled_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
