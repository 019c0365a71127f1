-- licensing.0008_mandate_organisation (PostgreSQL): frozen. A mandate may name the Lakou
-- organisation that holds it (a production company, a label, a publisher; NULL: the person
-- who declared it, as before), and a deal keeps the holding organisation of the mandate it was
-- asked under, so that organisation's members answer it. Never edit: add a migration.
ALTER TABLE "lakou_licensing_mandates" ADD COLUMN IF NOT EXISTS "holder_org_id" UUID DEFAULT null;
ALTER TABLE "lakou_licensing_deals" ADD COLUMN IF NOT EXISTS "rights_org_id" UUID DEFAULT null;
CREATE INDEX IF NOT EXISTS lakou_licensing_deals_rights_org_id ON "lakou_licensing_deals" USING btree ("rights_org_id");
