-- indicators.0003_live_cells (SQLite): frozen. Cells kept by the consumer itself: the work
-- attributes its cells were counted with (re-attributed when the catalogue changes), the cells'
-- version (bumped with every change, the read cache's key), and the facts' indexes a member's
-- share is read by: a subject's facts by day, a country's facts by source and day. The rebuilt
-- facts lose the indexes only the recount read (the rebuild writes them in bulk).
-- Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_indicator_works" ("work_id" VARCHAR(64) PRIMARY KEY NOT NULL DEFAULT '', "discipline" VARCHAR(64) NOT NULL DEFAULT '', "commune" VARCHAR(10) NOT NULL DEFAULT '', "epci" VARCHAR(20) NOT NULL DEFAULT '', "creator" VARCHAR(64) NOT NULL DEFAULT '', "organisation" VARCHAR(64) NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS "lakou_indicator_version" ("id" INTEGER PRIMARY KEY NOT NULL DEFAULT 1, "version" BIGINT NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS lakou_indicator_facts_subject_day ON "lakou_indicator_facts" ("indicator", "subject", "day");
CREATE INDEX IF NOT EXISTS lakou_indicator_facts_country_source ON "lakou_indicator_facts" ("country", "country_source", "day") WHERE indicator = 'diffusion' AND support > 0;
DROP INDEX IF EXISTS lakou_indicator_facts_rebuilt_day;
DROP INDEX IF EXISTS lakou_indicator_facts_rebuilt_indicator_day;
DROP INDEX IF EXISTS lakou_indicator_facts_rebuilt_first_reach;
