"""Embeds: a public work's player, a creator's catalogue or a market's selection, framed by
other sites (`/embed/...`), with oEmbed discovery (`/oembed`)."""

from __future__ import annotations

from pathlib import Path

from infra.modules import ModuleSpec
from infra.services import Services
from marketplace.catalogue.service import CatalogueService
from marketplace.embeds.discovery import template_globals
from marketplace.embeds.pages import EmbedPages, OEmbedController
from marketplace.embeds.service import EmbedService
from marketplace.embeds.settings import EmbedSettings
from marketplace.markets.service import MarketService
from marketplace.markets.stands import StandService
from media.access.playback import PlaybackService


def wire(services: Services) -> None:
    services.register(
        EmbedService(
            services.get(CatalogueService),
            services.get(PlaybackService),
            services.get(MarketService),
            services.get(StandService),
        )
    )


MODULE = ModuleSpec(
    name="embeds",
    package="marketplace.embeds",
    description="embeddable players for public works and selections, and oEmbed discovery",
    depends_on=("catalogue", "media", "markets"),
    routes=(EmbedPages, OEmbedController),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
    settings=EmbedSettings.read,
    wire=wire,
    template_globals=template_globals,
)
