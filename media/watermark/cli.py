"""The `lakou trace FILE` command."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import click

from infra.services import ServiceLookup
from media.watermark.holders import HolderNames
from media.watermark.tracing import TraceResult, TraceService, Untraceable


async def _trace(services: ServiceLookup, file: Path) -> tuple[TraceResult, str | None]:
    result = await services.get(TraceService).trace(file)
    holder = result.verdict.holder_ref
    if holder is None:
        return result, None
    try:
        names: HolderNames = services.get(HolderNames)  # type: ignore[type-abstract]
    except LookupError:  # no module names its holders: the reference alone
        return result, None
    return result, await names.describe(holder)


@click.command(
    help="Name the holder a leaked copy (film, recording, PDF, EPUB, copied text) was issued to."
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def trace(services: ServiceLookup, file: Path) -> None:
    started = time.perf_counter()
    try:
        result, issued_to = asyncio.run(_trace(services, file))
    except Untraceable as error:
        raise click.ClickException(f"no match: {error}") from None
    click.echo(f"{result.describe()} [{time.perf_counter() - started:.1f} s]")
    if issued_to:
        click.echo(f"issued to: {issued_to}")
