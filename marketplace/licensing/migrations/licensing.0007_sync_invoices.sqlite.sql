-- licensing.0007_sync_invoices (SQLite): frozen. A ready-made sync licence is billed to
-- its buyer's verified organisation (country, address, EU VAT number, the VIES answer) under
-- the licence invoices' VAT rule table; its invoice sits beside the deals' (`subject`).
-- Never edit: add a migration.
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN "billing_country" VARCHAR(2) NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN "billing_address" TEXT NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN "buyer_vat_number" VARCHAR(20) NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN "vies" VARCHAR(12) NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN "vies_name" TEXT NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN "vat_rule" VARCHAR(30) NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_invoices" ADD COLUMN "subject" VARCHAR(10) NOT NULL DEFAULT 'deal';
