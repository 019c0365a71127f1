-- One standing language version per work, role, language and kind: two uploads claiming the
-- same track at the same instant both passed the service's check; the database now lets one
-- through. "Standing" is what the upload rules count (uploading, made or being made): an
-- abandoned, refused, failed or withdrawn track frees its language and kind.
-- Tracks that already stand twice (from before this index) keep the oldest; the others are
-- marked failed with the code a second upload gets.
UPDATE "lakou_media_assets" SET "status" = 'failed', "error_code" = 'track_exists'
WHERE "role" IN ('audio_track', 'subtitle')
  AND "status" NOT IN ('aborted', 'rejected', 'failed', 'withdrawn')
  AND EXISTS (
    SELECT 1 FROM "lakou_media_assets" AS "older"
    WHERE "older"."work_id" = "lakou_media_assets"."work_id"
      AND "older"."role" = "lakou_media_assets"."role"
      AND "older"."language" = "lakou_media_assets"."language"
      AND "older"."track_kind" = "lakou_media_assets"."track_kind"
      AND "older"."status" NOT IN ('aborted', 'rejected', 'failed', 'withdrawn')
      AND ("older"."created_at", "older"."id")
        < ("lakou_media_assets"."created_at", "lakou_media_assets"."id")
  );
CREATE UNIQUE INDEX IF NOT EXISTS "lakou_media_assets_one_standing_track"
ON "lakou_media_assets" ("work_id", "role", "language", "track_kind")
WHERE "role" IN ('audio_track', 'subtitle')
  AND "status" NOT IN ('aborted', 'rejected', 'failed', 'withdrawn');
