-- privacy.0001_consents_exports (SQLite): frozen. The DDL piccolo 1.38.0 generated for
-- ConsentRow and ExportRow when this migration was released. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_privacy_consents" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "user" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "document" VARCHAR(20) NOT NULL DEFAULT '', "version" VARCHAR(20) NOT NULL DEFAULT '', "accepted_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "how" VARCHAR(20) NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS lakou_privacy_consents_user ON "lakou_privacy_consents" ("user");
CREATE TABLE IF NOT EXISTS "lakou_privacy_exports" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "user" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "status" VARCHAR(10) NOT NULL DEFAULT '', "requested_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "ready_at" TIMESTAMPTZ DEFAULT null, "expires_at" TIMESTAMPTZ DEFAULT null, "storage_key" VARCHAR(200) DEFAULT null, "size_bytes" INTEGER DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_privacy_exports_user ON "lakou_privacy_exports" ("user");
