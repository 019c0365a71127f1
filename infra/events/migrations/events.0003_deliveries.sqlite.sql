-- events.0003_deliveries (SQLite): frozen. The DDL piccolo 1.38.0 generated for OutboxDelivery
-- when this migration was released, and its indexes. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_outbox_deliveries" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "event_id" UUID NOT NULL DEFAULT None, "actor" VARCHAR(200) NOT NULL DEFAULT '', "queue" VARCHAR(100) NOT NULL DEFAULT '', "sent_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "due_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "done_at" TIMESTAMPTZ DEFAULT null, "attempts" INTEGER NOT NULL DEFAULT 1);
-- One delivery per event and consumer: the relay's and the worker's writes meet on this key.
CREATE UNIQUE INDEX IF NOT EXISTS lakou_outbox_deliveries_once ON "lakou_outbox_deliveries" ("event_id", "actor");
-- The sweep reads only deliveries not done yet, the longest overdue first.
CREATE INDEX IF NOT EXISTS lakou_outbox_deliveries_pending ON "lakou_outbox_deliveries" ("due_at") WHERE done_at IS NULL;
