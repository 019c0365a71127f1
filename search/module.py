"""Catalogue search: the index follows the works, the query service answers everyone."""

from __future__ import annotations

from pathlib import Path

from infra.i18n.context import N_
from infra.modules import Consumer, ModuleSpec, NavEntry
from infra.services import Services
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.partners.saved_searches.ports import SearchMatcher
from search.commands import reindex
from search.controllers import SearchController
from search.pages import SearchPages
from search.saved_matching import DocumentMatcher
from search.service import INDEXED_EVENTS, IndexingService
from search.source import CatalogueSource


def wire(services: Services) -> None:
    # The partners' saved searches match new works as search would find them.
    matcher = DocumentMatcher(CatalogueSource(PiccoloCatalogueRepository()))
    services.register(matcher, as_type=SearchMatcher)


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
    wire=wire,
)
