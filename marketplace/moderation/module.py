"""Moderation: people report works and creator profiles (later stands); staff decide from a
queue (dismiss, hide pending changes, take down), the owner is told why and may appeal once."""

from __future__ import annotations

from pathlib import Path

from infra.i18n.context import N_
from infra.modules import ModuleSpec, NavEntry
from marketplace.moderation import events, tables
from marketplace.moderation.controllers import ModerationController, StaffModerationController
from marketplace.moderation.labels import moderation_helpers
from marketplace.moderation.notifications import KINDS
from marketplace.moderation.pages import ModerationPages, StaffModerationPages

MODULE = ModuleSpec(
    name="moderation",
    package="marketplace.moderation",
    description=(
        "reports on works and creator profiles, the staff queue, decisions with their reasons "
        "and the owner's one appeal"
    ),
    depends_on=("catalogue",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(ModerationController, StaffModerationController, ModerationPages, StaffModerationPages),
    templates=Path(__file__).parent / "templates",
    publishes=events.PUBLISHED,
    notifications=KINDS,
    template_globals=moderation_helpers,
    nav=(NavEntry(N_("Modération"), "/staff/moderation", order=87, audience="staff"),),
)
