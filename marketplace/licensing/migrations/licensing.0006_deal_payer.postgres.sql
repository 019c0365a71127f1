-- licensing.0006_deal_payer (PostgreSQL): frozen. Every member of the partner organisation
-- sees its deals and may pay them: the member who chose to pay a deal (NULL: the one who
-- asked) is the only one whose cart may hold it. Never edit: add a migration.
ALTER TABLE "lakou_licensing_deals" ADD COLUMN IF NOT EXISTS "payer_user_id" UUID DEFAULT null;
