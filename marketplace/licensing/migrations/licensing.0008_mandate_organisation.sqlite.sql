-- licensing.0008_mandate_organisation (SQLite): frozen. A mandate may name the Lakou
-- organisation that holds it (a production company, a label, a publisher; NULL: the person
-- who declared it, as before), and a deal keeps the holding organisation of the mandate it was
-- asked under, so that organisation's members answer it. Never edit: add a migration.
ALTER TABLE "lakou_licensing_mandates" ADD COLUMN "holder_org_id" UUID DEFAULT null;
ALTER TABLE "lakou_licensing_deals" ADD COLUMN "rights_org_id" UUID DEFAULT null;
CREATE INDEX IF NOT EXISTS lakou_licensing_deals_rights_org_id ON "lakou_licensing_deals" ("rights_org_id");
