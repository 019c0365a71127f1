-- Each rendition's own state (making, ready, failed with its code): the asset plays as soon
-- as its preview is published, while the rest is made.
ALTER TABLE "lakou_media_assets" ADD COLUMN "renditions" JSON NOT NULL DEFAULT '{}';
