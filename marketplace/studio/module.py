"""The creator studio: works, uploads, offers, split sheets, plays and sales."""

from __future__ import annotations

from pathlib import Path

from infra.i18n.context import N_
from infra.modules import ModuleSpec, NavEntry
from marketplace.studio.pages import StudioPages
from marketplace.studio.stats import StudioStatsController

MODULE = ModuleSpec(
    name="studio",
    package="marketplace.studio",
    description="the creator studio pages and the plays and sales summary",
    depends_on=("catalogue", "media", "offers", "revenue"),
    routes=(StudioPages, StudioStatsController),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
    nav=(NavEntry(N_("Studio"), "/studio", order=20, audience="creator"),),
)
