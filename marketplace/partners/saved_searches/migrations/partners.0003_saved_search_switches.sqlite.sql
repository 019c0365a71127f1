-- partners.0003_saved_search_switches (SQLite): frozen. Per saved search, whether a new match
-- notifies the organisation's members and whether it goes to its webhook endpoints
-- (SavedSearchRow.notify_members, .send_webhooks); both on for the searches saved before.
-- Never edit: add a migration.
ALTER TABLE lakou_partner_saved_searches ADD COLUMN "notify_members" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE lakou_partner_saved_searches ADD COLUMN "send_webhooks" BOOLEAN NOT NULL DEFAULT true;
