-- indicators.0002_cells (SQLite): frozen. The published cells kept per period (live and
-- rebuilt), the stale periods' marks, and the facts' indexes the cells' counts read by:
-- (indicator, day) for a period, each country's first diffusion for the new markets. Table DDL as piccolo 1.38.0 generated it. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_indicator_cells" ("key" VARCHAR(200) PRIMARY KEY NOT NULL DEFAULT '', "grain" VARCHAR(10) NOT NULL DEFAULT '', "period" VARCHAR(10) NOT NULL DEFAULT '', "indicator" VARCHAR(20) NOT NULL DEFAULT '', "dimension" VARCHAR(20) NOT NULL DEFAULT '', "value" VARCHAR(64) NOT NULL DEFAULT '', "figure" INTEGER NOT NULL DEFAULT 0, "suppressed" BOOLEAN NOT NULL DEFAULT false);
CREATE INDEX IF NOT EXISTS lakou_indicator_cells_grain_period ON "lakou_indicator_cells" ("grain", "period");
CREATE TABLE IF NOT EXISTS "lakou_indicator_cells_rebuilt" ("key" VARCHAR(200) PRIMARY KEY NOT NULL DEFAULT '', "grain" VARCHAR(10) NOT NULL DEFAULT '', "period" VARCHAR(10) NOT NULL DEFAULT '', "indicator" VARCHAR(20) NOT NULL DEFAULT '', "dimension" VARCHAR(20) NOT NULL DEFAULT '', "value" VARCHAR(64) NOT NULL DEFAULT '', "figure" INTEGER NOT NULL DEFAULT 0, "suppressed" BOOLEAN NOT NULL DEFAULT false);
CREATE INDEX IF NOT EXISTS lakou_indicator_cells_rebuilt_grain_period ON "lakou_indicator_cells_rebuilt" ("grain", "period");
CREATE TABLE IF NOT EXISTS "lakou_indicator_stale" ("key" VARCHAR(24) PRIMARY KEY NOT NULL DEFAULT '', "marked_by" VARCHAR(64) NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS lakou_indicator_facts_indicator_day ON "lakou_indicator_facts" ("indicator", "day");
CREATE INDEX IF NOT EXISTS lakou_indicator_facts_rebuilt_indicator_day ON "lakou_indicator_facts_rebuilt" ("indicator", "day");
CREATE INDEX IF NOT EXISTS lakou_indicator_facts_first_reach ON "lakou_indicator_facts" ("country", "day", "country_source") WHERE indicator = 'diffusion' AND support > 0;
CREATE INDEX IF NOT EXISTS lakou_indicator_facts_rebuilt_first_reach ON "lakou_indicator_facts_rebuilt" ("country", "day", "country_source") WHERE indicator = 'diffusion' AND support > 0;
