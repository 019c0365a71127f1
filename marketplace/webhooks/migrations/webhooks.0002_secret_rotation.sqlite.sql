-- webhooks.0002_secret_rotation (SQLite): frozen. An endpoint's secret before its last rotation, and
-- until when messages are still signed with it too (EndpointRow.previous_secret, .previous_secret_until).
-- Never edit: add a migration.
ALTER TABLE lakou_webhook_endpoints ADD COLUMN "previous_secret" VARCHAR(60) DEFAULT null;
ALTER TABLE lakou_webhook_endpoints ADD COLUMN "previous_secret_until" TIMESTAMPTZ DEFAULT null;
