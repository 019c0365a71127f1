"""The in-app centre, the mail queue and each person's choices."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.tables import User
from infra.db.migrations import sql_files


class Notification(Table, tablename="lakou_notifications"):
    """One line in a person's notification centre."""

    id = UUID(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=80)
    # The caller's key: (user, kind, dedup_key) is unique, so a redelivered event tells once.
    dedup_key = Varchar(length=200)
    params = JSON()
    link = Varchar(length=500)
    created_at = Timestamptz()
    read_at = Timestamptz(null=True, default=None)


class QueuedMail(Table, tablename="lakou_mail_queue"):
    """A mail, rendered when it was decided, waiting for (or done with) the SMTP server.

    Rendering at enqueue time makes every retry send the same words with the same Message-ID.
    """

    id = UUID(primary_key=True)
    kind = Varchar(length=80)
    dedup_key = Varchar(length=200)
    # The account it was for, when there is one; erased with it.
    user = ForeignKey(User, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    address = Varchar(length=254)
    language = Varchar(length=12)
    subject = Varchar(length=300)
    text_body = Text()
    html_body = Text(null=True, default=None)
    unsubscribe_url = Varchar(length=500, null=True, default=None)
    status = Varchar(length=10)  # pending | sent | failed
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(index=True)
    last_error = Varchar(length=500)
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)


class NotificationPreference(Table, tablename="lakou_notification_preferences"):
    """A person's choice for one kind; no row means the kind's default (both channels on)."""

    id = UUID(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade)
    kind = Varchar(length=80)
    email = Boolean(default=True)
    in_app = Boolean(default=True)
    updated_at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (Notification, QueuedMail, NotificationPreference)
MIGRATIONS = (sql_files(FROZEN, "notifications.0001_centre_and_mail_queue"),)
