"""The creator studio: works, uploads, offers, split sheets, plays and sales."""

from __future__ import annotations

from pathlib import Path

from infra.i18n.context import N_
from infra.modules import ModuleSpec, NavEntry
from marketplace.studio.analytics import StudioAnalyticsController
from marketplace.studio.analytics_pages import StudioAnalyticsPages
from marketplace.studio.pages import StudioPages
from marketplace.studio.stats import StudioStatsController

MODULE = ModuleSpec(
    name="studio",
    package="marketplace.studio",
    description="the creator studio pages, the plays and sales summary, and the analytics",
    depends_on=("catalogue", "media", "offers", "revenue", "indicators"),
    routes=(StudioPages, StudioStatsController, StudioAnalyticsPages, StudioAnalyticsController),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
    nav=(NavEntry(N_("Studio"), "/studio", order=20, audience="creator"),),
)
