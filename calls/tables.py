"""Calls, their reviewers, submissions, attached files, declared conflicts and scores.
Only the repository reads and writes them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Bytea, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.tables import User
from infra.db.migrations import sql_files


class CallRow(Table, tablename="lakou_calls"):
    id = UUID(primary_key=True)
    scope_kind = Varchar(length=30, index=True)
    scope_id = Varchar(length=64, index=True)
    state = Varchar(length=10, index=True)
    titles = JSON()  # by language tag
    descriptions = JSON()
    opens_at = Timestamptz()
    closes_at = Timestamptz()
    time_zone = Varchar(length=60)
    eligibility = JSON()
    form = JSON()  # the questions (calls.forms)
    grid = JSON()  # the scoring criteria (calls.review)
    fee_cents = Integer()
    created_by = UUID()
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ReviewerRow(Table, tablename="lakou_call_reviewers"):
    """A person named on a call to score its submissions; one row per (call, person)."""

    id = UUID(primary_key=True)
    call = ForeignKey(CallRow, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    added_by = UUID()
    added_at = Timestamptz()


class SubmissionRow(Table, tablename="lakou_call_submissions"):
    id = UUID(primary_key=True)
    call = ForeignKey(CallRow, on_delete=OnDelete.cascade, index=True)
    applicant = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    organisation_id = UUID(null=True, default=None)
    state = Varchar(length=10)
    answers = JSON()
    created_at = Timestamptz()
    updated_at = Timestamptz()
    submitted_at = Timestamptz(null=True, default=None)
    decision = Varchar(length=10, null=True, default=None)
    decided_at = Timestamptz(null=True, default=None)


class SubmissionFileRow(Table, tablename="lakou_call_files"):
    """A file attached to a submission (a file question's answer names its id)."""

    id = UUID(primary_key=True)
    submission = ForeignKey(SubmissionRow, on_delete=OnDelete.cascade, index=True)
    sha256 = Varchar(length=64)
    content_type = Varchar(length=40)
    filename = Varchar(length=200)
    size = Integer()
    content = Bytea()
    uploaded_at = Timestamptz()


class ConflictRow(Table, tablename="lakou_call_conflicts"):
    """A reviewer's declared conflict of interest with one submission: they do not score it."""

    id = UUID(primary_key=True)
    submission = ForeignKey(SubmissionRow, on_delete=OnDelete.cascade, index=True)
    reviewer = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    reason = Text()
    declared_at = Timestamptz()


class ScoreRow(Table, tablename="lakou_call_scores"):
    """A reviewer's marks for one submission (the latest kept); one per (submission, reviewer)."""

    id = UUID(primary_key=True)
    submission = ForeignKey(SubmissionRow, on_delete=OnDelete.cascade, index=True)
    reviewer = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    marks = JSON()
    comment = Text()
    scored_at = Timestamptz()


class FeeRow(Table, tablename="lakou_call_fees"):
    """How a submission's entry fee was settled (calls.fees): one row per submission, paid by
    an order, then perhaps refunded, or waived by the call's managers."""

    id = UUID(primary_key=True)
    submission = ForeignKey(SubmissionRow, on_delete=OnDelete.cascade, index=True)
    call_id = UUID(index=True)
    state = Varchar(length=10)
    amount_cents = Integer()
    order_id = UUID(null=True, default=None)
    by = UUID()  # who paid (the buyer) or waived it (a manager)
    note = Text()  # a waiver's reason
    settled_at = Timestamptz()
    updated_at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (
    CallRow,
    ReviewerRow,
    SubmissionRow,
    SubmissionFileRow,
    ConflictRow,
    ScoreRow,
    FeeRow,
)
MIGRATIONS = (sql_files(FROZEN, "calls.0001_calls"), sql_files(FROZEN, "calls.0002_fees"))
