"""Moderation: people report works and creator profiles (later stands); staff decide from a
queue (dismiss, hide pending changes, take down), the owner is told why and may appeal once."""

from __future__ import annotations

from pathlib import Path

from infra.modules import ModuleSpec
from marketplace.moderation import events, tables
from marketplace.moderation.controllers import ModerationController, StaffModerationController
from marketplace.moderation.notifications import KINDS

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
    routes=(ModerationController, StaffModerationController),
    templates=Path(__file__).parent / "templates",
    publishes=events.PUBLISHED,
    notifications=KINDS,
)
