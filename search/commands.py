"""`lakou reindex`: rebuild the search index from the database with a progress bar."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import click

from infra.services import ServiceLookup
from search.service import IndexingService


def reindex_with_progress(indexing: IndexingService) -> str:
    """Run the rebuild; searches keep using the old index until the new one is swapped in."""
    started = time.perf_counter()
    bar: Any = None
    shown = 0

    def progress(done: int, total: int) -> None:
        nonlocal bar, shown
        if bar is None:
            bar = click.progressbar(length=total, label="indexing works", show_pos=True)
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        count = asyncio.run(indexing.reindex(progress))
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    return f"indexed {count} work(s) in {time.perf_counter() - started:.1f} s"


@click.command(help="Rebuild the search index from the database, then swap it in (no downtime).")
@click.pass_obj
def reindex(services: ServiceLookup) -> None:
    click.echo(reindex_with_progress(services.get(IndexingService)))
