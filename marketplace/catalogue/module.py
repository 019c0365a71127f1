"""The catalogue: creator profiles and works, following their main media."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from infra.modules import Consumer, ModuleSpec
from marketplace.catalogue import events, tables
from marketplace.catalogue.controllers import CreatorController, WorkController
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS
from marketplace.catalogue.media_events import MEDIA_EVENTS, MediaFollower
from marketplace.catalogue.pages import CataloguePages


def discipline_helpers(lang: str) -> Mapping[str, Any]:
    """`discipline_label(code)` and the list of `disciplines` for every page template."""
    labels = {
        discipline.value: french if lang == "fr" else english
        for discipline, (french, english) in DISCIPLINE_LABELS.items()
    }
    return {
        "discipline_label": lambda code: labels.get(code, code),
        "disciplines": list(labels.items()),
    }


MODULE = ModuleSpec(
    name="catalogue",
    package="marketplace.catalogue",
    description="creator profiles and works (titles, credits, identifiers, visibility)",
    depends_on=("accounts",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(CreatorController, WorkController, CataloguePages),
    templates=Path(__file__).parent / "templates",
    publishes=events.PUBLISHED,
    consumers=(
        Consumer(
            actor="catalogue.follow_media",
            events=MEDIA_EVENTS,
            service=MediaFollower,
            handle=MediaFollower.handle,
        ),
    ),
    template_globals=discipline_helpers,
)
