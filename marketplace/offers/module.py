"""Offers and discount codes: what a work or a bundle costs, and on what terms."""

from __future__ import annotations

from infra.modules import ModuleSpec
from marketplace.offers import events, tables
from marketplace.offers.controllers import (
    DiscountCodeController,
    OfferController,
    WorkOfferController,
)
from marketplace.offers.personal_data import PERSONAL_DATA

MODULE = ModuleSpec(
    name="offers",
    package="marketplace.offers",
    # Pricing's errors (discount codes, countries) are raised by offers (a code's format) and
    # by orders' checkout; orders depends on offers, so they are kept here, always enabled.
    also_translates=("marketplace.pricing",),
    description="prices of works and bundles (fixed, pay what you want, free), discount codes",
    depends_on=("catalogue",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(WorkOfferController, OfferController, DiscountCodeController),
    publishes=events.PUBLISHED,
    personal_data=PERSONAL_DATA,
)
