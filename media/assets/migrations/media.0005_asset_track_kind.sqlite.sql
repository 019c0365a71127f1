-- A language version's kind (version, description, commentary, subtitles, captions): with its
-- language it names the track: one track per work, role, language and kind.
ALTER TABLE "lakou_media_assets" ADD COLUMN "track_kind" VARCHAR(20) NULL DEFAULT NULL;
