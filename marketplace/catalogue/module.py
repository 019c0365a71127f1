"""The catalogue: creator profiles and works, following their main media."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from infra.i18n.context import gettext
from infra.modules import Consumer, ModuleSpec
from marketplace.catalogue import events, tables
from marketplace.catalogue.controllers import CreatorController, WorkController
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS
from marketplace.catalogue.labels import label_helpers
from marketplace.catalogue.media_events import MEDIA_EVENTS, MediaFollower
from marketplace.catalogue.pages import CataloguePages
from marketplace.catalogue.personal_data import PERSONAL_DATA


def discipline_helpers(lang: str) -> Mapping[str, Any]:
    """`discipline_label(code)` and the list of `disciplines` (code, label) for every page
    template, in the interface language (`lang`, the one active for the request)."""
    labels = {discipline.value: gettext(label) for discipline, label in DISCIPLINE_LABELS.items()}
    return {
        "discipline_label": lambda code: labels.get(code, code),
        "disciplines": list(labels.items()),
    }


def catalogue_helpers(lang: str) -> Mapping[str, Any]:
    """The disciplines, and the labels of work statuses, visibilities, credit roles and
    creator kinds (see `labels.py`)."""
    return {**discipline_helpers(lang), **label_helpers()}


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
    template_globals=catalogue_helpers,
    personal_data=PERSONAL_DATA,
)
