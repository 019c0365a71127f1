-- events.0004_unsent_index: frozen once released. Never edit: add a migration.
-- The relay claims the oldest unsent events (`WHERE sent_at IS NULL ORDER BY id`). The log keeps
-- every event ever sent, so without fresh statistics (a log just restored or bulk-loaded) the
-- planner may walk the whole log by its primary key on every poll; an index holding only the
-- unsent rows, in claim order, stays as small as the backlog whatever the statistics say.
CREATE INDEX IF NOT EXISTS lakou_outbox_unsent ON "lakou_outbox" ("id") WHERE sent_at IS NULL;
