-- screeners.0002_revoked (SQLite): frozen. When the maker withdrew an invitation (null while
-- it stands); what piccolo 1.38.0 generates for the new column. Never edit.
ALTER TABLE "lakou_screener_invitations" ADD COLUMN "revoked_at" TIMESTAMPTZ DEFAULT null;
