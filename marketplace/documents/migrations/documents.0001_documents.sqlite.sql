-- documents.0001_documents (SQLite): frozen. The DDL piccolo 1.38.0 generated for
-- DocumentCounter and DocumentRow, plus the unique indexes numbering relies on. Never edit: add
-- a migration.
CREATE TABLE IF NOT EXISTS "lakou_document_counters" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "issuer" VARCHAR(6) NOT NULL DEFAULT '', "year" INTEGER NOT NULL DEFAULT 0, "last_number" INTEGER NOT NULL DEFAULT 0);
-- One counter per issuer and year: the row every allocation updates.
CREATE UNIQUE INDEX IF NOT EXISTS lakou_document_counters_once ON "lakou_document_counters" ("issuer", "year");
CREATE TABLE IF NOT EXISTS "lakou_documents" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "number" VARCHAR(30) UNIQUE NOT NULL DEFAULT '', "issuer" VARCHAR(6) NOT NULL DEFAULT '', "kind" VARCHAR(20) NOT NULL DEFAULT '', "order_id" UUID NOT NULL DEFAULT None, "buyer_id" UUID NOT NULL DEFAULT None, "issued_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "language" VARCHAR(10) NOT NULL DEFAULT '', "net_cents" INTEGER NOT NULL DEFAULT 0, "vat_cents" INTEGER NOT NULL DEFAULT 0, "gross_cents" INTEGER NOT NULL DEFAULT 0, "storage_key" VARCHAR(200) NOT NULL DEFAULT '', "sha256" VARCHAR(64) NOT NULL DEFAULT '', "size" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS lakou_documents_order_id ON "lakou_documents" ("order_id");
CREATE INDEX IF NOT EXISTS lakou_documents_buyer_id ON "lakou_documents" ("buyer_id");
-- An order has one receipt, however often its event is delivered.
CREATE UNIQUE INDEX IF NOT EXISTS lakou_documents_one_receipt ON "lakou_documents" ("order_id") WHERE "kind" = 'receipt';
