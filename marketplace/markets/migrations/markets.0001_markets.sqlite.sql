-- markets.0001_markets (SQLite): frozen. The DDL piccolo 1.38.0 generated for MarketRow, MarketTeamRow,
-- StandRow, StandWorkRow, StandDocumentRow, StandVisitRow, AccreditationRow, and the unique
-- indexes the classes cannot say. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_markets" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "slug" VARCHAR(60) UNIQUE NOT NULL DEFAULT '', "organisation_id" UUID NOT NULL DEFAULT None, "created_by" UUID NOT NULL DEFAULT None, "name" VARCHAR(200) NOT NULL DEFAULT '', "edition" VARCHAR(100) NOT NULL DEFAULT '', "descriptions" JSON NOT NULL DEFAULT '{}', "sections" JSON NOT NULL DEFAULT '{}', "opens_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "closes_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "state" VARCHAR(20) NOT NULL DEFAULT '', "visual_key" VARCHAR(300) DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_markets_organisation_id ON "lakou_markets" ("organisation_id");
CREATE INDEX IF NOT EXISTS lakou_markets_state ON "lakou_markets" ("state");
CREATE TABLE IF NOT EXISTS "lakou_market_team" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "market_id" UUID NOT NULL DEFAULT None, "user_id" UUID NOT NULL DEFAULT None, "role" VARCHAR(20) NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS lakou_market_team_market_id ON "lakou_market_team" ("market_id");
CREATE INDEX IF NOT EXISTS lakou_market_team_user_id ON "lakou_market_team" ("user_id");
CREATE TABLE IF NOT EXISTS "lakou_market_stands" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "market_id" UUID NOT NULL DEFAULT None, "exhibitor_kind" VARCHAR(30) NOT NULL DEFAULT '', "creator_id" UUID DEFAULT null, "organisation_id" UUID DEFAULT null, "owner_id" UUID DEFAULT null, "name" VARCHAR(200) NOT NULL DEFAULT '', "name_folded" VARCHAR(200) NOT NULL DEFAULT '', "commune_code" VARCHAR(5) DEFAULT null, "disciplines" VARCHAR(300) NOT NULL DEFAULT '', "presentations" JSON NOT NULL DEFAULT '{}', "contacts" JSON NOT NULL DEFAULT '{}', "tables" INTEGER NOT NULL DEFAULT 0, "live_slots" JSON NOT NULL DEFAULT '{}', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_market_stands_market_id ON "lakou_market_stands" ("market_id");
CREATE INDEX IF NOT EXISTS lakou_market_stands_owner_id ON "lakou_market_stands" ("owner_id");
CREATE TABLE IF NOT EXISTS "lakou_market_stand_works" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "stand_id" UUID NOT NULL DEFAULT None, "work_id" UUID NOT NULL DEFAULT None, "position" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS lakou_market_stand_works_stand_id ON "lakou_market_stand_works" ("stand_id");
CREATE INDEX IF NOT EXISTS lakou_market_stand_works_work_id ON "lakou_market_stand_works" ("work_id");
CREATE TABLE IF NOT EXISTS "lakou_market_stand_documents" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "stand_id" UUID NOT NULL DEFAULT None, "kind" VARCHAR(30) NOT NULL DEFAULT '', "audience" VARCHAR(20) NOT NULL DEFAULT '', "filename" VARCHAR(200) NOT NULL DEFAULT '', "content_type" VARCHAR(40) NOT NULL DEFAULT '', "size" INTEGER NOT NULL DEFAULT 0, "content" BLOB NOT NULL DEFAULT '', "uploaded_by" UUID NOT NULL DEFAULT None, "uploaded_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_market_stand_documents_stand_id ON "lakou_market_stand_documents" ("stand_id");
CREATE TABLE IF NOT EXISTS "lakou_market_stand_visits" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "stand_id" UUID NOT NULL DEFAULT None, "visitor" VARCHAR(64) NOT NULL DEFAULT '', "day" VARCHAR(10) NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS "lakou_market_accreditations" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "market_id" UUID NOT NULL DEFAULT None, "user_id" UUID NOT NULL DEFAULT None, "organisation_id" UUID NOT NULL DEFAULT None, "category" VARCHAR(20) NOT NULL DEFAULT '', "state" VARCHAR(20) NOT NULL DEFAULT '', "reason" TEXT NOT NULL DEFAULT '', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "decided_at" TIMESTAMPTZ DEFAULT null, "decided_by" UUID DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_market_accreditations_market_id ON "lakou_market_accreditations" ("market_id");
CREATE INDEX IF NOT EXISTS lakou_market_accreditations_user_id ON "lakou_market_accreditations" ("user_id");
-- One role per person in a market's team; one stand per exhibitor in a market.
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_team_unique ON "lakou_market_team" ("market_id", "user_id");
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_stands_one_per_creator ON "lakou_market_stands" ("market_id", "creator_id") WHERE "creator_id" IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_stands_one_per_organisation ON "lakou_market_stands" ("market_id", "organisation_id") WHERE "organisation_id" IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_stand_works_unique ON "lakou_market_stand_works" ("stand_id", "work_id");
-- A visit counts once per visitor, stand and day (the insert that loses the race does nothing).
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_stand_visits_unique ON "lakou_market_stand_visits" ("stand_id", "visitor", "day");
-- One accreditation per person and market (asked again after a refusal, on the same row).
CREATE UNIQUE INDEX IF NOT EXISTS lakou_market_accreditations_unique ON "lakou_market_accreditations" ("market_id", "user_id");
CREATE INDEX IF NOT EXISTS lakou_markets_window ON "lakou_markets" ("state", "opens_at", "closes_at");
