"""The partner API's marketplace routes (catalogue first), behind organisations' API keys."""

from __future__ import annotations

from infra.modules import ModuleSpec
from marketplace.partners.controllers import PartnerCatalogueController, PartnerMarketController

MODULE = ModuleSpec(
    name="partners",
    package="marketplace.partners",
    description=(
        "the partner API's catalogue, export and market routes, read with an organisation's API key"
    ),
    depends_on=("apikeys", "catalogue", "markets"),
    routes=(PartnerCatalogueController, PartnerMarketController),
)
