-- media.watermark.0001_marked_copies (PostgreSQL): frozen. The DDL piccolo generated for MarkedRenditionRow, MarkedCopyRow
-- when this migration was released. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_media_marked_renditions" ("asset_id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "kind" VARCHAR(20) NOT NULL DEFAULT '', "state" VARCHAR(20) NOT NULL DEFAULT '', "prefix" VARCHAR(300) DEFAULT null, "layout" JSON NOT NULL DEFAULT '{}', "attempts" INTEGER NOT NULL DEFAULT 0, "error" VARCHAR(500) DEFAULT null, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE TABLE IF NOT EXISTS "lakou_media_marked_copies" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "asset_id" UUID NOT NULL DEFAULT gen_random_uuid(), "holder_ref" VARCHAR(200) NOT NULL DEFAULT '', "codeword" VARCHAR(32) NOT NULL DEFAULT '', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_media_marked_copies_asset_id ON "lakou_media_marked_copies" USING btree ("asset_id");
CREATE UNIQUE INDEX IF NOT EXISTS lakou_media_marked_copies_holder ON "lakou_media_marked_copies" ("asset_id", "holder_ref");
