"""Payments: the gateway port, Stripe and the labelled test gateway, webhook intake."""

from __future__ import annotations

from infra.modules import ModuleSpec
from marketplace.payments import events, tables
from marketplace.payments.controllers import WebhookController
from marketplace.payments.dev import tables as dev_tables

MODULE = ModuleSpec(
    name="payments",
    package="marketplace.payments",
    description="payment gateways (Stripe, the test gateway), webhooks and reconciliation",
    tables=(*tables.TABLES, *dev_tables.TABLES),
    migrations=(*tables.MIGRATIONS, *dev_tables.MIGRATIONS),
    routes=(WebhookController,),
    publishes=events.PUBLISHED,
)
