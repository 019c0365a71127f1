-- calls.0002_fees (PostgreSQL): frozen. The DDL piccolo 1.38.0 generated for FeeRow (how a
-- submission's entry fee was settled), and the unique index the class cannot say.
-- Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_call_fees" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "submission" UUID REFERENCES "lakou_call_submissions" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "call_id" UUID NOT NULL DEFAULT gen_random_uuid(), "state" VARCHAR(10) NOT NULL DEFAULT '', "amount_cents" INTEGER NOT NULL DEFAULT 0, "order_id" UUID DEFAULT null, "by" UUID NOT NULL DEFAULT gen_random_uuid(), "note" TEXT NOT NULL DEFAULT '', "settled_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_call_fees_submission ON "lakou_call_fees" USING btree ("submission");
CREATE INDEX IF NOT EXISTS lakou_call_fees_call_id ON "lakou_call_fees" USING btree ("call_id");
-- One settlement per submission: a duplicate `paid` (a retried settlement) finds it there.
CREATE UNIQUE INDEX IF NOT EXISTS lakou_call_fees_submission_unique ON "lakou_call_fees" ("submission");
