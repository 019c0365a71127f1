-- partners.0001_saved_searches (PostgreSQL): frozen. The DDL piccolo generated for
-- SavedSearchRow and SavedSearchMatchRow, and the unique index the classes cannot say. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_partner_saved_searches" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "organisation" UUID REFERENCES "lakou_organisations" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "name" VARCHAR(100) NOT NULL DEFAULT '', "query_text" VARCHAR(200) NOT NULL DEFAULT '', "filters" TEXT NOT NULL DEFAULT '', "period_start" DATE DEFAULT null, "period_end" DATE DEFAULT null, "created_by" UUID DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_partner_saved_searches_organisation ON "lakou_partner_saved_searches" USING btree ("organisation");
CREATE TABLE IF NOT EXISTS "lakou_partner_saved_search_matches" ("id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "saved_search" UUID REFERENCES "lakou_partner_saved_searches" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "work_id" UUID NOT NULL DEFAULT gen_random_uuid(), "matched_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_partner_saved_search_matches_saved_search ON "lakou_partner_saved_search_matches" USING btree ("saved_search");
-- A work matches a saved search once: it is told once, however often it changes.
CREATE UNIQUE INDEX IF NOT EXISTS lakou_partner_saved_search_matches_once ON "lakou_partner_saved_search_matches" ("saved_search", "work_id");
