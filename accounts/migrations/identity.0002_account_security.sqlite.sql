-- identity.0002_account_security (SQLite): frozen. A person's language; the address check;
-- single-use account tokens (address check, password reset, address change, a login's second
-- step); the TOTP second factor and its recovery codes; when a session was last used.
-- Existing accounts keep working: their address is unverified until they confirm it.
-- Never edit: add a migration.
ALTER TABLE "lakou_users" ADD COLUMN "language" VARCHAR(10) NOT NULL DEFAULT 'fr';
ALTER TABLE "lakou_users" ADD COLUMN "email_verified_at" TIMESTAMPTZ DEFAULT null;
ALTER TABLE "lakou_users" ADD COLUMN "totp_secret" VARCHAR(64) DEFAULT null;
ALTER TABLE "lakou_users" ADD COLUMN "totp_enabled_at" TIMESTAMPTZ DEFAULT null;
ALTER TABLE "lakou_users" ADD COLUMN "totp_last_step" INTEGER DEFAULT null;
ALTER TABLE "lakou_access_tokens" ADD COLUMN "last_used_at" TIMESTAMPTZ DEFAULT null;
CREATE TABLE IF NOT EXISTS "lakou_account_tokens" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "user" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "token_hash" VARCHAR(64) UNIQUE NOT NULL DEFAULT '', "purpose" VARCHAR(20) NOT NULL DEFAULT '', "new_email" VARCHAR(254) NOT NULL DEFAULT '', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "expires_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "used_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_account_tokens_user ON "lakou_account_tokens" ("user");
CREATE TABLE IF NOT EXISTS "lakou_recovery_codes" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "user" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "code_hash" VARCHAR(64) NOT NULL DEFAULT '', "used_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_recovery_codes_user ON "lakou_recovery_codes" ("user");
