"""`lakou indicators rebuild`: the fold over the outbox's history, compared with the live tables."""

from __future__ import annotations

import asyncio
import time

import click

from infra.services import ServiceLookup
from marketplace.indicators.service import IndicatorLedger, Rebuilt


@click.group(help="The territory's indicators (docs/indicators.md).")
def indicators() -> None:
    pass


@indicators.command(
    name="rebuild",
    help="Fold the event log into fresh tables and compare them with the live ones.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Then make the rebuilt figures the live ones (events arriving meanwhile are kept).",
)
@click.pass_obj
def rebuild_command(services: ServiceLookup, replace: bool) -> None:
    if replace:
        started = time.perf_counter()
        late = asyncio.run(services.get(IndicatorLedger).replace_live())
        click.echo(
            f"the live tables now hold the log's fold ({late} event(s) handled meanwhile folded "
            f"in), in {time.perf_counter() - started:.1f} s"
        )
        return
    started = time.perf_counter()
    result: Rebuilt = asyncio.run(services.get(IndicatorLedger).rebuild())
    elapsed = time.perf_counter() - started
    click.echo(
        f"{result.events} event(s) folded into {result.facts} fact(s) and "
        f"{result.orders} order(s), {result.cells} cell(s), in {elapsed:.1f} s ("
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
        + ")"
    )
    for difference in result.differences[:20]:
        click.echo(f"differs: {difference}")
    if result.difference_count:
        raise click.ClickException(
            f"{result.difference_count} difference(s) between the live and rebuilt tables"
        )
    click.echo("the live tables equal the rebuilt ones")
