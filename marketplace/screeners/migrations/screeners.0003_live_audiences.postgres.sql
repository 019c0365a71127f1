-- screeners.0003_live_audiences (PostgreSQL): frozen. The organisations and markets a screener
-- was sent to, so people who join them later are invited; the DDL piccolo 1.38.0 generated for
-- AudienceRow, plus one row per (screener, kind, group, category). Never edit.
CREATE TABLE IF NOT EXISTS "lakou_screener_audiences" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "screener" UUID REFERENCES "lakou_screeners" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(20) NOT NULL DEFAULT '', "group_id" UUID NOT NULL DEFAULT gen_random_uuid(), "category" VARCHAR(30) NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS lakou_screener_audiences_group_id ON "lakou_screener_audiences" USING btree ("group_id");
CREATE UNIQUE INDEX IF NOT EXISTS lakou_screener_audiences_once ON "lakou_screener_audiences" ("screener", "kind", "group_id", "category");
