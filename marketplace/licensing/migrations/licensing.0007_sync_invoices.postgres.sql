-- licensing.0007_sync_invoices (PostgreSQL): frozen. A ready-made sync licence is billed to
-- its buyer's verified organisation (country, address, EU VAT number, the VIES answer) under
-- the licence invoices' VAT rule table; its invoice sits beside the deals' (`subject`).
-- Never edit: add a migration.
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN IF NOT EXISTS "billing_country" VARCHAR(2) NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN IF NOT EXISTS "billing_address" TEXT NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN IF NOT EXISTS "buyer_vat_number" VARCHAR(20) NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN IF NOT EXISTS "vies" VARCHAR(12) NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN IF NOT EXISTS "vies_name" TEXT NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_sync_licences" ADD COLUMN IF NOT EXISTS "vat_rule" VARCHAR(30) NOT NULL DEFAULT '';
ALTER TABLE "lakou_licensing_invoices" ADD COLUMN IF NOT EXISTS "subject" VARCHAR(10) NOT NULL DEFAULT 'deal';
