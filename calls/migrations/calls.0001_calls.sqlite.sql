-- calls.0001_calls (SQLite): frozen. The DDL piccolo 1.38.0 generated for
-- CallRow, ReviewerRow, SubmissionRow, SubmissionFileRow, ConflictRow, ScoreRow
-- when this migration was released, plus unique indexes on (call, user), (submission, reviewer)
-- for conflicts and for scores; databases already ran it. Never edit: add a migration.
CREATE TABLE IF NOT EXISTS "lakou_calls" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "scope_kind" VARCHAR(30) NOT NULL DEFAULT '', "scope_id" VARCHAR(64) NOT NULL DEFAULT '', "state" VARCHAR(10) NOT NULL DEFAULT '', "titles" JSON NOT NULL DEFAULT '{}', "descriptions" JSON NOT NULL DEFAULT '{}', "opens_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "closes_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "time_zone" VARCHAR(60) NOT NULL DEFAULT '', "eligibility" JSON NOT NULL DEFAULT '{}', "form" JSON NOT NULL DEFAULT '{}', "grid" JSON NOT NULL DEFAULT '{}', "fee_cents" INTEGER NOT NULL DEFAULT 0, "created_by" UUID NOT NULL DEFAULT None, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_calls_scope_kind ON "lakou_calls" ("scope_kind");
CREATE INDEX IF NOT EXISTS lakou_calls_scope_id ON "lakou_calls" ("scope_id");
CREATE INDEX IF NOT EXISTS lakou_calls_state ON "lakou_calls" ("state");
CREATE TABLE IF NOT EXISTS "lakou_call_reviewers" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "call" UUID REFERENCES "lakou_calls" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "added_by" UUID NOT NULL DEFAULT None, "added_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_call_reviewers_call ON "lakou_call_reviewers" ("call");
CREATE INDEX IF NOT EXISTS lakou_call_reviewers_user ON "lakou_call_reviewers" ("user");
CREATE TABLE IF NOT EXISTS "lakou_call_submissions" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "call" UUID REFERENCES "lakou_calls" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "applicant" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "organisation_id" UUID DEFAULT null, "state" VARCHAR(10) NOT NULL DEFAULT '', "answers" JSON NOT NULL DEFAULT '{}', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "submitted_at" TIMESTAMPTZ DEFAULT null, "decision" VARCHAR(10) DEFAULT null, "decided_at" TIMESTAMPTZ DEFAULT null);
CREATE INDEX IF NOT EXISTS lakou_call_submissions_call ON "lakou_call_submissions" ("call");
CREATE INDEX IF NOT EXISTS lakou_call_submissions_applicant ON "lakou_call_submissions" ("applicant");
CREATE TABLE IF NOT EXISTS "lakou_call_files" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "submission" UUID REFERENCES "lakou_call_submissions" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "sha256" VARCHAR(64) NOT NULL DEFAULT '', "content_type" VARCHAR(40) NOT NULL DEFAULT '', "filename" VARCHAR(200) NOT NULL DEFAULT '', "size" INTEGER NOT NULL DEFAULT 0, "content" BLOB NOT NULL DEFAULT '', "uploaded_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_call_files_submission ON "lakou_call_files" ("submission");
CREATE TABLE IF NOT EXISTS "lakou_call_conflicts" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "submission" UUID REFERENCES "lakou_call_submissions" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "reviewer" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "reason" TEXT NOT NULL DEFAULT '', "declared_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_call_conflicts_submission ON "lakou_call_conflicts" ("submission");
CREATE INDEX IF NOT EXISTS lakou_call_conflicts_reviewer ON "lakou_call_conflicts" ("reviewer");
CREATE TABLE IF NOT EXISTS "lakou_call_scores" ("id" UUID PRIMARY KEY NOT NULL DEFAULT None, "submission" UUID REFERENCES "lakou_call_submissions" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "reviewer" UUID REFERENCES "lakou_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "marks" JSON NOT NULL DEFAULT '{}', "comment" TEXT NOT NULL DEFAULT '', "scored_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
CREATE INDEX IF NOT EXISTS lakou_call_scores_submission ON "lakou_call_scores" ("submission");
CREATE INDEX IF NOT EXISTS lakou_call_scores_reviewer ON "lakou_call_scores" ("reviewer");
CREATE UNIQUE INDEX IF NOT EXISTS lakou_call_reviewers_call_user ON "lakou_call_reviewers" ("call", "user");
CREATE UNIQUE INDEX IF NOT EXISTS lakou_call_conflicts_submission_reviewer ON "lakou_call_conflicts" ("submission", "reviewer");
CREATE UNIQUE INDEX IF NOT EXISTS lakou_call_scores_submission_reviewer ON "lakou_call_scores" ("submission", "reviewer");
