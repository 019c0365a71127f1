-- revenue.0004_direct_sales (PostgreSQL): frozen. One sale row per (sale, line,
-- work): a sale allocated twice (an order, or a licence invoice paid by bank transfer told
-- again under another event id) cannot add a second set. And a Connect account Stripe says
-- its holder disconnected from Lakou (account.application.deauthorized): held, not paid.
CREATE UNIQUE INDEX IF NOT EXISTS lakou_revenue_sales_line_work ON "lakou_revenue_sales" ("order_id", "line_id", "work_id");
ALTER TABLE "lakou_connect_accounts" ADD COLUMN IF NOT EXISTS "disconnected_at" TIMESTAMPTZ DEFAULT null;
