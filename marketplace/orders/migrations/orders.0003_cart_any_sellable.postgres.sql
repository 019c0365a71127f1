-- orders.0003_cart_any_sellable (PostgreSQL): a cart holds any module's item (the orders'
-- Sellable port), named by kind and id; existing rows are offers. Released: never edit.
ALTER TABLE "lakou_cart_items" RENAME COLUMN "offer_id" TO "item_id";
ALTER TABLE "lakou_cart_items" ADD COLUMN "item_kind" VARCHAR(40) NOT NULL DEFAULT 'offer';
DROP INDEX IF EXISTS lakou_cart_items_once;
CREATE UNIQUE INDEX IF NOT EXISTS lakou_cart_items_once ON lakou_cart_items (buyer_id, item_kind, item_id);
