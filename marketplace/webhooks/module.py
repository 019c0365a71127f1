"""Outgoing webhooks of the partner API: endpoints, signed deliveries, retries, the log."""

from __future__ import annotations

from pathlib import Path

from infra.modules import QUICK, Consumer, Job, ModuleSpec
from marketplace.catalogue.events import WORK_PUBLISHED, WORK_WITHDRAWN
from marketplace.markets.events import MARKET_CLOSED, MARKET_OPENED
from marketplace.partners.saved_searches.events import SAVED_SEARCH_MATCHED
from marketplace.webhooks import tables
from marketplace.webhooks.controllers import PartnerWebhookController
from marketplace.webhooks.fan_out import CONSUMER
from marketplace.webhooks.notifications import KINDS
from marketplace.webhooks.pages import WebhookPages
from marketplace.webhooks.service import WebhookService
from marketplace.webhooks.wiring import WebhookSettings


async def deliver_due(service: WebhookService) -> int:
    return await service.deliver_due()


MODULE = ModuleSpec(
    name="webhooks",
    package="marketplace.webhooks",
    description=(
        "outgoing webhooks in the Standard Webhooks format: subscriptions, signed deliveries "
        "retried for three days, the delivery log, redelivery, SSRF-checked targets"
    ),
    depends_on=("apikeys", "catalogue", "markets", "notifications", "partners"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(PartnerWebhookController, WebhookPages),
    templates=Path(__file__).parent / "templates",
    consumers=(
        Consumer(
            actor=CONSUMER,
            events=(
                WORK_PUBLISHED,
                WORK_WITHDRAWN,
                MARKET_OPENED,
                MARKET_CLOSED,
                SAVED_SEARCH_MATCHED,
            ),
            service=WebhookService,
            handle=WebhookService.fan_out,
            retry=QUICK,
        ),
    ),
    jobs=(Job(name="webhooks.deliver", every_s=2, service=WebhookService, run=deliver_due),),
    notifications=KINDS,
    settings=WebhookSettings.read,
)
