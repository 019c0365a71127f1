-- audit.0001_entries (SQLite): frozen. The DDL piccolo 1.38.0 generated for AuditEntryRow
-- when this migration was released, plus the index of an object's history. Never edit: add a
-- migration.
CREATE TABLE IF NOT EXISTS "lakou_audit_entries" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "occurred_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "actor_id" UUID DEFAULT null, "action" VARCHAR(100) NOT NULL DEFAULT '', "object_type" VARCHAR(60) NOT NULL DEFAULT '', "object_id" VARCHAR(100) NOT NULL DEFAULT '', "organisation_id" UUID DEFAULT null, "before" JSON NOT NULL DEFAULT '{}', "after" JSON NOT NULL DEFAULT '{}', "request_id" VARCHAR(64) DEFAULT null, "client_ip" VARCHAR(64) DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_audit_entries_occurred_at ON "lakou_audit_entries" ("occurred_at");
CREATE INDEX IF NOT EXISTS lakou_audit_entries_actor_id ON "lakou_audit_entries" ("actor_id");
CREATE INDEX IF NOT EXISTS lakou_audit_entries_action ON "lakou_audit_entries" ("action");
CREATE INDEX IF NOT EXISTS lakou_audit_entries_organisation_id ON "lakou_audit_entries" ("organisation_id");
CREATE INDEX IF NOT EXISTS lakou_audit_entries_object ON "lakou_audit_entries" ("object_type", "object_id");
