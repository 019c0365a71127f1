"""Webhook use cases: a partner's endpoints (by its API key's organisation), the fan-out of
events into deliveries, and the attempts with their retries, log and manual redelivery.

The fan-out is an outbox consumer: inside `handle_once` it writes one pending delivery per
subscribed endpoint (unique on endpoint and event, so a redelivered event fans out once), then,
once that has committed, tries them at once. Whatever is not delivered then — the worker
killed between the commit and the POST, a receiver down — is due again and taken by the
`webhooks.deliver` job with the same delivery id, hence the same `webhook-id`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from uuid import UUID

from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, InvalidInput, NotFound
from infra.events.envelope import EventEnvelope
from infra.ids import new_id
from infra.notifications import Notifier
from marketplace.webhooks.batching import GroupCommit
from marketplace.webhooks.domain import (
    EVENT_FIELDS,
    EVENT_TYPES,
    MAX_DESCRIPTION_LENGTH,
    MAX_ENDPOINTS,
    MAX_URL_LENGTH,
    BadEventTypes,
    DeliveryState,
    Endpoint,
    headers,
    message_id,
    new_secret,
    next_attempt,
    parse_event_types,
)
from marketplace.webhooks.errors import WebhookError
from marketplace.webhooks.fan_out import FanOut, FanOutWriter
from marketplace.webhooks.notifications import ENDPOINT_DISABLED
from marketplace.webhooks.repository import Attempt, Delivery, WebhookRepository
from marketplace.webhooks.sender import WebhookSender
from marketplace.webhooks.ssrf import ForbiddenTarget

# Sends of one batch in flight together: a receiver is not flooded, a slow one does not hold
# the others (each attempt has its own deadline).
SENDS_AT_ONCE = 16
DISABLED_BY_ORGANISATION = "disabled by its organisation"
# How stale an endpoint's last success may be written (one UPDATE less per batch of attempts).
SUCCESS_PRECISION = timedelta(minutes=1)
Clock = Callable[[], datetime]
# Ports, adapted in the wiring: is a work public; who manages an organisation (and its name).
PublicWork = Callable[[UUID], Awaitable[bool]]
Managers = Callable[[UUID], Awaitable[tuple[str, list[UUID]]]]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Sent:
    """One attempt made, not yet recorded."""

    delivery: Delivery
    endpoint: Endpoint
    attempt: Attempt
    delivered: bool
    manual: bool
    finished: datetime


@dataclass(frozen=True)
class EndpointRequest:
    url: str
    event_types: list[str]
    description: str = ""


class WebhookService:
    def __init__(
        self,
        repository: WebhookRepository,
        sender: WebhookSender,
        unit_of_work: Callable[[], UnitOfWork],
        public_work: PublicWork,
        managers: Managers,
        notifier: Callable[[], Notifier],
        *,
        allow_plain_http: bool = False,
        secret_overlap: timedelta = timedelta(hours=24),
        clock: Clock = _utc_now,
    ) -> None:
        self._repo = repository
        self.sender = sender
        self._uow = unit_of_work
        self._public_work = public_work
        self._managers = managers
        self._notifier = notifier
        self._plain_http = allow_plain_http
        self._secret_overlap = secret_overlap
        self._now = clock
        self._recorder = GroupCommit(self._record)
        # A claimed delivery's lease: the attempt's longest time and a margin.
        self._lease_length = timedelta(seconds=sender.deadline_s + 60)
        writer = FanOutWriter(repository, unit_of_work, clock, self._lease_length)
        self._fan_outs = GroupCommit(writer.write)

    @property
    def repository(self) -> WebhookRepository:
        return self._repo

    # Endpoints (the caller's organisation comes from its API key) -------------------------

    async def create(self, organisation_id: UUID, request: EndpointRequest) -> Endpoint:
        url = await self._checked_url(request.url)
        try:
            types = parse_event_types(list(request.event_types))
        except BadEventTypes as error:
            raise InvalidInput(
                WebhookError.INVALID_EVENT_TYPES,
                unknown=", ".join(error.unknown) or "-",
                allowed=", ".join(EVENT_TYPES),
            ) from None
        description = " ".join(request.description.split())
        if len(description) > MAX_DESCRIPTION_LENGTH:
            raise InvalidInput(WebhookError.INVALID_DESCRIPTION, max=MAX_DESCRIPTION_LENGTH)
        async with self._uow():
            if len(await self._repo.endpoints(organisation_id)) >= MAX_ENDPOINTS:
                raise Conflict(WebhookError.TOO_MANY_ENDPOINTS, max=MAX_ENDPOINTS)
            endpoint = Endpoint(
                id=new_id(),
                organisation_id=organisation_id,
                url=url,
                description=description,
                event_types=types,
                secret=new_secret(),
                created_at=self._now(),
            )
            await self._repo.add_endpoint(endpoint)
        return endpoint

    async def endpoints(self, organisation_id: UUID) -> list[Endpoint]:
        return await self._repo.endpoints(organisation_id)

    async def endpoint(self, organisation_id: UUID, endpoint_id: UUID) -> Endpoint:
        """Another organisation's endpoint is not found (404), never forbidden."""
        endpoint = await self._repo.endpoint(endpoint_id)
        if endpoint is None or endpoint.organisation_id != organisation_id:
            raise NotFound(WebhookError.NOT_FOUND)
        return endpoint

    async def delete(self, organisation_id: UUID, endpoint_id: UUID) -> None:
        await self.endpoint(organisation_id, endpoint_id)
        await self._repo.delete_endpoint(endpoint_id)

    async def enable(self, organisation_id: UUID, endpoint_id: UUID) -> Endpoint:
        endpoint = await self.endpoint(organisation_id, endpoint_id)
        enabled = replace(endpoint, disabled_at=None, disabled_reason="")
        await self._repo.set_enabled(enabled)
        return enabled

    async def disable(self, organisation_id: UUID, endpoint_id: UUID) -> Endpoint:
        """Turned off by its organisation: messages to it fail without an attempt until it is
        turned on again (then redelivered from the log if wanted)."""
        endpoint = await self.endpoint(organisation_id, endpoint_id)
        if not endpoint.enabled:
            return endpoint
        disabled = endpoint.disabled(self._now(), DISABLED_BY_ORGANISATION)
        await self._repo.set_enabled(disabled)
        return disabled

    async def rotate_secret(self, organisation_id: UUID, endpoint_id: UUID) -> Endpoint:
        """A new signing secret, to show once; the old one keeps signing beside it for the
        overlap (`LAKOU_WEBHOOKS_SECRET_OVERLAP_HOURS`), time for the receiver to switch."""
        endpoint = await self.endpoint(organisation_id, endpoint_id)
        rotated = endpoint.rotated(new_secret(), self._now(), self._secret_overlap)
        await self._repo.set_secrets(rotated)
        return rotated

    async def deliveries(
        self, organisation_id: UUID, endpoint_id: UUID, before: UUID | None, limit: int
    ) -> list[tuple[Delivery, list[Attempt]]]:
        await self.endpoint(organisation_id, endpoint_id)
        found = await self._repo.deliveries(endpoint_id, before, limit)
        attempts = await self._repo.attempts([d.id for d in found])
        return [(delivery, attempts.get(delivery.id, [])) for delivery in found]

    async def redeliver(
        self, organisation_id: UUID, endpoint_id: UUID, delivery_id: UUID
    ) -> Delivery:
        """Send a delivered or failed message again now, with the same `webhook-id`."""
        endpoint = await self.endpoint(organisation_id, endpoint_id)
        delivery = await self._repo.delivery(delivery_id)
        if delivery is None or delivery.endpoint_id != endpoint.id:
            raise NotFound(WebhookError.DELIVERY_NOT_FOUND)
        if not endpoint.enabled:
            raise Conflict(WebhookError.ENDPOINT_DISABLED)
        if delivery.state is DeliveryState.PENDING:
            raise Conflict(WebhookError.DELIVERY_PENDING)
        await self._repo.requeue(delivery.id, self._now())
        await self.attempt(delivery.id, manual=True)
        updated = await self._repo.delivery(delivery.id)
        assert updated is not None
        return updated

    async def _checked_url(self, raw: str) -> str:
        url = raw.strip()
        parts = urlsplit(url) if len(url) <= MAX_URL_LENGTH else None
        schemes = ("https", "http") if self._plain_http else ("https",)
        if (
            parts is None
            or parts.scheme not in schemes
            or not parts.hostname
            or parts.username is not None
            or parts.password is not None
        ):
            raise InvalidInput(WebhookError.INVALID_URL, max=MAX_URL_LENGTH)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            await self.sender.check_target(parts.hostname, port)
        except ValueError:
            raise InvalidInput(WebhookError.INVALID_URL, max=MAX_URL_LENGTH) from None
        except ForbiddenTarget as refused:
            raise InvalidInput(WebhookError.TARGET_FORBIDDEN, reason=str(refused)) from None
        return url

    # Fan-out (an outbox consumer) ----------------------------------------------------------

    async def fan_out(self, event: EventEnvelope) -> None:
        if event.type not in EVENT_FIELDS:
            return
        work_id = event.payload.get("work_id")
        # A work published as private or unlisted is nobody's news.
        if event.type == "work.published" and not await self._public_work(UUID(str(work_id))):
            return
        # Written with the other events of the moment (`fan_out.py`): the handled mark and the
        # deliveries commit together, several events in one transaction.
        fan_out = FanOut(event)
        await self._fan_outs.add([fan_out])
        if fan_out.failed is not None:
            raise fan_out.failed
        # The rows were just written: the first attempt uses them as they are, without reading
        # them back, and records itself with the other attempts of the moment (`batching.py`).
        sent = await self._send_all(fan_out.made)
        await self._recorder.add(sent)

    # Attempts ------------------------------------------------------------------------------

    async def deliver_due(self, limit: int = 100) -> int:
        """The job: up to `limit` due deliveries claimed in one statement, sent at once (at
        most `SENDS_AT_ONCE` together) and recorded in one transaction; how many were tried."""
        now = self._now()
        claimed = await self._repo.claim_due(now, self._lease(now), limit)
        endpoints = await self._repo.endpoints_by_id({d.endpoint_id for d in claimed})
        sent = await self._send_all(
            [(d, endpoints[d.endpoint_id]) for d in claimed if d.endpoint_id in endpoints]
        )
        await self._recorder.add(sent)
        return len(sent)

    def _lease(self, now: datetime) -> datetime:
        return now + self._lease_length

    async def attempt(self, delivery_id: UUID, *, manual: bool = False) -> int:
        """One attempt at a due delivery (1), or nothing when another sender has it (0).

        A manual redelivery is one attempt: if it fails the delivery stays failed, without a
        new retry schedule and without counting towards turning the endpoint off."""
        delivery = await self._repo.delivery(delivery_id)
        if delivery is None:
            return 0
        now = self._now()
        if not await self._repo.claim(delivery, now, self._lease(now)):
            return 0
        endpoint = await self._repo.endpoint(delivery.endpoint_id)
        if endpoint is None:
            return 0
        await self._record([await self._send(delivery, endpoint, manual)])
        return 1

    async def _send_all(self, claimed: list[tuple[Delivery, Endpoint]]) -> list[Sent]:
        if len(claimed) == 1:  # the usual fan-out: one endpoint, no task to make
            return [await self._send(*claimed[0], False)]
        gate = asyncio.Semaphore(SENDS_AT_ONCE)

        async def one(delivery: Delivery, endpoint: Endpoint) -> Sent:
            async with gate:
                return await self._send(delivery, endpoint, False)

        return list(await asyncio.gather(*(one(d, e) for d, e in claimed)))

    async def _send(self, delivery: Delivery, endpoint: Endpoint, manual: bool) -> Sent:
        """The POST of one claimed delivery; nothing written yet."""
        now = self._now()
        timestamp = int(now.timestamp())
        signing = endpoint.signing_secrets(now)
        sent = headers(signing, message_id(delivery.id), timestamp, delivery.body)
        if endpoint.enabled:
            answer = await self.sender.post(endpoint.url, sent, delivery.body)
            attempt = Attempt(
                new_id(), now, sent, answer.status, answer.response, answer.error,
                answer.duration_ms,
            )  # fmt: skip
            delivered = answer.delivered
        else:
            attempt = Attempt(new_id(), now, sent, None, "", "endpoint disabled", 0)
            delivered = False
        return Sent(delivery, endpoint, attempt, delivered, manual, self._now())

    async def _record(self, batch: list[Sent]) -> None:
        """The attempts, their deliveries' new states and the endpoints' last success: one
        commit for the whole batch. Successes (the usual case) are two statements whatever
        the batch's size; each failure is written on its own, with its retry or its end."""
        delivered = [sent for sent in batch if sent.delivered]
        disabled: set[UUID] = set()
        async with self._uow():
            await self._repo.add_attempts([(sent.delivery.id, sent.attempt) for sent in batch])
            if delivered:
                finished = max(sent.finished for sent in delivered)
                await self._repo.mark_delivered([sent.delivery.id for sent in delivered], finished)
                # At most once a minute per endpoint (as API keys' last use): it only tells
                # whether a failing delivery saw a success after it began, three days on.
                stale = {
                    sent.endpoint.id
                    for sent in delivered
                    if sent.endpoint.last_success_at is None
                    or sent.endpoint.last_success_at < finished - SUCCESS_PRECISION
                }
                await self._repo.mark_success(stale, finished)
            for sent in batch:
                if sent.delivered:
                    continue
                delivery, endpoint, finished = sent.delivery, sent.endpoint, sent.finished
                attempts = delivery.attempts + 1
                retry_at = (
                    next_attempt(attempts, finished)
                    if endpoint.enabled and not sent.manual
                    else None
                )
                if retry_at is not None:
                    await self._repo.finish_attempt(
                        delivery.id, attempts, DeliveryState.PENDING, retry_at, None
                    )
                    continue
                await self._repo.finish_attempt(
                    delivery.id, attempts, DeliveryState.FAILED, None, finished
                )
                if (
                    not sent.manual
                    and endpoint.enabled
                    and endpoint.id not in disabled
                    and endpoint.should_disable(delivery.created_at)
                ):
                    disabled.add(endpoint.id)
                    await self._disable(endpoint, finished)

    async def _disable(self, endpoint: Endpoint, now: datetime) -> None:
        """Inside the attempt's transaction: turned off and told together, or neither."""
        reason = "every delivery failed for three days"
        await self._repo.set_enabled(endpoint.disabled(now, reason))
        name, managers = await self._managers(endpoint.organisation_id)
        for user_id in managers:
            await self._notifier().notify(
                ENDPOINT_DISABLED,
                user_id,
                key=f"{endpoint.id}:{now.isoformat()}",
                params={"organisation": name, "url": endpoint.url},
            )
