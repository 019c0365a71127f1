"""Endpoints, deliveries and attempts in the database, read the same way on both engines."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_utc, as_uuid
from marketplace.webhooks.domain import DeliveryState, Endpoint
from marketplace.webhooks.tables import AttemptRow, DeliveryRow, EndpointRow


@dataclass(frozen=True)
class Delivery:
    id: UUID
    endpoint_id: UUID
    event_id: UUID
    event_type: str
    body: str
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime | None
    created_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class Attempt:
    id: UUID
    at: datetime
    request_headers: dict[str, str]
    status: int | None
    response: str
    error: str
    duration_ms: int


def _moment(value: Any) -> datetime | None:
    return as_utc(value) if value is not None else None


def _endpoint(row: dict[str, Any]) -> Endpoint:
    return Endpoint(
        id=as_uuid(row["id"]),
        organisation_id=as_uuid(row["organisation"]),
        url=row["url"],
        description=row["description"],
        event_types=tuple(str(row["event_types"]).split()),
        secret=row["signing_secret"],
        created_at=as_utc(row["created_at"]),
        disabled_at=_moment(row["disabled_at"]),
        disabled_reason=row["disabled_reason"],
        last_success_at=_moment(row["last_success_at"]),
        previous_secret=row["previous_secret"],
        previous_secret_until=_moment(row["previous_secret_until"]),
    )


def _delivery(row: dict[str, Any]) -> Delivery:
    return Delivery(
        id=as_uuid(row["id"]),
        endpoint_id=as_uuid(row["endpoint"]),
        event_id=as_uuid(row["event_id"]),
        event_type=row["event_type"],
        body=row["body"],
        state=DeliveryState(row["state"]),
        attempts=int(row["attempts"]),
        next_attempt_at=_moment(row["next_attempt_at"]),
        created_at=as_utc(row["created_at"]),
        finished_at=_moment(row["finished_at"]),
    )


class WebhookRepository:
    # Endpoints -----------------------------------------------------------------------------

    async def add_endpoint(self, endpoint: Endpoint) -> None:
        await EndpointRow.insert(
            EndpointRow(
                id=endpoint.id,
                organisation=endpoint.organisation_id,
                url=endpoint.url,
                description=endpoint.description,
                event_types=" ".join(endpoint.event_types),
                signing_secret=endpoint.secret,
                created_at=endpoint.created_at,
                disabled_reason="",
            )
        )

    async def endpoints(self, organisation_id: UUID) -> list[Endpoint]:
        rows = (
            await EndpointRow.select()
            .where(EndpointRow.organisation == organisation_id)
            .order_by(EndpointRow.id, ascending=False)
        )
        return [_endpoint(row) for row in rows]

    async def endpoint(self, endpoint_id: UUID) -> Endpoint | None:
        row = await EndpointRow.select().where(EndpointRow.id == endpoint_id).first()
        return _endpoint(row) if row else None

    async def subscribed(self, event_type: str) -> list[Endpoint]:
        rows = await EndpointRow.select().where(
            EndpointRow.disabled_at.is_null() & EndpointRow.event_types.like(f"%{event_type}%")
        )
        return [e for e in (_endpoint(row) for row in rows) if e.wants(event_type)]

    async def set_enabled(self, endpoint: Endpoint) -> None:
        await EndpointRow.update(
            {
                EndpointRow.disabled_at: endpoint.disabled_at,
                EndpointRow.disabled_reason: endpoint.disabled_reason,
            }
        ).where(EndpointRow.id == endpoint.id)

    async def set_secrets(self, endpoint: Endpoint) -> None:
        await EndpointRow.update(
            {
                EndpointRow.signing_secret: endpoint.secret,
                EndpointRow.previous_secret: endpoint.previous_secret,
                EndpointRow.previous_secret_until: endpoint.previous_secret_until,
            }
        ).where(EndpointRow.id == endpoint.id)

    async def delete_endpoint(self, endpoint_id: UUID) -> None:
        await EndpointRow.delete().where(EndpointRow.id == endpoint_id)

    async def endpoints_by_id(self, endpoint_ids: set[UUID]) -> dict[UUID, Endpoint]:
        if not endpoint_ids:
            return {}
        rows = await EndpointRow.select().where(EndpointRow.id.is_in(list(endpoint_ids)))
        return {endpoint.id: endpoint for endpoint in (_endpoint(row) for row in rows)}

    async def mark_success(self, endpoint_ids: set[UUID], now: datetime) -> None:
        if endpoint_ids:
            await EndpointRow.update({EndpointRow.last_success_at: now}).where(
                EndpointRow.id.is_in(list(endpoint_ids))
            )

    # Deliveries ----------------------------------------------------------------------------

    async def add_deliveries(self, deliveries: list[Delivery]) -> set[UUID]:
        """New deliveries (of one event or several) in one statement; the ids of those written:
        an endpoint that already has a delivery of the event is left out (the unique index on
        endpoint and event)."""
        if not deliveries:
            return set()
        inserted = (
            await DeliveryRow.insert(
                *(
                    DeliveryRow(
                        id=delivery.id,
                        endpoint=delivery.endpoint_id,
                        event_id=delivery.event_id,
                        event_type=delivery.event_type,
                        body=delivery.body,
                        state=delivery.state.value,
                        attempts=delivery.attempts,
                        next_attempt_at=delivery.next_attempt_at,
                        created_at=delivery.created_at,
                    )
                    for delivery in deliveries
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(DeliveryRow.id)
        )
        return {as_uuid(row["id"]) for row in inserted}

    async def delivery(self, delivery_id: UUID) -> Delivery | None:
        row = await DeliveryRow.select().where(DeliveryRow.id == delivery_id).first()
        return _delivery(row) if row else None

    async def deliveries(
        self, endpoint_id: UUID, before: UUID | None, limit: int
    ) -> list[Delivery]:
        query = DeliveryRow.select().where(DeliveryRow.endpoint == endpoint_id)
        if before is not None:
            query = query.where(DeliveryRow.id < before)
        rows = await query.order_by(DeliveryRow.id, ascending=False).limit(limit)
        return [_delivery(row) for row in rows]

    async def claim(self, delivery: Delivery, now: datetime, lease_until: datetime) -> bool:
        """Take a due delivery for one attempt: its next attempt moves past the attempt's
        longest time, by an UPDATE that matches only while it is still due, so two senders
        never send it together and a sender killed mid-way leaves it to be claimed again."""
        taken = (
            await DeliveryRow.update({DeliveryRow.next_attempt_at: lease_until})
            .where(
                (DeliveryRow.id == delivery.id)
                & (DeliveryRow.state == DeliveryState.PENDING.value)
                & (DeliveryRow.next_attempt_at <= now)
            )
            .returning(DeliveryRow.id)
        )
        return bool(taken)

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Delivery]:
        """Take up to `limit` due deliveries at once, as `claim` takes one, in one statement:
        the UPDATE's own condition matches only those still due, so a delivery another sender
        claimed meanwhile (after the sub-select chose it) is left out."""
        still_due = (DeliveryRow.state == DeliveryState.PENDING.value) & (
            DeliveryRow.next_attempt_at <= now
        )
        oldest = (
            DeliveryRow.select(DeliveryRow.id)
            .where(still_due)
            .order_by(DeliveryRow.next_attempt_at)
            .limit(limit)
        )
        rows = (
            await DeliveryRow.update({DeliveryRow.next_attempt_at: lease_until})
            .where(DeliveryRow.id.is_in(oldest) & still_due)
            .returning(*DeliveryRow.all_columns())
        )
        return [_delivery(row) for row in rows]

    async def mark_delivered(self, delivery_ids: list[UUID], finished_at: datetime) -> None:
        """Every delivery of a batch its receiver took, in one statement (one attempt more)."""
        if delivery_ids:
            await DeliveryRow.update(
                {
                    DeliveryRow.attempts: DeliveryRow.attempts + 1,
                    DeliveryRow.state: DeliveryState.DELIVERED.value,
                    DeliveryRow.next_attempt_at: None,
                    DeliveryRow.finished_at: finished_at,
                }
            ).where(DeliveryRow.id.is_in(delivery_ids))

    async def finish_attempt(
        self,
        delivery_id: UUID,
        attempts: int,
        state: DeliveryState,
        next_attempt_at: datetime | None,
        finished_at: datetime | None,
    ) -> None:
        await DeliveryRow.update(
            {
                DeliveryRow.attempts: attempts,
                DeliveryRow.state: state.value,
                DeliveryRow.next_attempt_at: next_attempt_at,
                DeliveryRow.finished_at: finished_at,
            }
        ).where(DeliveryRow.id == delivery_id)

    async def requeue(self, delivery_id: UUID, now: datetime) -> None:
        """Manual redelivery: pending again, due now, the same id (`webhook-id`)."""
        await DeliveryRow.update(
            {
                DeliveryRow.state: DeliveryState.PENDING.value,
                DeliveryRow.next_attempt_at: now,
                DeliveryRow.finished_at: None,
            }
        ).where(DeliveryRow.id == delivery_id)

    # Attempts ------------------------------------------------------------------------------

    async def add_attempts(self, attempts: list[tuple[UUID, Attempt]]) -> None:
        """The log rows of a batch of attempts (delivery id, attempt), in one statement."""
        if not attempts:
            return
        await AttemptRow.insert(
            *(
                AttemptRow(
                    id=attempt.id,
                    delivery=delivery_id,
                    at=attempt.at,
                    request_headers=json.dumps(attempt.request_headers, sort_keys=True),
                    status=attempt.status,
                    response=attempt.response,
                    error=attempt.error[:300],
                    duration_ms=attempt.duration_ms,
                )
                for delivery_id, attempt in attempts
            )
        )

    async def attempts(self, delivery_ids: list[UUID]) -> dict[UUID, list[Attempt]]:
        if not delivery_ids:
            return {}
        rows = (
            await AttemptRow.select()
            .where(AttemptRow.delivery.is_in(delivery_ids))
            .order_by(AttemptRow.id)
        )
        found: dict[UUID, list[Attempt]] = {}
        for row in rows:
            found.setdefault(as_uuid(row["delivery"]), []).append(
                Attempt(
                    id=as_uuid(row["id"]),
                    at=as_utc(row["at"]),
                    request_headers=json.loads(row["request_headers"] or "{}"),
                    status=row["status"],
                    response=row["response"],
                    error=row["error"],
                    duration_ms=int(row["duration_ms"]),
                )
            )
        return found
