"""Catalogue search: the index follows the works, the query service answers everyone."""

from __future__ import annotations

from pathlib import Path

from infra.i18n.context import N_
from infra.modules import Consumer, ModuleSpec, NavEntry
from search.commands import reindex
from search.controllers import SearchController
from search.pages import SearchPages
from search.service import INDEXED_EVENTS, IndexingService

MODULE = ModuleSpec(
    name="search",
    package="search",
    description="the search index (tantivy or Meilisearch) and the query service",
    depends_on=("catalogue", "offers", "licensing"),
    routes=(SearchController, SearchPages),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
    consumers=(
        Consumer(
            actor="search.index_work",
            events=INDEXED_EVENTS,
            service=IndexingService,
            handle=IndexingService.handle,
        ),
    ),
    commands=(reindex,),
    nav=(NavEntry(N_("Explorer"), "/recherche", order=10),),
)
