-- notifications.0001_centre_and_mail_queue (SQLite): frozen. The DDL piccolo 1.38.0 generated for
-- Notification, QueuedMail, NotificationPreference when this migration was released, and the
-- unique indexes that make telling and mailing idempotent. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_notifications" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "user" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(80) NOT NULL DEFAULT '', "dedup_key" VARCHAR(200) NOT NULL DEFAULT '', "params" JSON NOT NULL DEFAULT '{}', "link" VARCHAR(500) NOT NULL DEFAULT '', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "read_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_notifications_user ON "lakou_notifications" ("user");
CREATE TABLE IF NOT EXISTS "lakou_mail_queue" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "kind" VARCHAR(80) NOT NULL DEFAULT '', "dedup_key" VARCHAR(200) NOT NULL DEFAULT '', "user" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "address" VARCHAR(254) NOT NULL DEFAULT '', "language" VARCHAR(12) NOT NULL DEFAULT '', "subject" VARCHAR(300) NOT NULL DEFAULT '', "text_body" TEXT NOT NULL DEFAULT '', "html_body" TEXT DEFAULT null, "unsubscribe_url" VARCHAR(500) DEFAULT null, "status" VARCHAR(10) NOT NULL DEFAULT '', "attempts" INTEGER NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "last_error" VARCHAR(500) NOT NULL DEFAULT '', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "sent_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_mail_queue_user ON "lakou_mail_queue" ("user");
CREATE INDEX IF NOT EXISTS lakou_mail_queue_next_attempt_at ON "lakou_mail_queue" ("next_attempt_at");
CREATE TABLE IF NOT EXISTS "lakou_notification_preferences" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "user" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(80) NOT NULL DEFAULT '', "email" BOOLEAN NOT NULL DEFAULT true, "in_app" BOOLEAN NOT NULL DEFAULT true, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE UNIQUE INDEX IF NOT EXISTS lakou_notifications_once ON "lakou_notifications" ("user", "kind", "dedup_key");
CREATE INDEX IF NOT EXISTS lakou_notifications_user_created ON "lakou_notifications" ("user", "created_at");
CREATE UNIQUE INDEX IF NOT EXISTS lakou_mail_queue_once ON "lakou_mail_queue" ("kind", "address", "dedup_key");
CREATE INDEX IF NOT EXISTS lakou_mail_queue_due ON "lakou_mail_queue" ("status", "next_attempt_at");
CREATE UNIQUE INDEX IF NOT EXISTS lakou_notification_preferences_once ON "lakou_notification_preferences" ("user", "kind");
