"""Webhook endpoints, their deliveries and each delivery's attempts (the delivery log)."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.organisations.tables import OrganisationRow
from infra.db.migrations import sql_files


class EndpointRow(Table, tablename="lakou_webhook_endpoints"):
    id = UUID(primary_key=True)
    organisation = ForeignKey(OrganisationRow, on_delete=OnDelete.cascade, index=True)
    url = Varchar(length=500)
    description = Varchar(length=200)
    event_types = Varchar(length=300)  # space-separated
    # Kept as is: every message is signed with it (docs/decisions.md, partner API).
    signing_secret = Varchar(length=60)
    # Rotation: the secret before, still signing beside the new one until then.
    previous_secret = Varchar(length=60, null=True, default=None)
    previous_secret_until = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    disabled_at = Timestamptz(null=True, default=None)
    disabled_reason = Varchar(length=200)
    last_success_at = Timestamptz(null=True, default=None)


class DeliveryRow(Table, tablename="lakou_webhook_deliveries"):
    """One message to one endpoint; its id is the `webhook-id` of every attempt."""

    id = UUID(primary_key=True)
    endpoint = ForeignKey(EndpointRow, on_delete=OnDelete.cascade, index=True)
    event_id = UUID()
    event_type = Varchar(length=60)
    body = Text()
    state = Varchar(length=10)
    attempts = Integer()
    next_attempt_at = Timestamptz(null=True, default=None, index=True)
    created_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None)


class AttemptRow(Table, tablename="lakou_webhook_attempts"):
    id = UUID(primary_key=True)
    delivery = ForeignKey(DeliveryRow, on_delete=OnDelete.cascade, index=True)
    at = Timestamptz()
    request_headers = Text()  # JSON, the signature included (it is no secret)
    status = Integer(null=True, default=None)
    response = Text()  # truncated
    error = Varchar(length=300)
    duration_ms = Integer()


FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (EndpointRow, DeliveryRow, AttemptRow)
MIGRATIONS = (
    sql_files(FROZEN, "webhooks.0001_webhooks"),
    sql_files(FROZEN, "webhooks.0002_secret_rotation"),
)
