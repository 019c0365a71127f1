"""The `lakou trace FILE` command."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import click

from infra.services import ServiceLookup
from media.watermark.tracing import TraceService, Untraceable


@click.command(
    help="Name the holder a leaked copy (film, recording, PDF, EPUB, copied text) was issued to."
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def trace(services: ServiceLookup, file: Path) -> None:
    started = time.perf_counter()
    try:
        result = asyncio.run(services.get(TraceService).trace(file))
    except Untraceable as error:
        raise click.ClickException(f"no match: {error}") from None
    click.echo(f"{result.describe()} [{time.perf_counter() - started:.1f} s]")
