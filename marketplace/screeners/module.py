"""Screeners: rights holders show unreleased works to invited professionals, with a visible
overlay, per-viewer links, settings (window, views, password, countries, renditions, sessions)
and viewing reports. The marked copies come from media through the `MarkedStreams` port."""

from __future__ import annotations

from pathlib import Path

from infra.i18n.context import N_
from infra.modules import Consumer, ModuleSpec, NavEntry
from marketplace.screeners import events, tables
from marketplace.screeners.audiences import JOINING, LiveAudiences
from marketplace.screeners.controllers import ScreenerController, ScreenerMediaController
from marketplace.screeners.maker_pages import ScreenerMakerPages
from marketplace.screeners.notifications import KINDS
from marketplace.screeners.pages import ScreenerPages
from marketplace.screeners.personal_data import PERSONAL_DATA

MODULE = ModuleSpec(
    name="screeners",
    package="marketplace.screeners",
    description=(
        "screeners of unreleased works for invited professionals: invitations, per-viewer "
        "links and overlay, view caps, countries, sessions, viewing reports"
    ),
    depends_on=("catalogue", "media", "markets", "organisations", "notifications"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(ScreenerController, ScreenerMediaController, ScreenerPages, ScreenerMakerPages),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
    publishes=events.PUBLISHED,
    consumers=(
        # Audiences stay live: who joins an organisation or a market's accredited later.
        Consumer(
            actor="screeners.invite_joined",
            events=JOINING,
            service=LiveAudiences,
            handle=LiveAudiences.on_joined,
        ),
    ),
    notifications=KINDS,
    personal_data=PERSONAL_DATA,
    nav=(NavEntry(N_("Screeners"), "/screeners", order=42, audience="signed_in"),),
)
