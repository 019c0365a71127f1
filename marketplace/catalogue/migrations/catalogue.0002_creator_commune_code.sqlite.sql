-- catalogue.0002_creator_commune_code: frozen. A creator's commune as its INSEE code (972xx,
-- accounts.territory) beside the free text, which stays. Never edit: add a migration.
ALTER TABLE "lakou_creators" ADD COLUMN "commune_code" VARCHAR(5) DEFAULT null;
