"""The shelf extension's spec: the same shape as a core module's."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from infra.i18n.context import N_
from infra.modules import Consumer, Job, ModuleSpec, NavEntry
from infra.services import ServiceLookup, Services
from lakou_shelf import tables
from lakou_shelf.passes import ShelfPasses
from lakou_shelf.service import ShelfService, ShelfSettings
from lakou_shelf.web import PassController, ShelfController, ShelfPage
from marketplace.catalogue.events import WORK_PUBLISHED
from marketplace.orders.sellable import Sellables


def wire(services: Services) -> None:
    services.register(ShelfService(services.get(ShelfSettings)))
    passes = ShelfPasses()
    services.register(passes)
    # Sold through the orders module's port: nothing in orders knows about passes.
    services.get(Sellables).add(passes)


async def forget_old(shelf: ShelfService) -> int:
    return await shelf.forget_old()


@click.command("shelf-stats", help="How many works are pinned on shelves.")
@click.pass_obj
def shelf_stats(services: ServiceLookup) -> None:
    click.echo(f"{asyncio.run(services.get(ShelfService).count())} pin(s)")


MODULE = ModuleSpec(
    name="shelf",
    package="lakou_shelf",
    description="pinned works (the test suite's extension)",
    depends_on=("accounts", "catalogue"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(ShelfController, PassController, ShelfPage),
    templates=Path(__file__).parent / "templates",
    consumers=(
        Consumer(
            actor="shelf.note_published",
            events=(WORK_PUBLISHED,),
            service=ShelfService,
            handle=ShelfService.note_published,
        ),
    ),
    jobs=(Job("shelf feed retention", 3600.0, ShelfService, forget_old),),
    commands=(shelf_stats,),
    # No catalogue: the label shows in French whatever the visitor's language.
    nav=(NavEntry(N_("Étagère"), "/etagere", order=50),),
    settings=ShelfSettings.read,
    wire=wire,
    extension=True,
)

# Depends on another extension: enabling it alone is a start-up error naming `shelf`.
DIGEST = ModuleSpec(
    name="shelf-digest",
    package="lakou_shelf",
    description="depends on the shelf extension",
    depends_on=("shelf",),
    extension=True,
)
